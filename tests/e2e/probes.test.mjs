// Issue 11, where the development server went: after a refused load of this
// computer, the error page asks nearby loopback addresses, names the one
// that answers and opens the page there. Real servers on 127.0.0.1 and ::1;
// nothing else is asked.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browsers.mjs";
import { causes, causeTexts, message, openFailing, topCause } from "./page.mjs";
import { freePorts, hasIpv6Loopback, serve, site } from "./servers.mjs";

const ipv6 = await hasIpv6Loopback();

/** The addresses the page's panel offers to open, in its order. */
function offered(tab) {
  return tab.attributes('section.probes [data-address]', "data-address");
}

/** Waits until the panel has found a server, and checks the panel is a live region. */
async function found(tab) {
  await tab.waitFor('section.probes[data-probes="found"]');
  assert.deepEqual(await tab.attributes("section.probes", "aria-live"), ["polite"]);
  return offered(tab);
}

/**
 * Waits for the first round of probes to end; true when nothing answered.
 * Something of this machine's own on a usual development port (3000, 8080,
 * …) answers too: then the test cannot say "nothing", and is skipped.
 */
async function nothingElse(tab, t) {
  await tab.waitFor('section.probes[data-probes="none"], section.probes[data-probes="found"]');
  const taken = await offered(tab);
  if (taken.length > 0) t.skip(`something on this machine answers at ${taken.join(", ")}`);
  return taken.length === 0;
}

/** Clicks the panel's Open button for `address` and waits for `url` to load. */
async function openAt(tab, address, url) {
  await tab.click(`section.probes [data-address="${address}"] [data-action="open-alternative"]`);
  await tab.waitForUrl((current) => current === url);
  assert.equal(await tab.text("#marker"), "served page");
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: looking for the server elsewhere`, () => {
    let browser;
    const servers = [];
    before(async () => {
      browser = await launch(kind);
    });
    after(async () => {
      await Promise.all(servers.map((server) => server.close()));
      await browser?.close();
    });

    it("names the next port where the server moved, and opens the page there", async () => {
      const port = await freePorts(1);
      servers.push(await serve(site(), port + 1));
      const tab = await openFailing(browser, `http://127.0.0.1:${port}/some/path?q=1`);
      const addresses = await found(tab);
      assert.equal(addresses[0], `127.0.0.1:${port + 1}`, `offered: ${addresses}`);
      assert.equal(await topCause(tab), "server-on-another-port", `causes: ${(await causes(tab)).join(", ")}`);
      const { evidence } = await causeTexts(tab, "server-on-another-port");
      assert.ok(evidence.includes(message("evidence_answers_at", `127.0.0.1:${port + 1}`)), JSON.stringify(evidence));
      await openAt(tab, `127.0.0.1:${port + 1}`, `http://127.0.0.1:${port + 1}/some/path?q=1`);
    });

    it("says nothing answers when nothing does", async (t) => {
      const port = await freePorts(3);
      const tab = await openFailing(browser, `http://127.0.0.1:${port}/`);
      if (!(await nothingElse(tab, t))) return;
      // The other family, the next three ports and six usual ones on both.
      const asked = String(1 + 3 * 2 + 6 * 2);
      assert.equal(await tab.text("section.probes .probe-status"), message("probe_none", asked));
      const { evidence } = await causeTexts(tab, "local-server-down");
      assert.ok(evidence.includes(message("evidence_nothing_else_answers", asked)), JSON.stringify(evidence));
    });

    it("finds a server started on the next port at the next re-check", async (t) => {
      const port = await freePorts(1);
      const tab = await openFailing(browser, `http://127.0.0.1:${port}/`);
      if (!(await nothingElse(tab, t))) return;
      servers.push(await serve(site(), port + 1));
      const addresses = await found(tab);
      assert.equal(addresses[0], `127.0.0.1:${port + 1}`);
    });

    it("says the server answers on IPv6 only, and opens it there", { skip: !ipv6 && "this machine has no ::1" }, async () => {
      const port = await freePorts(0);
      servers.push(await serve(site(), port, "::1"));
      const tab = await openFailing(browser, `http://127.0.0.1:${port}/`);
      assert.deepEqual((await found(tab))[0], `[::1]:${port}`);
      assert.equal(await topCause(tab), "server-on-other-family", `causes: ${(await causes(tab)).join(", ")}`);
      const { evidence } = await causeTexts(tab, "server-on-other-family");
      assert.ok(evidence.includes(message("evidence_answers_on_ipv6", `[::1]:${port}`)), JSON.stringify(evidence));
      await openAt(tab, `[::1]:${port}`, `http://[::1]:${port}/`);
    });

    it("and the mirror: IPv4 only, asked at [::1]", { skip: !ipv6 && "this machine has no ::1" }, async () => {
      const port = await freePorts(0);
      servers.push(await serve(site(), port, "127.0.0.1"));
      const tab = await openFailing(browser, `http://[::1]:${port}/`);
      assert.deepEqual((await found(tab))[0], `127.0.0.1:${port}`);
      assert.equal(await topCause(tab), "server-on-other-family", `causes: ${(await causes(tab)).join(", ")}`);
      const { evidence } = await causeTexts(tab, "server-on-other-family");
      assert.ok(evidence.includes(message("evidence_answers_on_ipv4", `127.0.0.1:${port}`)), JSON.stringify(evidence));
      await openAt(tab, `127.0.0.1:${port}`, `http://127.0.0.1:${port}/`);
    });
  });
}
