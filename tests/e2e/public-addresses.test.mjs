// Issue 12, the causes that need an address on the internet: a server there
// that resets every connection it accepted (blocked-by-network), one that
// answered slowly and now closes without answering (server-overloaded),
// both in both browsers. They run in a network namespace of their own, which
// this file creates and runs itself in (root only): its loopback also holds
// 203.0.113.5 (TEST-NET-3, documentation only), and a pair of virtual
// interfaces (198.51.100.2, both ends inside) stands for a network. Nothing
// in it can reach any other. A device on the local network with no route to
// it (device-unreachable) is left to the native tests (tests/causes_local.rs):
// staging it here would mean connecting to a private-range address, which
// the suite never targets, even inside its own namespace.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer as createHttpServer } from "node:http";
import { fileURLToPath } from "node:url";
import { launch } from "./browsers.mjs";
import { resetting, serve, site } from "./servers.mjs";
import { causes, openFailing, topCause } from "./page.mjs";

const PUBLIC = "203.0.113.5";
const SETUP = [
  "ip link set lo up",
  `ip addr add ${PUBLIC}/32 dev lo`,
  // Chromium counts itself offline with loopback alone (navigator.onLine):
  // a pair of virtual interfaces, both ends inside, makes the namespace look
  // like a machine on a network. No default route: nothing else is reachable.
  "ip link add netwhy0 type veth peer name netwhy1",
  "ip addr add 198.51.100.2/24 dev netwhy0",
  "ip link set netwhy1 up",
  "ip link set netwhy0 up",
].join(" && ");
const INSIDE = process.env.NETWHY_NETNS === "1";
// Slow enough to count as slow (5 s or more), once.
const SLOW_MS = 5_200;

if (!INSIDE) {
  it("runs its scenarios in a network namespace of its own", { timeout: 300_000 }, (t) => {
    if (process.getuid?.() !== 0) {
      t.skip("creating a network namespace needs root; the public-address scenarios did not run");
      return;
    }
    // A run of its own, reporting as TAP: not as a child of this test run.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = spawnSync("unshare", [
      "--net", "sh", "-c",
      `${SETUP} && exec "$0" --test --test-reporter=tap --test-concurrency=1 --test-timeout=120000 "$1"`,
      process.execPath, fileURLToPath(import.meta.url),
    ], { env: { ...env, NETWHY_NETNS: "1" }, encoding: "utf8", maxBuffer: 16 << 20 });
    if (run.error || /unshare: /.test(run.stderr)) {
      t.skip(`no network namespace here (${run.error?.message ?? run.stderr.trim()}); the public-address scenarios did not run`);
      return;
    }
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /# fail 0/);
    // Four scenarios: blocked-by-network and server-overloaded, in both browsers.
    assert.match(run.stdout, /# pass 4\n/, run.stdout);
    t.diagnostic(`inside: ${run.stdout.match(/^# (pass|skipped) \d+$/gm).map((line) => line.slice(2)).join(", ")}`);
  });
} else {
  /**
   * A site on `host` that answers its first request after SLOW_MS and then
   * closes every connection without a word: a struggling server.
   */
  async function slowThenSilent(host) {
    let answered = 0;
    const server = createHttpServer((request, response) => {
      if (answered++ > 0) return request.socket.destroy();
      setTimeout(() => site()(request, response), SLOW_MS);
    });
    await new Promise((resolve) => server.listen(0, host, resolve));
    return {
      port: server.address().port,
      close: () => new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
    };
  }

  for (const kind of ["chromium", "firefox"]) {
    describe(`${kind}: an address on the internet`, () => {
      let browser;
      let served;
      let reset;
      let slow;
      before(async () => {
        served = await serve(site());
        reset = await resetting(PUBLIC);
        slow = await slowThenSilent(PUBLIC);
        browser = await launch(kind);
        // The slow site loads once, in SLOW_MS.
        const tab = await browser.newTab();
        await tab.navigate(`http://${PUBLIC}:${slow.port}/`);
        await tab.waitFor("#marker");
      });
      after(async () => {
        await Promise.all([served?.close(), reset?.close(), slow?.close()]);
        await browser?.close();
      });

      it("blocked-by-network when it resets the connection it accepted while other sites load", async () => {
        const loaded = await browser.newTab();
        await loaded.navigate(`${served.url}/`);
        await loaded.waitFor("#marker");
        const tab = await openFailing(browser, `http://${PUBLIC}:${reset.port}/`);
        assert.equal(await topCause(tab), "blocked-by-network", `causes: ${(await causes(tab)).join(", ")}`);
        assert.ok((await causes(tab)).includes("server-down"), "the server stays a candidate");
      });

      it("server-overloaded when it answered slowly and now closes without answering", async () => {
        const tab = await openFailing(browser, `http://${PUBLIC}:${slow.port}/again`);
        assert.equal(await topCause(tab), "server-overloaded", `causes: ${(await causes(tab)).join(", ")}`);
      });

    });
  }
}
