// Issue 11, re-checks that know when to try: while asking cannot help they
// wait without counting down (data-waits-for), and whatever ends that (the
// connection back, a captive portal letting pages through) checks at once,
// without waiting for the backoff.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, resolverRules } from "./browsers.mjs";
import { causes, message, openFailing, topCause } from "./page.mjs";
import { closedPort, serve, site } from "./servers.mjs";

// A name for this computer that reads as a site on the internet: only such
// an address waits for the network (this computer's servers answer offline).
const SITE = "online-test.example";

/** The browser `kind` with SITE on this computer, and offline to turn on. */
function launchWithSite(kind) {
  return kind === "chromium"
    ? launch("chromium", { args: [resolverRules(`MAP ${SITE} 127.0.0.1`)] })
    // Every name resolves to this computer; offline is Firefox's "Work Offline".
    : launch("firefox", { prefs: { "network.dns.native-is-localhost": true }, offline: true });
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: re-checks`, () => {
    let browser;
    before(async () => {
      browser = await launchWithSite(kind);
    });
    after(async () => {
      await browser?.setOffline(false);
      await browser?.close();
    });

    it("hold while offline and check at once when the browser is back online", async () => {
      const server = await serve(site());
      const url = `http://${SITE}:${server.port}/`;
      try {
        await browser.setOffline(true);
        const tab = await openFailing(browser, url);
        // Waiting for the network, not counting down: only the `online` event
        // (or the look every 2 s at navigator.onLine) brings the tab back.
        await tab.waitFor('[data-auto-retry="waiting"][data-waits-for="network"]');
        await browser.setOffline(false);
        await tab.waitForUrl((current) => current === url);
        assert.equal(await tab.text("#marker"), "served page");
      } finally {
        await browser.setOffline(false);
        await server.close();
      }
    });

    // Firefox's offline here blocks this computer too, standing in for the
    // internet: the mirror case is Chromium's alone.
    if (kind === "chromium") it("but never hold an address of this computer, which answers offline too", async () => {
      const port = await closedPort();
      try {
        await browser.setOffline(true);
        const tab = await openFailing(browser, `http://127.0.0.1:${port}/`);
        // Counting down, as ever: the countdown's words, and no hold.
        const [before, after] = message("retry_countdown", "\u0000").split("\u0000");
        const status = await tab.text('[data-field="retry-status"]');
        assert.ok(status.startsWith(before) && status.endsWith(after), status);
        assert.deepEqual(await tab.attributes("[data-auto-retry]", "data-waits-for"), [null]);
      } finally {
        await browser.setOffline(false);
      }
    });
  });
}

// Firefox's captive portal detection, staged: its check page (on loopback)
// answers like a portal's login page until the test "signs in".
describe("firefox: a captive portal", () => {
  let browser;
  let portal;
  let signedIn = false;
  const asked = [];
  before(async () => {
    portal = await serve((request, response) => {
      asked.splice(0).forEach((heard) => heard());
      response.writeHead(200, { "content-type": "text/plain" });
      response.end(signedIn ? "success" : "<title>Sign in to Test Wi-Fi</title>");
    });
    browser = await launch("firefox", {
      prefs: {
        "network.captive-portal-service.enabled": true,
        "network.captive-portal-service.testMode": true,
        "network.captive-portal-service.minInterval": 500,
        "network.captive-portal-service.backoffFactor": "1.0",
        "captivedetect.canonicalURL": `${portal.url}/canonical.txt`,
        "captivedetect.canonicalContent": "success",
        "captivedetect.pollingTime": 500,
        "captivedetect.maxWaitingTime": 500,
        // Every name resolves to this computer: the failing public name
        // below stays on loopback.
        "network.dns.native-is-localhost": true,
      },
    });
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
  });

  it("names the portal, offers its login page, and re-checks once it lets pages through", async () => {
    const port = await closedPort();
    const url = `http://portal-test.example:${port}/`;
    let tab;
    // The detection runs on its own schedule: until it has seen the portal,
    // the failure is an ordinary one. Each try waits for its next check.
    for (let tries = 0; tries < 10; tries++) {
      tab = await openFailing(browser, url);
      if ((await topCause(tab)) === "captive-portal") break;
      await new Promise((heard) => asked.push(heard));
    }
    assert.equal(await topCause(tab), "captive-portal", `causes: ${(await causes(tab)).join(", ")}`);
    assert.deepEqual(await tab.attributes('[data-action="open-login-page"]', "data-url"), [`${portal.url}/canonical.txt`]);
    await tab.waitFor('[data-auto-retry="waiting"][data-waits-for="captive-portal"]');
    // The site is up, but the page waits for the portal, not the backoff.
    const site_ = await serve(site(), port);
    try {
      signedIn = true;
      await tab.waitForUrl((current) => current === url);
      assert.equal(await tab.text("#marker"), "served page");
    } finally {
      await site_.close();
    }
  });
});
