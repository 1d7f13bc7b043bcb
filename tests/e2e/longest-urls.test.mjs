// Issue 13: a site can fail with the longest URL a browser accepts, again
// and again; session storage (10 MiB in both browsers) must stay usable for
// the next failure, and the page says such an address is too long to load
// again rather than keep it whole.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browsers.mjs";
import { closedPort } from "./servers.mjs";
import { message, openFailing } from "./page.mjs";

// Each browser's longest URL: Chromium's url::kMaxURLChars; Firefox's
// network.standard-url.max-length, which nsStandardURL compares with its own
// estimate of the URL's length plus one: 64 bytes under it.
const MAX_URL = { chromium: 2 * 1024 * 1024, firefox: 1024 * 1024 - 64 };
// As many as would take more than all of session storage, kept whole.
const COUNT = { chromium: 6, firefox: 11 };

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: failures at the longest URL`, () => {
    let browser;
    before(async () => {
      browser = await launch(kind);
    });
    after(async () => {
      await browser?.close();
    });

    it("keeps storage usable after failures at the longest URL", async () => {
      const port = await closedPort();
      const prefix = `http://127.0.0.1:${port}/`;
      const tab = await browser.newTab();
      for (let i = 0; i < COUNT[kind]; i++) {
        const url = prefix + `${i}`.padEnd(MAX_URL[kind] - prefix.length, "x");
        const before = await tab.url();
        // geckodriver refuses a megabyte URL as invalid; the page's own script does not.
        if (kind === "firefox") await tab.evaluate((url) => location.assign(url), url);
        else await tab.navigate(url);
        await tab.waitForUrl((shown) => shown !== before && /-extension:\/\/[^/]+\/error\.html#/.test(shown));
        await tab.waitFor('html[data-ready="true"] [data-field="address-note"]');
      }
      assert.equal(await tab.text('[data-field="address-note"]'), message("page_address_too_long"));
      assert.deepEqual(await tab.attributes('[data-action="retry"]', "type"), [], "no Try again for a cut address");
      // The next failure is recorded and shown as ever.
      const next = `http://127.0.0.1:${await closedPort()}/next`;
      const last = await openFailing(browser, next);
      assert.equal(await last.text('[data-field="url"]'), next);
      const stored = await last.evaluate(() => (globalThis.browser ?? chrome).storage.session.get(null));
      const bytes = JSON.stringify(stored).length;
      assert.ok(bytes < 5 * 1024 * 1024, `${bytes} bytes in session storage`);
    });
  });
}
