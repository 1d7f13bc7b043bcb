// The walking skeleton in both real browsers: a refused load ends on our page,
// Try again loads the original URL, and what must be left alone is.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { launch, waitForErrorPage, ERROR_PAGE } from "./browsers.mjs";
import { closedPort, serve, site } from "./servers.mjs";

const REFUSED = { chromium: "net::ERR_CONNECTION_REFUSED", firefox: "NS_ERROR_CONNECTION_REFUSED" };
const artifacts = resolve(import.meta.dirname, "../artifacts");

/**
 * Proves the background has handled every event before this point: events
 * are handled in order, so once a later failure has reached our page, the
 * earlier ones were already decided.
 */
async function barrier(browser) {
  const tab = await browser.newTab();
  await tab.navigate(`http://127.0.0.1:${await closedPort()}/`);
  await waitForErrorPage(tab);
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: walking skeleton`, () => {
    let browser;
    let server;
    before(async () => {
      browser = await launch(kind);
      server = await serve(site({ deadFrameUrl: `http://127.0.0.1:${await closedPort()}/` }));
    });
    after(async () => {
      await server?.close();
      await browser?.close();
    });

    it("shows our page for a refused load, and Try again loads the server once it runs", async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/`;
      const tab = await browser.newTab();
      await tab.navigate(url);
      await waitForErrorPage(tab);
      assert.equal(await tab.text('[data-field="url"]'), url);
      assert.equal(await tab.text('[data-field="error"]'), REFUSED[kind]);
      assert.equal(await tab.text('[data-field="port"]'), String(port));
      assert.match(await tab.text("h1"), /refused/i);
      await mkdir(artifacts, { recursive: true });
      await tab.screenshot(resolve(artifacts, `${kind}-refused.png`));

      const revived = await serve(site(), port);
      try {
        await tab.click('[data-action="retry"]');
        await tab.waitForUrl((current) => current === url);
        assert.equal(await tab.text("#marker"), "served page");
      } finally {
        await revived.close();
      }
    });

    it("tries again when the user presses R", async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/r`;
      const tab = await browser.newTab();
      await tab.navigate(url);
      await waitForErrorPage(tab);
      assert.deepEqual(await tab.attributes('[data-action="retry"]', "aria-keyshortcuts"), ["R"]);
      const revived = await serve(site(), port);
      try {
        await tab.press("r");
        await tab.waitForUrl((current) => current === url);
        await tab.waitFor("#marker");
      } finally {
        await revived.close();
      }
    });

    it("leaves a download alone", async () => {
      const tab = await browser.newTab();
      await tab.navigate(`${server.url}/`);
      await tab.waitFor("#marker");
      await tab.click("#download");
      await barrier(browser);
      assert.equal(await tab.url(), `${server.url}/`);
    });

    it("leaves a failing iframe alone", async () => {
      const tab = await browser.newTab();
      await tab.navigate(`${server.url}/framed`);
      await tab.waitFor("#marker");
      await barrier(browser);
      assert.equal(await tab.url(), `${server.url}/framed`);
      assert.doesNotMatch(await tab.url(), ERROR_PAGE);
    });
  });
}
