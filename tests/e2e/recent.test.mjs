// Recent failures: the toolbar button's page lists the failures NetWhy
// explained, newest first, with host, port and top cause, follows new ones
// live, and Clear empties it for good.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { Command } from "selenium-webdriver/lib/command.js";
import { launch, ERROR_PAGE } from "./browsers.mjs";
import { openFailing, message } from "./page.mjs";
import { closedPort } from "./servers.mjs";

const ITEMS = "ol.recent > li.recent-item";

/**
 * Opens the recent-failures page in a tab. Chromium: by its address.
 * Firefox: from `from`, one of our pages (the only way in for a test).
 */
async function openRecent(browser, from) {
  let tab = from;
  if (browser.kind === "chromium") {
    tab = await browser.newTab();
    // Node's URL gives no origin for chrome-extension: URLs; the host is the id.
    await tab.navigate(`chrome-extension://${new URL(browser.worker.url()).host}/recent.html`);
  } else {
    await tab.evaluate(() => (location.href = "recent.html"));
  }
  await tab.waitForUrl((url) => url.endsWith("/recent.html"));
  await tab.waitFor('html[data-ready="true"]');
  return tab;
}

/** What the page lists, newest first. */
async function listed(tab) {
  return {
    sites: await tab.texts(`${ITEMS} [data-field="host"]`),
    causes: await tab.attributes(ITEMS, "data-cause"),
    titles: await tab.texts(`${ITEMS} [data-field="cause"]`),
    errors: await tab.texts(`${ITEMS} [data-field="error"]`),
    times: (await tab.attributes(`${ITEMS} time[data-field="time"]`, "datetime")).map(Date.parse),
  };
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: recent failures`, () => {
    let browser;
    before(async () => {
      browser = await launch(kind);
    });
    after(async () => {
      await browser?.close();
    });

    it("lists failures newest first, follows new ones live, and clears them", async () => {
      const started = Date.now();
      const [first, second] = [await closedPort(), await closedPort()];
      const tab = await openFailing(browser, `http://127.0.0.1:${first}/private/path?q=1`);
      const recent = await openRecent(browser, tab);
      await recent.waitFor(`${ITEMS}:nth-child(1)`);

      // The page is open while the second failure happens: it follows storage.
      await openFailing(browser, `http://127.0.0.1:${second}/`);
      await recent.waitFor(`${ITEMS}:nth-child(2)`);
      const shown = await listed(recent);
      assert.deepEqual(shown.sites, [`127.0.0.1:${second}`, `127.0.0.1:${first}`]);
      assert.deepEqual(shown.causes, ["local-server-down", "local-server-down"]);
      const title = message("cause_local_server_down_title");
      assert.deepEqual(shown.titles, [title, title]);
      for (const error of shown.errors) assert.match(error, /CONNECTION_REFUSED/);
      assert.ok(shown.times[0] >= shown.times[1], `newest first: ${shown.times}`);
      assert.ok(shown.times.every((time) => time >= started - 1000 && time <= Date.now() + 1000), `${shown.times}`);
      // Only the host is kept, never the path or query.
      const text = await recent.text("main");
      assert.doesNotMatch(text, /private|q=1/);
      assert.deepEqual(await recent.texts("h1"), [message("recent_title")]);

      await recent.click('[data-action="clear-recent"]');
      await recent.waitFor('[data-field="empty"]');
      assert.deepEqual(await recent.attributes(ITEMS, "data-cause"), []);
      assert.equal(await recent.text('[data-field="empty"]'), message("recent_empty"));
      assert.deepEqual(await recent.attributes('[data-action="clear-recent"]', "type"), [], "nothing left to clear");
      // The button that had focus is gone; focus is on the heading, not lost.
      assert.equal(await recent.evaluate(() => document.activeElement?.localName), "h1");

      // Cleared for good: stored nowhere, and a fresh page shows it empty.
      const stored = await recent.evaluate(() => (globalThis.browser ?? chrome).storage.local.get("recent"));
      assert.deepEqual(stored, {});
      await recent.reload();
      await recent.waitFor('html[data-ready="true"] [data-field="empty"]');
    });

    if (kind === "chromium") {
      it("opens the settings from its Settings button", async () => {
        const recent = await openRecent(browser);
        const options = browser.context.waitForEvent("page", {
          predicate: (page) => page.url().endsWith("/options.html"),
          timeout: 15_000,
        });
        await recent.click('[data-action="open-options"]');
        await options;
      });
    }
  });
}

// A private window's failures get our page but are never written to disk.
// Firefox: geckodriver installs the add-on allowed in private windows, where
// it may open one itself (Chromium would need it allowed in incognito by hand).
describe("firefox: recent failures in a private window", () => {
  let browser;
  before(async () => {
    browser = await launch("firefox", { extension: null });
    await browser.driver.execute(
      new Command("install addon")
        .setParameter("path", resolve(import.meta.dirname, "../../dist/firefox"))
        .setParameter("temporary", true)
        .setParameter("allowPrivateBrowsing", true),
    );
  });
  after(async () => {
    await browser?.close();
  });

  it("explains a private window's failure but does not list it", async () => {
    const [first, secret, last] = [await closedPort(), await closedPort(), await closedPort()];
    const tab = await openFailing(browser, `http://127.0.0.1:${first}/`);
    const handles = await browser.driver.getAllWindowHandles();
    const incognito = await tab.evaluate(
      (url) => globalThis.browser.windows.create({ incognito: true, url }).then((window) => window.incognito),
      `http://127.0.0.1:${secret}/`,
    );
    assert.equal(incognito, true, "a private window opened");
    // Our page reached the private window: the background saw the failure.
    const driver = browser.driver;
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > handles.length, 15_000);
    const privateHandle = (await driver.getAllWindowHandles()).find((handle) => !handles.includes(handle));
    await driver.switchTo().window(privateHandle);
    await driver.wait(async () => ERROR_PAGE.test(await driver.getCurrentUrl()), 15_000);

    // A later failure, in a normal window, is listed after the private one would have been.
    await tab.focus();
    const later = await openFailing(browser, `http://127.0.0.1:${last}/`);
    const recent = await openRecent(browser, later);
    await recent.waitFor(`${ITEMS}:nth-child(2)`);
    assert.deepEqual((await listed(recent)).sites, [`127.0.0.1:${last}`, `127.0.0.1:${first}`]);
  });
});
