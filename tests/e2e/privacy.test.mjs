// Issue 13: what the page hands over and asks is what the user chose. Copy
// report leaves the query out unless asked; the page names the site that
// sent the tab; re-checks ask the origin with nothing of the user, and none
// while the tab is hidden; the page's language is the one its text is in.
// (Failures at the longest URLs: longest-urls.test.mjs.)
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, waitForErrorPage } from "./browsers.mjs";
import { closedPort, serve, site } from "./servers.mjs";
import { message, openFailing, until } from "./page.mjs";

/** Clicks Copy report and returns the text the page put in the clipboard. */
async function copyReport(tab) {
  // Reading the clipboard back needs a permission no test can grant an
  // extension origin: the test notes what the page hands to the real writeText.
  await tab.evaluate(() => {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => write(text).then(() => { window.copied = text; });
    delete document.documentElement.dataset.copied;
    for (const button of document.querySelectorAll("[data-copied]")) delete button.dataset.copied;
  });
  await tab.click('[data-action="copy-report"]');
  await tab.waitFor('[data-action="copy-report"][data-copied="true"]');
  return tab.evaluate(() => window.copied);
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: what the page hands over and asks`, () => {
    let browser;
    before(async () => {
      browser = await launch(kind);
    });
    after(async () => {
      await browser?.close();
    });

    it("copies no query unless the user chooses to, and says what the report holds", async () => {
      const url = `http://127.0.0.1:${await closedPort()}/reset?token=SECRET#frag`;
      const tab = await openFailing(browser, url);
      assert.equal(await tab.text('[data-field="report-contents"]'), message("report_contents"));
      const first = await copyReport(tab);
      assert.doesNotMatch(first, /SECRET/);
      assert.equal(JSON.parse(first).failure.url, url.split("?")[0]);
      await tab.click('input[data-field="report-full-url"]');
      const second = await copyReport(tab);
      assert.match(second, /token=SECRET/);
      assert.match(JSON.parse(second).summary, /token=SECRET/);
    });

    it("names the site that sent the tab to the failed address", async () => {
      const failing = `http://127.0.0.1:${await closedPort()}/`;
      const server = await serve((request, response) => {
        response.writeHead(200, { "content-type": "text/html" });
        response.end(`<!doctype html><a id="go" href="${failing}">go</a>`);
      });
      try {
        // localhost and 127.0.0.1: two hosts, one machine.
        const sender = `http://localhost:${server.port}`;
        const tab = await browser.newTab();
        await tab.navigate(`${sender}/`);
        await tab.click("#go");
        await waitForErrorPage(tab);
        assert.equal(await tab.text('[data-field="sent-by"]'), message("page_sent_by", sender));
        // The site's name sits in a <bdi> of its own, whatever its direction.
        assert.deepEqual(await tab.texts('[data-field="sent-by"] > bdi'), [sender]);
        // Typed, nobody sent it.
        const typed = await openFailing(browser, failing);
        assert.deepEqual(await typed.texts('[data-field="sent-by"]'), []);
      } finally {
        await server.close();
      }
    });

    it("asks the origin again with no cookie or referrer, then loads the address once", async () => {
      // A cookie for 127.0.0.1 (cookies ignore the port), which the browser
      // sends with every ordinary load of the address: never with a check.
      const cookies = await serve((request, response) => {
        response.writeHead(200, { "content-type": "text/html", "set-cookie": "session=s3cr3t; Path=/" });
        response.end('<!doctype html><p id="marker">cookie set</p>');
      });
      const setter = await browser.newTab();
      await setter.navigate(`${cookies.url}/`);
      await setter.waitFor("#marker");
      await cookies.close();
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/one-time?link=1`;
      const tab = await openFailing(browser, url);
      const seen = [];
      const server = await serve((request, response) => {
        const { cookie, referer } = request.headers;
        if (request.url !== "/favicon.ico") seen.push({ method: request.method, path: request.url, cookie, referer });
        response.writeHead(200, { "content-type": "text/html" });
        response.end('<!doctype html><p id="marker">back</p>');
      }, port);
      try {
        await tab.waitForUrl((shown) => shown === url);
        await tab.waitFor("#marker");
        const checks = seen.filter((r) => r.method === "HEAD");
        assert.ok(checks.length >= 1, JSON.stringify(seen));
        for (const check of checks) {
          assert.deepEqual(check, { method: "HEAD", path: "/", cookie: undefined, referer: undefined });
        }
        // The address itself is asked for once, by the load, as any load is.
        const loads = seen.filter((r) => r.method !== "HEAD");
        assert.deepEqual(loads.map((r) => `${r.method} ${r.path}`), ["GET /one-time?link=1"]);
        assert.equal(loads[0].cookie, "session=s3cr3t", "the cookie the checks left out exists");
      } finally {
        await server.close();
      }
    });

    it("checks nothing while the tab is hidden", async () => {
      const port = await closedPort();
      const tab = await openFailing(browser, `http://127.0.0.1:${port}/`);
      await tab.waitFor('[data-auto-retry="waiting"]');
      // As the browser says it of a tab in the background.
      const hide = (hidden) => tab.evaluate((hidden) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
      await hide(true);
      await tab.waitFor('[data-auto-retry="paused"]');
      const heads = [];
      const server = await serve((request, response) => {
        heads.push(request.method);
        response.end();
      }, port);
      try {
        const countdown = () => tab.text('[data-field="retry-status"]');
        const frozen = await countdown();
        // Time passes (another failure explained in another tab), and the
        // hidden tab neither counts down nor asks.
        await openFailing(browser, `http://127.0.0.1:${await closedPort()}/elsewhere`);
        await tab.focus?.();
        assert.equal(await countdown(), frozen);
        assert.deepEqual(heads, []);
        await hide(false);
        await tab.waitForUrl((url) => url === `http://127.0.0.1:${port}/`);
        assert.ok(heads.includes("HEAD"), JSON.stringify(heads));
      } finally {
        await server.close();
      }
    });
  });
}

describe("chromium: the page's language", () => {
  let browser;
  before(async () => {
    browser = await launch("chromium", { args: ["--lang=de"], env: { LANGUAGE: "de" } });
  });
  after(async () => {
    await browser?.close();
  });

  it("marks a German page lang=de", async () => {
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
    assert.equal(await tab.evaluate(() => document.documentElement.lang), "de");
    assert.equal(await tab.text("h1"), "Der Server hat die Verbindung abgelehnt");
  });
});

// Firefox speaks German only with its language pack (Debian:
// firefox-esr-l10n-de, which ./build.sh test installs as root).
const LANGPACK = "/usr/lib/firefox-esr/browser/extensions/langpack-de@firefox-esr.mozilla.org.xpi";

describe("firefox: the page's language", { skip: !existsSync(LANGPACK) && `no German language pack at ${LANGPACK}` }, () => {
  let browser;
  before(async () => {
    browser = await launch("firefox", {
      prefs: { "intl.locale.requested": "de", "extensions.autoDisableScopes": 0, "extensions.enabledScopes": 15 },
    });
  });
  after(async () => {
    await browser?.close();
  });

  it("marks a German page lang=de", async () => {
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
    assert.equal(await tab.evaluate(() => document.documentElement.lang), "de");
    assert.equal(await tab.text("h1"), "Der Server hat die Verbindung abgelehnt");
  });
});
