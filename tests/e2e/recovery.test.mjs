// Getting back to the page: automatic re-checks bring a tab back once its
// server answers, Stop stops them, and reloading our page retries the address.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, ERROR_PAGE } from "./browsers.mjs";
import { openFailing } from "./page.mjs";
import { closedPort, serve, site } from "./servers.mjs";

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: recovery`, () => {
    let browser;
    before(async () => {
      browser = await launch(kind);
    });
    after(async () => {
      await browser?.close();
    });

    it("loads the address by itself once a server answers there", async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/`;
      const tab = await openFailing(browser, url);
      await tab.waitFor('[data-auto-retry="waiting"]');
      const server = await serve(site(), port);
      try {
        await tab.waitForUrl((current) => current === url);
        assert.equal(await tab.text("#marker"), "served page");
      } finally {
        await server.close();
      }
    });

    it("stops re-checking when asked", async () => {
      const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
      await tab.click('[data-action="stop-retry"]');
      await tab.waitFor('[data-auto-retry="stopped"]');
      assert.deepEqual(await tab.attributes('[data-action="stop-retry"]', "type"), []);
    });

    it("retries the original address when our page is reloaded", async () => {
      const url = `http://127.0.0.1:${await closedPort()}/`;
      const tab = await openFailing(browser, url);
      const shown = await tab.url();
      await tab.reload();
      // Still refused, so the retry fails afresh and gets a page of its own:
      // a new record, not the old one shown again.
      await tab.waitForUrl((current) => ERROR_PAGE.test(current) && current !== shown);
      await tab.waitFor('html[data-ready="true"]');
      assert.equal(await tab.text('[data-field="url"]'), url);
    });
  });
}
