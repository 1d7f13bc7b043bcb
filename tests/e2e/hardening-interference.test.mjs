// Issue 6, non-interference: certificate errors keep the browser's own
// warning, the extension's own pages are not ours to replace, a page that
// keeps failing never loops, and Back from our page does not trap the user.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, waitForErrorPage, ERROR_PAGE } from "./browsers.mjs";
import { closedPort, serve, serveHttps, site } from "./servers.mjs";
import { barrier, openFailing } from "./page.mjs";

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: non-interference`, () => {
    let browser;
    let server;
    let https;
    let dead; // a closed port the server redirects to
    before(async () => {
      browser = await launch(kind);
      dead = await closedPort();
      const pages = site();
      server = await serve((request, response) => {
        if (request.url === "/redirect") {
          response.writeHead(302, { location: `http://127.0.0.1:${dead}/after-redirect` });
          response.end();
        } else {
          pages(request, response);
        }
      });
      https = await serveHttps();
    });
    after(async () => {
      await https?.close();
      await server?.close();
      await browser?.close();
    });

    it("keeps the browser's warning for a self-signed certificate", async (t) => {
      if (!https) {
        t.skip("openssl is not installed");
        return;
      }
      const tab = await browser.newTab();
      const seen = [];
      tab.page?.on("framenavigated", (frame) => seen.push(frame.url()));
      const url = `${https.url}/`;
      await tab.navigate(url);
      if (kind === "firefox") {
        await tab.waitFor("body");
        await tab.waitForUrl(() => true);
      }
      await barrier(browser);
      // Chromium reports its interstitial as chrome-error://chromewebdata/.
      const shown = await tab.url();
      assert.ok(shown === url || shown.startsWith("chrome-error://"), `the tab shows ${shown}`);
      assert.deepEqual(seen.filter((seenUrl) => ERROR_PAGE.test(seenUrl)), []);
      if (kind === "firefox") {
        assert.match(await tab.evaluate(() => document.documentURI), /^about:certerror/);
      } else {
        assert.deepEqual(await tab.texts("#marker"), [], "the certificate was accepted");
      }
    });

    it("leaves the extension's own missing pages to the browser", { skip: kind === "firefox" && "WebDriver may not open extension pages in Firefox" }, async () => {
      const base = new URL("/", (await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`)).url()).href;
      const tab = await browser.newTab();
      await tab.navigate(`${base}missing.html`);
      await barrier(browser);
      assert.ok([`${base}missing.html`, "chrome-error://chromewebdata/"].includes(tab.url()), `the tab shows ${tab.url()}`);
    });

    it("never loops on a page that keeps failing, even after a redirect and a re-check", async () => {
      const tab = await browser.newTab();
      const seen = [];
      tab.page?.on("framenavigated", (frame) => frame === tab.page.mainFrame() && seen.push(frame.url()));
      await tab.navigate(`${server.url}/redirect`);
      await waitForErrorPage(tab);
      assert.equal(await tab.text('[data-field="url"]'), `http://127.0.0.1:${dead}/after-redirect`);
      const shown = await tab.url();
      if (kind === "chromium") {
        // One automatic re-check (after 2 s) has asked the dead address's
        // origin again (never its path: a one-time link would be spent).
        await tab.page.waitForEvent("requestfailed", {
          predicate: (request) => request.url() === `http://127.0.0.1:${dead}/` && request.method() === "HEAD",
          timeout: 15_000,
        });
      }
      await barrier(browser);
      assert.equal(await tab.url(), shown);
      if (kind === "chromium") {
        // Chromium's own error page for the failed load, then ours: no more.
        assert.ok(seen.length <= 2, `navigations: ${seen.join(", ")}`);
      }
    });

    it("lets Back leave our page", async () => {
      const tab = await browser.newTab();
      const working = `${server.url}/`;
      await tab.navigate(working);
      await tab.waitFor("#marker");
      const failing = `http://127.0.0.1:${await closedPort()}/b`;
      await tab.navigate(failing);
      await waitForErrorPage(tab);
      const ours = await tab.url();
      if (kind === "firefox") {
        // Firefox's error page for the failed load had an entry of its own
        // (in a new tab); our page took its place, so Back is the working page.
        await browser.driver.navigate().back();
        await tab.waitForUrl((url) => url === working || (ERROR_PAGE.test(url) && url !== ours));
        assert.equal(await tab.url(), working, "Back from our page came back to our page");
        await tab.waitFor("#marker");
        return;
      }
      // Chromium keeps its entry for the failed load under ours; Back loads
      // that address again, and it fails again: the browser's page must
      // stay. That page reloads itself a second later (while its tab is in
      // front), and the reload is its business too.
      let failures = 0;
      const twice = new Promise((resolve) => {
        tab.page.on("requestfailed", (request) => request.url() === failing && ++failures === 2 && resolve());
      });
      await tab.page.goBack({ waitUntil: "commit" }).catch(() => {});
      await twice;
      await barrier(browser);
      assert.notEqual(tab.url(), ours);
      assert.doesNotMatch(tab.url(), ERROR_PAGE);
      // And Back once more is the working page.
      await tab.page.goBack({ waitUntil: "commit" }).catch(() => {});
      await tab.waitForUrl((url) => url === working);
      await tab.waitFor("#marker");
    });

    it("tries again when the failing address is entered again, and Back still leaves", {
      todo: kind === "chromium" && "Chromium: background.js backToFailedEntry cannot tell this load from Back to "
        + "the failed entry (the tab still shows our page for that address) and leaves it to the browser's own "
        + "error page (reloading our page still tries again: recovery.test.mjs)",
    }, async () => {
      const tab = await browser.newTab();
      const working = `${server.url}/`;
      await tab.navigate(working);
      await tab.waitFor("#marker");
      const failing = `http://127.0.0.1:${await closedPort()}/again`;
      await tab.navigate(failing);
      await waitForErrorPage(tab);
      const ours = await tab.url();
      await tab.navigate(failing);
      await tab.waitForUrl((url) => ERROR_PAGE.test(url) && url !== ours);
      await tab.waitFor('html[data-ready="true"]');
      assert.equal(await tab.text('[data-field="url"]'), failing);
      // Back is the first attempt's page of ours, then the working page.
      // (Firefox shows about:blank for a moment on the way between them.)
      const back = async (from) => {
        await (kind === "firefox" ? browser.driver.navigate().back() : tab.page.goBack({ waitUntil: "commit" }).catch(() => {}));
        await tab.waitForUrl((url) => url === working || (ERROR_PAGE.test(url) && url !== from));
        return tab.url();
      };
      assert.equal(await back(await tab.url()), ours, "Back from the second page of ours");
      assert.equal(await back(ours), working, "Back from the first page of ours");
      await tab.waitFor("#marker");
    });
  });
}
