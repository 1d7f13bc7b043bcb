// Opens a browser with the built extension in a fresh profile, on a page that
// fails: to see NetWhy before installing it. The profile is thrown away after.
// Usage (after ./build.sh): node tools/run.mjs [chromium|chrome|firefox] [--headless] [-- BROWSER ARGS…]
// (./build.sh run [chrome|firefox] builds first.)
//
// Chromium gets the extension by --load-extension (Google Chrome's own builds
// ignore that flag since version 137, so this wants Chromium); Firefox by
// `web-ext run`, which installs it as a temporary add-on.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

function which(...names) {
  for (const name of names) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  return null;
}

/** A port on 127.0.0.1 where nothing listens: bound, then released. */
function closedPort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Runs `command` with the terminal attached; resolves with its exit code. */
function run(command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.once("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
    // Ctrl-C reaches the browser too; wait for it to close its profile.
    process.on("SIGINT", () => {});
  });
}

const args = process.argv.slice(2);
const extra = args.includes("--") ? args.splice(args.indexOf("--")).slice(1) : [];
const headless = args.includes("--headless");
const browser = (args.find((arg) => !arg.startsWith("-")) ?? "chromium").replace(/^chrome$/, "chromium");
if (!["chromium", "firefox"].includes(browser)) {
  console.error("usage: ./build.sh run [chrome|firefox] [--headless] [-- BROWSER ARGS…]");
  process.exit(2);
}
if (!headless && process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error("run: no display ($DISPLAY or $WAYLAND_DISPLAY) to open a browser on; add --headless to try it without one");
  process.exit(1);
}

const port = await closedPort();
const url = `http://127.0.0.1:${port}/`;
console.log(`Opening ${browser} with NetWhy in a fresh profile on ${url}, where nothing listens.`);
console.log(`Start a server there (e.g. python3 -m http.server ${port} --bind 127.0.0.1) and the tab comes back.`);
console.log("Close the browser to end.");

let code;
if (browser === "chromium") {
  const binary = process.env.CHROMIUM_PATH ?? which("chromium", "chromium-browser");
  if (!binary) {
    console.error("run: Chromium is not installed (Debian: apt-get install chromium); set CHROMIUM_PATH to use another");
    process.exit(1);
  }
  const extension = join(root, "dist/chrome");
  const profile = mkdtempSync(join(tmpdir(), "netwhy-run-chromium-"));
  try {
    code = await run(binary, [
      `--user-data-dir=${profile}`, "--no-first-run", "--no-default-browser-check",
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
      // Chromium refuses to start as root with its sandbox (containers, CI).
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      ...(headless ? ["--headless=new"] : []), ...extra, url,
    ]);
  } finally {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
} else {
  const binary = process.env.FIREFOX_PATH ?? which("firefox", "firefox-esr");
  if (!binary) {
    console.error("run: Firefox is not installed (Debian: apt-get install firefox-esr); set FIREFOX_PATH to use another");
    process.exit(1);
  }
  // web-ext makes (and removes) a fresh profile, and reloads the add-on when dist/firefox changes.
  code = await run(join(root, "node_modules/.bin/web-ext"), [
    "run", "--source-dir", join(root, "dist/firefox"), "--firefox", binary, "--start-url", url,
    ...(headless ? ["--arg=-headless"] : []), ...extra.map((arg) => `--arg=${arg}`),
  ]);
}
process.exit(code);
