// Issue 4, the causes that need no other software: the page's first cause is
// the right one for a server that is not running, a blocked port, a name not
// found, a name sent to 0.0.0.0, a browser that is offline, and a dead proxy
// in Firefox's own settings; steps worded for the browser and the system.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, resolverRules } from "./browsers.mjs";
import { closedPort, serve, site } from "./servers.mjs";
import { causes, causeTexts, listening, message, openFailing, topCause } from "./page.mjs";

/** Fails unless the page's first cause is `expected`, showing the whole list. */
async function assertTopCause(tab, expected) {
  assert.equal(await topCause(tab), expected, `causes listed: ${(await causes(tab)).join(", ")}`);
}

/** Fails unless some evidence or step of `cause` names port `port`. */
async function assertNamesPort(tab, cause, port) {
  const { evidence, steps } = await causeTexts(tab, cause);
  const texts = [...evidence, ...steps];
  const naming = new RegExp(`\\b${port}\\b`);
  assert.ok(texts.some((text) => naming.test(text)), `no text names port ${port}: ${JSON.stringify(texts)}`);
}

/** Scenario 1, the same in both browsers: nothing listens on a loopback port. */
async function closedLoopbackPort(browser) {
  const port = await closedPort();
  const tab = await openFailing(browser, `http://127.0.0.1:${port}/`);
  await assertTopCause(tab, "local-server-down");
  await assertNamesPort(tab, "local-server-down", port);
}

describe("chromium: causes", () => {
  let browser;
  let server;
  before(async () => {
    browser = await launch("chromium", {
      args: [resolverRules("MAP *.example.test ~NOTFOUND", "MAP ads.example.com 0.0.0.0")],
    });
    server = await serve(site());
  });
  after(async () => {
    await server?.close();
    await browser?.close();
  });

  it("local-server-down for a closed port on 127.0.0.1, naming the port", () => closedLoopbackPort(browser));

  it("blocked-port for port 6000", async () => {
    const tab = await openFailing(browser, "http://127.0.0.1:6000/");
    await assertTopCause(tab, "blocked-port");
  });

  it("dns-not-found for a name that does not exist", async () => {
    const tab = await openFailing(browser, "http://nowhere.example.test/");
    await assertTopCause(tab, "dns-not-found");
  });

  it("dns-blocked for a public name sent to 0.0.0.0", async (t) => {
    if (await listening(80)) {
      t.skip("something listens on 127.0.0.1:80, so 0.0.0.0:80 would not be refused");
      return;
    }
    const tab = await openFailing(browser, "http://ads.example.com/");
    await assertTopCause(tab, "dns-blocked");
    // The caches to clear, named as this browser and this system name them.
    const { steps } = await causeTexts(tab, "dns-blocked");
    assert.ok(steps.includes(message("step_clear_browser_dns_chrome")), `steps: ${JSON.stringify(steps)}`);
    if (process.platform === "linux") {
      assert.ok(steps.includes(message("step_flush_system_dns_linux")), `steps: ${JSON.stringify(steps)}`);
    }
  });

  it("no-internet when the browser is offline", async () => {
    await browser.setOffline(true);
    try {
      const tab = await openFailing(browser, "http://site.example.test/");
      await assertTopCause(tab, "no-internet");
    } finally {
      await browser.setOffline(false);
    }
  });
});

describe("firefox: causes", () => {
  let browser;
  before(async () => {
    browser = await launch("firefox");
  });
  after(async () => {
    await browser?.close();
  });

  it("local-server-down for a closed port on 127.0.0.1, naming the port", () => closedLoopbackPort(browser));

  it("local-server-down for a closed port on localhost", async () => {
    const tab = await openFailing(browser, `http://localhost:${await closedPort()}/`);
    await assertTopCause(tab, "local-server-down");
  });
});

describe("firefox: a dead proxy in Firefox's own settings", () => {
  let browser;
  before(async () => {
    browser = await launch("firefox", {
      prefs: {
        "network.proxy.type": 1,
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": await closedPort(),
        // Firefox never proxies loopback unless told to; the proxy and the
        // site are both loopback here, so no traffic leaves the machine.
        "network.proxy.allow_hijacking_localhost": true,
        "network.proxy.no_proxies_on": "",
      },
    });
  });
  after(async () => {
    await browser?.close();
  });

  it("is a proxy-problem, with the steps in Firefox's words", async () => {
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
    await assertTopCause(tab, "proxy-problem");
    const { steps } = await causeTexts(tab, "proxy-problem");
    assert.ok(steps.includes(message("step_check_command_line_proxy_firefox")), `steps: ${JSON.stringify(steps)}`);
    // No re-check can pass the dead proxy: they wait for its settings to change, and say so.
    assert.deepEqual(await tab.attributes("[data-auto-retry]", "data-waits-for"), ["proxy-settings"]);
    assert.equal(await tab.text('[data-field="retry-status"]'), message("retry_waiting_for_proxy"));
  });
});
