// A public-looking test host for the end-to-end suite: a network namespace
// this test creates, joined to this machine by a veth pair, with the host at
// 198.51.100.2 (TEST-NET-2, RFC 5737: documentation addresses no real server
// has). Traffic to it never leaves this machine; nothing here sends any to
// another address. Creating a namespace needs root: `publicHost` returns the
// reason it cannot instead, for the test to skip with.
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const PREFIX = "netwhy-";
/** The test host's address and this machine's end of the link. */
export const HOST_ADDRESS = "198.51.100.2";
const OUR_ADDRESS = "198.51.100.1";

async function ip(...args) {
  return (await run("ip", args)).stdout;
}

/** Namespaces a run that died left behind (their creator is gone). */
async function removeStale() {
  const names = (await ip("netns", "list")).split("\n").map((line) => line.split(" ")[0]);
  for (const name of names.filter((name) => name.startsWith(PREFIX))) {
    const pid = Number(name.slice(PREFIX.length));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      // its creator is gone
    }
    if (!alive) await ip("netns", "del", name).catch(() => {});
  }
}

/**
 * Creates the namespace and its link: an object with `address`, `serve()`
 * (starts a small site on port 80 there; resolves once it listens),
 * `stop()` (stops it, so connections are refused) and `close()`; or a
 * string saying why it cannot (not root, no `ip`).
 */
export async function publicHost() {
  if (process.getuid?.() !== 0) return "creating a network namespace needs root";
  try {
    await run("ip", ["-V"]);
  } catch {
    return "the `ip` tool (iproute2) is not installed";
  }
  await removeStale();
  const ns = `${PREFIX}${process.pid}`;
  // Interface names are at most 15 bytes.
  const outside = `nwo${process.pid % 1e6}`;
  const inside = `nwi${process.pid % 1e6}`;
  try {
    await ip("netns", "add", ns);
    await ip("link", "add", outside, "type", "veth", "peer", "name", inside, "netns", ns);
    await ip("addr", "add", `${OUR_ADDRESS}/24`, "dev", outside);
    await ip("link", "set", outside, "up");
    await ip("-n", ns, "addr", "add", `${HOST_ADDRESS}/24`, "dev", inside);
    await ip("-n", ns, "link", "set", inside, "up");
    await ip("-n", ns, "link", "set", "lo", "up");
  } catch (problem) {
    await ip("netns", "del", ns).catch(() => {});
    return `could not create a network namespace: ${problem.message}`;
  }
  let server = null;
  return {
    address: HOST_ADDRESS,
    async serve() {
      if (server) return;
      server = startSite(ns);
      await server.listening;
    },
    async stop() {
      if (!server) return;
      const stopped = server;
      server = null;
      stopped.child.kill();
      await stopped.exited;
    },
    async close() {
      await this.stop();
      // Deleting the namespace deletes its end of the link, and so ours.
      await ip("netns", "del", ns).catch(() => {});
    },
  };
}

// The site, run by Node inside the namespace; it says "listening" on stdout.
const SITE = `
import { createServer } from "node:http";
createServer((request, response) => {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end('<!doctype html><title>served</title><p id="marker">served page</p>');
}).listen(80, "${HOST_ADDRESS}", () => console.log("listening"));
`;

function startSite(ns) {
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, "--input-type=module", "-e", SITE], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((done) => child.once("exit", done));
  const listening = new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => String(chunk).includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`the test site exited (${code}) before it listened`)));
  });
  return { child, exited, listening };
}
