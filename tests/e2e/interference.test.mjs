// Issue 4, the causes set up by other software in the browser: a proxy from
// the command line, and another extension blocking the page (named when we
// may list the extensions, unnamed when we may not); issue 5, what the page
// offers for that extension. Chromium only: Firefox loads no second unpacked
// extension here, and lets extensions turn off only themes.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { launch, resolverRules } from "./browsers.mjs";
import { closedPort, serve, site } from "./servers.mjs";
import { causes, causeTexts, message, openFailing, storedRecord, topCause } from "./page.mjs";
import { EXTENSION_FIELDS } from "../../extension/background/extensions.js";

const BLOCKER = resolve(import.meta.dirname, "../fixtures/extensions/test-blocker");
const BLOCKER_NAME = "Test Blocker";
const BLOCKED_URL = "http://blocked.example.test/";
const NAMES = resolverRules("MAP *.example.test ~NOTFOUND");

/** Fails unless the page's first cause is `expected`; returns its texts. */
async function assertTopCause(tab, expected) {
  assert.equal(await topCause(tab), expected, `causes listed: ${(await causes(tab)).join(", ")}`);
  return causeTexts(tab, expected);
}

/** One Chromium per describe: `options` for launch, `body(getBrowser)` for the tests. */
function withChromium(title, options, body) {
  describe(title, () => {
    let browser;
    before(async () => {
      browser = await launch("chromium", options);
    });
    after(async () => {
      await browser?.close();
    });
    body(() => browser);
  });
}

withChromium("chromium: a proxy from the command line", {
  args: [NAMES, `--proxy-server=http://127.0.0.1:${await closedPort()}`],
}, (browser) => {
  it("is a proxy-problem, not set by an extension", async () => {
    const tab = await openFailing(browser(), "http://site.example.test/");
    const { evidence, steps } = await assertTopCause(tab, "proxy-problem");
    assert.ok(
      evidence.includes(message("evidence_proxy_not_from_extension")),
      `evidence: ${JSON.stringify(evidence)}`,
    );
    // In Chrome's own words (the step has a Firefox wording too).
    assert.ok(steps.includes(message("step_check_command_line_proxy_chrome")), `steps: ${JSON.stringify(steps)}`);
  });
});

withChromium("chromium: a proxy switcher's PAC script", { args: [NAMES] }, (browser) => {
  /** The proxy setting in the record of a new failure, and the record. */
  async function failureRecord() {
    const tab = await openFailing(browser(), `http://127.0.0.1:${await closedPort()}/`);
    const record = await storedRecord(tab);
    return { tab, record, mode: record.gathered.proxy.value.mode };
  }

  it("is kept in the record without the script's text, from the change on", async () => {
    // The background keeps the setting between failures (proxy-setting.js):
    // a record made before the change holds the browser's own.
    assert.equal((await failureRecord()).mode, "system");
    // As a proxy switcher sets one: its rules in the script's text. NetWhy
    // sets it here (it holds the proxy permission); the script sends every
    // load direct, and Chromium never asks it about 127.0.0.1.
    const rules = `// ${"r".repeat(200_000)}\nfunction FindProxyForURL() { return "DIRECT"; }`;
    await browser().worker.evaluate((data) => chrome.proxy.settings.set({
      value: { mode: "pac_script", pacScript: { data } }, scope: "regular",
    }), rules);
    const { tab, record } = await failureRecord();
    const { value, levelOfControl } = record.gathered.proxy;
    assert.equal(value.mode, "pac_script");
    assert.equal(levelOfControl, "controlled_by_this_extension");
    assert.ok(!("data" in value.pacScript), JSON.stringify(value).slice(0, 200));
    assert.ok(JSON.stringify(record).length < 10_000, `a record of ${JSON.stringify(record).length} characters`);
    assert.equal(await topCause(tab), "local-server-down");
    await browser().worker.evaluate(() => chrome.proxy.settings.clear({ scope: "regular" }));
    assert.equal((await failureRecord()).mode, "system", "the setting cleared");
  });
});

