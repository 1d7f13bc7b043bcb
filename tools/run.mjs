// Opens a browser with the built extension in a fresh profile, on a page that
// fails: to see NetWhy before installing it. The profile is thrown away after.
// Usage (after ./build.sh): node tools/run.mjs [chromium|chrome|firefox] [--headless] [-- BROWSER ARGS…]
// (./build.sh run [chrome|firefox] builds first.)
//
// The failing page is opened only once NetWhy listens: a page opened with the
// browser itself would fail before the extension is up, and get the
// browser's own error page (measured in both). Chromium is started through
// playwright-core, which waits for the background's listeners (Google Chrome's
// own builds ignore --load-extension since version 137, so this wants
// Chromium); Firefox through `web-ext run`, which installs the extension as a
// temporary add-on, and first shows a local page that moves on when it is in.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import webExt from "web-ext";
import { listenersRegistered } from "../tests/e2e/browsers.mjs";

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

function fail(message) {
  console.error(`run: ${message}`);
  process.exit(1);
}

/** A port on 127.0.0.1 where nothing listens: bound, then released. */
function closedPort() {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Chromium with dist/chrome, on `url` once the background listens; resolves when it closes. */
async function runChromium(url, { headless, extra }) {
  const executablePath = process.env.CHROMIUM_PATH ?? which("chromium", "chromium-browser");
  if (!executablePath) fail("Chromium is not installed (Debian: apt-get install chromium); set CHROMIUM_PATH to use another");
  const extension = join(root, "dist/chrome");
  const profile = await mkdtemp(join(tmpdir(), "netwhy-run-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: false,
      // A window as the user sizes it, without the "controlled by automated
      // test software" bar.
      viewport: null,
      ignoreDefaultArgs: ["--enable-automation"],
      args: [
        `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
        // Chromium refuses to start as root with its sandbox (containers, CI).
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        ...(headless ? ["--headless=new"] : []), ...extra,
      ],
    });
    const closed = new Promise((done) => context.once("close", done));
    const close = () => context.close().catch(() => {});
    process.once("SIGINT", close);
    process.once("SIGTERM", close);
    const ours = (worker) => worker.url().endsWith("/background.js");
    const worker = context.serviceWorkers().find(ours)
      ?? (await context.waitForEvent("serviceworker", { predicate: ours, timeout: 30_000 }));
    await listenersRegistered(worker);
    const page = context.pages()[0] ?? (await context.newPage());
    // A failing load rejects; what shows is NetWhy's page.
    await page.goto(url, { waitUntil: "commit" }).catch(() => {});
    await closed;
  } finally {
    await rm(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Firefox with dist/firefox (web-ext makes and removes the profile); resolves when it closes. */
async function runFirefox(url, { headless, extra }) {
  const firefox = process.env.FIREFOX_PATH ?? which("firefox", "firefox-esr");
  if (!firefox) fail("Firefox is not installed (Debian: apt-get install firefox-esr); set FIREFOX_PATH to use another");
  // The first page waits here until the add-on is in, then goes to `url`.
  let installed;
  const ready = new Promise((done) => (installed = done));
  const waiting = createHttpServer(async (request, response) => {
    if (request.url === "/ready") {
      await ready;
      response.writeHead(204).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><meta charset="utf-8"><title>NetWhy</title>
      <p>Installing NetWhy, then opening ${url}…</p>
      <script>fetch("/ready").then(() => location.replace(${JSON.stringify(url)}));</script>`);
  });
  await new Promise((done) => waiting.listen(0, "127.0.0.1", done));
  try {
    const runner = await webExt.cmd.run({
      sourceDir: join(root, "dist/firefox"), firefox, target: ["firefox-desktop"], noInput: true,
      startUrl: [`http://127.0.0.1:${waiting.address().port}/`],
      args: [...(headless ? ["-headless"] : []), ...extra],
    }, { shouldExitProgram: false });
    const closed = new Promise((done) => runner.registerCleanup(done));
    const exit = () => runner.exit().catch(() => {});
    process.once("SIGINT", exit);
    process.once("SIGTERM", exit);
    installed();
    await closed;
  } finally {
    waiting.closeAllConnections();
    waiting.close();
  }
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
  fail("no display ($DISPLAY or $WAYLAND_DISPLAY) to open a browser on; add --headless to try it without one");
}

const port = await closedPort();
const url = `http://127.0.0.1:${port}/`;
console.log(`Opening ${browser} with NetWhy in a fresh profile on ${url}, where nothing listens.`);
console.log(`Start a server there (e.g. python3 -m http.server ${port} --bind 127.0.0.1) and the tab comes back.`);
console.log("Close the browser to end.");
await (browser === "chromium" ? runChromium : runFirefox)(url, { headless, extra });
process.exit(0);
