// Settings: the options page switches NetWhy off, leaves chosen hosts to the
// browser, and an administrator's policy wins over the user and shows as locked.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch, stopWorkers, waitForErrorPage, ERROR_PAGE } from "./browsers.mjs";
import { openFailing, until } from "./page.mjs";
import { LOADS, SETTINGS_COPY } from "../../extension/storage-keys.js";
import { closedPort } from "./servers.mjs";

/** Opens our options page in a new tab (Firefox: from one of our pages, the only way in). */
async function openOptions(browser) {
  if (browser.kind === "chromium") {
    const tab = await browser.newTab();
    // Node's URL gives no origin for chrome-extension: URLs; the host is the id.
    await tab.navigate(`chrome-extension://${new URL(browser.worker.url()).host}/options.html`);
    await tab.waitFor('html[data-ready="true"]');
    return tab;
  }
  const tab = await openFailing(browser, `http://localhost:${await closedPort()}/`);
  await tab.driver.executeScript("location.href = 'options.html'");
  await tab.waitForUrl((url) => url.endsWith("/options.html"));
  await tab.waitFor('html[data-ready="true"]');
  return tab;
}

/** Does `change` on the options page and waits until it is saved. */
async function save(tab, change) {
  const [before] = await tab.attributes('[data-field="saved"]', "data-saved");
  await change();
  await tab.waitFor(`[data-field="saved"][data-saved]:not([data-saved="${before ?? ""}"])`);
}

/** Waits until the background's history of loads has one for `port`. */
function waitForOutcome(extensionPage, port) {
  return extensionPage.evaluate(
    ({ port, key }) =>
      new Promise((resolve) => {
        const has = (loads) => (loads?.outcomes ?? []).some((outcome) => outcome.port === port);
        const done = () => {
          chrome.storage.onChanged.removeListener(changed);
          resolve();
        };
        const changed = (changes, area) => area === "session" && has(changes[key]?.newValue) && done();
        chrome.storage.onChanged.addListener(changed);
        chrome.storage.session.get(key).then((items) => has(items[key]) && done());
      }),
    { port, key: LOADS },
  );
}

/**
 * Fails `url` in a new tab, then proves the background decided it: a later
 * failure (`barrierUrl`, which the settings still let through) reached our
 * page, and events are handled in order. Returns the first tab.
 */
async function failBehindBarrier(browser, url, barrierUrl) {
  const tab = await browser.newTab();
  await tab.navigate(url);
  await openFailing(browser, barrierUrl);
  return tab;
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: settings`, () => {
    let browser;
    let options;
    before(async () => {
      browser = await launch(kind);
      options = await openOptions(browser);
    });
    after(async () => {
      await browser?.close();
    });

    it("leaves an excluded host to the browser", async () => {
      await save(options, () => options.fill("#excludedHosts", "127.0.0.1"));
      const excluded = `http://127.0.0.1:${await closedPort()}/`;
      const tab = await failBehindBarrier(browser, excluded, `http://localhost:${await closedPort()}/`);
      assert.doesNotMatch(await tab.url(), ERROR_PAGE);
      await save(options, () => options.fill("#excludedHosts", ""));
      await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
    });

    it("stops explaining anything when switched off, and starts again when on", async () => {
      await save(options, () => options.click('input[data-setting="enabled"]'));
      const port = await closedPort();
      const tab = await browser.newTab();
      await tab.navigate(`http://127.0.0.1:${port}/`);
      // The background notes every load's outcome before it decides, in the
      // same turn as it reads the settings: once the outcome is there, it
      // has decided under "off".
      await waitForOutcome(options, port);
      // Switched back on, the next failure gets our page; the one before
      // must not have.
      await save(options, () => options.click('input[data-setting="enabled"]'));
      await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
      assert.doesNotMatch(await tab.url(), ERROR_PAGE);
    });

    // Each worker starts from the copy of the settings an earlier one left
    // in session storage (extension/settings.js); a change must not be lost
    // to a copy made before it. Chromium: its worker can be stopped on demand.
    if (kind === "chromium") {
      it("obeys a change saved while the worker was stopped, in the next worker", async () => {
        await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
        const copy = () => options.evaluate((key) => chrome.storage.session.get(key).then((items) => items[key] ?? null), SETTINGS_COPY);
        await until(copy, (settings) => settings !== null, "no worker left a copy of the settings");
        await stopWorkers(browser, options.page);
        await save(options, () => options.fill("#excludedHosts", "127.0.0.1"));
        // The save may wake a worker; the failure below must be the next one's.
        await stopWorkers(browser, options.page);
        const excluded = `http://127.0.0.1:${await closedPort()}/`;
        const tab = await failBehindBarrier(browser, excluded, `http://localhost:${await closedPort()}/`);
        assert.doesNotMatch(await tab.url(), ERROR_PAGE);
        await save(options, () => options.fill("#excludedHosts", ""));
      });
    }
  });
}

/**
 * The administrator's policy of both browsers' tests, `excludedHosts:
 * ["127.0.0.1"]`, shows as locked on the options page and is obeyed.
 */
async function assertPolicyExcludesLoopback(browser) {
  const options = await openOptions(browser);
  assert.deepEqual(await options.attributes("#excludedHosts", "data-locked"), ["true"]);
  assert.equal(await options.text("#excludedHosts"), "127.0.0.1");
  const tab = await failBehindBarrier(
    browser,
    `http://127.0.0.1:${await closedPort()}/`,
    `http://localhost:${await closedPort()}/`,
  );
  assert.doesNotMatch(await tab.url(), ERROR_PAGE);
}

/** Chromium's id for an unpacked extension: from its absolute path. */
function unpackedId(path) {
  const hex = createHash("sha256").update(path).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join("");
}

const POLICIES = "/etc/chromium/policies/managed";
const asRoot = process.getuid?.() === 0;

describe("chromium: an administrator's policy", { skip: !asRoot && "writing Chromium policies needs root" }, () => {
  let browser;
  const policy = resolve(POLICIES, "netwhy-e2e.json");
  before(async () => {
    const id = unpackedId(resolve(import.meta.dirname, "../../dist/chrome"));
    await mkdir(POLICIES, { recursive: true });
    await writeFile(policy, JSON.stringify({ "3rdparty": { extensions: { [id]: { excludedHosts: ["127.0.0.1"] } } } }));
    browser = await launch("chromium");
  });
  after(async () => {
    await browser?.close();
    await rm(policy, { force: true });
  });

  it("wins over the user and shows as locked", () => assertPolicyExcludesLoopback(browser));
});

// Firefox reads an extension's managed storage from a "native manifest" in
// ~/.mozilla/managed-storage/ (Linux); an administrator can also set it by
// enterprise policy ("3rdparty"). Pointing HOME at a fresh folder gives
// Firefox a managed manifest without touching the real home or needing root.
describe("firefox: an administrator's managed storage", () => {
  let browser;
  let home;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), "netwhy-home-"));
    const folder = join(home, ".mozilla", "managed-storage");
    await mkdir(folder, { recursive: true });
    const id = "netwhy@netwhy.invalid";
    await writeFile(join(folder, `${id}.json`), JSON.stringify({
      name: id, description: "NetWhy end-to-end test policy", type: "storage",
      data: { excludedHosts: ["127.0.0.1"] },
    }));
    browser = await launch("firefox", { env: { HOME: home } });
  });
  after(async () => {
    await browser?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("wins over the user and shows as locked", () => assertPolicyExcludesLoopback(browser));
});