withChromium("chromium: a blocking extension, with management granted", {
  args: [NAMES], extensions: [BLOCKER], grant: ["management"],
}, (browser) => {
  it("is extension-interference, naming the extension", async () => {
    const tab = await openFailing(browser(), BLOCKED_URL);
    const { evidence, steps } = await assertTopCause(tab, "extension-interference");
    assert.ok(evidence.includes(message("evidence_only_blocker", BLOCKER_NAME)), `evidence: ${JSON.stringify(evidence)}`);
    assert.ok(
      steps.includes(message("step_allow_in_extension", BLOCKER_NAME, "blocked.example.test")),
      `steps: ${JSON.stringify(steps)}`,
    );
    // The record keeps of each extension only what the core reads: not the
    // blocker's description, icons or host permissions.
    const kept = (await storedRecord(tab)).gathered.extensions;
    const blocker = kept.find((entry) => entry.name === BLOCKER_NAME);
    assert.ok(blocker?.permissions.includes("declarativeNetRequest"), JSON.stringify(kept));
    assert.ok(blocker.optionsUrl.endsWith("/options.html"), JSON.stringify(blocker));
    const extra = kept.flatMap((entry) => Object.keys(entry)).filter((field) => !EXTENSION_FIELDS.includes(field));
    assert.deepEqual(extra, [], JSON.stringify(kept));
  });
});

withChromium("chromium: a blocking extension, without management", {
  args: [NAMES], extensions: [BLOCKER],
}, (browser) => {
  it("is still extension-interference, asking for the permission to name it", async () => {
    const tab = await openFailing(browser(), BLOCKED_URL);
    const { evidence, steps } = await assertTopCause(tab, "extension-interference");
    assert.ok(evidence.includes(message("evidence_blocked_by_extension")), `evidence: ${JSON.stringify(evidence)}`);
    assert.ok(steps.includes(message("step_grant_management")), `steps: ${JSON.stringify(steps)}`);
    assert.ok(![...evidence, ...steps].some((text) => text.includes(BLOCKER_NAME)), "names the extension without the list");
  });
});

describe("chromium: what the page offers for the blocking extension", () => {
  let browser;
  let server;
  let blocked;
  before(async () => {
    server = await serve(site());
    // The blocked name leads to a real page once the blocker is off.
    blocked = `http://blocked.example.test:${server.port}/`;
    browser = await launch("chromium", {
      args: [resolverRules("MAP blocked.example.test 127.0.0.1")], extensions: [BLOCKER], grant: ["management"],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens the extension's own settings page in a new tab", async () => {
    const tab = await openFailing(browser, blocked);
    const opened = browser.context.waitForEvent("page");
    await tab.click('[data-action="open-extension-settings"]');
    const settings = await opened;
    await settings.waitForSelector("#blocker-options");
    assert.match(settings.url(), /^chrome-extension:\/\/[a-p]{32}\/options\.html$/);
    await settings.close();
  });

  it("turns it off only after a confirmation, and loads the page only on Try again", async () => {
    const tab = await openFailing(browser, blocked);
    assert.equal(await topCause(tab), "extension-interference");
    const confirm = '.extension-actions .confirm';
    assert.deepEqual(await tab.attributes(confirm, "hidden"), [""], "the confirmation shows before any click");
    await tab.click('[data-action="turn-off-extension"]');
    assert.deepEqual(await tab.attributes(confirm, "hidden"), [null]);
    assert.equal(await tab.text(confirm + " p"), message("confirm_turn_off_extension", BLOCKER_NAME));
    // Cancel turns nothing off.
    await tab.click('[data-action="cancel-turn-off"]');
    assert.deepEqual(await tab.attributes(confirm, "hidden"), [""]);
    await tab.click('[data-action="turn-off-extension"]');
    await tab.click('[data-action="confirm-turn-off"]');
    // The page says so and stays: a site must not get its blocked address
    // loaded by itself once the blocker is off.
    const done = ".extension-actions .turned-off";
    await tab.waitFor(done);
    assert.equal(await tab.text(done), message("extension_turned_off", BLOCKER_NAME));
    assert.match(await tab.url(), /^chrome-extension:\/\/[a-p]{32}\/error\.html#/);
    assert.equal(await tab.evaluate(() => document.activeElement?.dataset.action), "retry");
    await tab.click('[data-action="retry"]');
    await tab.waitForUrl((url) => url === blocked);
    await tab.waitFor("#marker");
  });
});
