// Private windows: a failure there gets our page when the user allows
// NetWhy in them, but its loads never enter the ring of recent loads the
// normal windows' pages read (so never a "did you mean"), its record is
// marked private, and the records end with the private session (Chrome:
// they live in the incognito profile's own storage; Firefox: they go when
// the last private window closes).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, resolverRules, ERROR_PAGE } from "./browsers.mjs";
import { closedPort, serve, site } from "./servers.mjs";
import { causeTexts, message, openFailing, topCause, until } from "./page.mjs";
import { FAILURE_PREFIX, LOADS } from "../../extension/storage-keys.js";

/** All of session storage, read in one of our pages or workers (`reader.evaluate`). */
const sessionStorage = (reader) => reader.evaluate(() => (globalThis.browser ?? chrome).storage.session.get(null));

const records = (stored) => Object.entries(stored).filter(([key]) => key.startsWith(FAILURE_PREFIX)).map(([, v]) => v);
const ringPorts = (stored) => (stored[LOADS]?.outcomes ?? []).map((outcome) => outcome.port);

describe("chromium: incognito", () => {
  let browser;
  let server;
  let cdp;
  let normalContext;
  before(async () => {
    server = await serve(site());
    browser = await launch("chromium", {
      incognito: true,
      args: [
        resolverRules(`MAP shop.example.com 127.0.0.1:${server.port}`),
        // Incognito tries https first for a name on the internet; the site
        // here speaks http only.
        "--disable-features=HttpsFirstModeIncognito,HttpsUpgrades",
      ],
    });
    // DevTools from a page of the normal profile lists the incognito tabs too.
    const page = await browser.context.newPage();
    cdp = await browser.context.newCDPSession(page);
    normalContext = (await cdp.send("Target.getTargetInfo")).targetInfo.browserContextId;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The pages of incognito windows: {targetId, url, title}. */
  async function incognitoPages() {
    const { targetInfos } = await cdp.send("Target.getTargets");
    return targetInfos.filter((t) => t.type === "page" && t.browserContextId !== normalContext);
  }

  /** Opens `url` in a new incognito window, from our (normal) worker. */
  async function openIncognito(url) {
    await browser.worker.evaluate((url) => chrome.windows.create({ incognito: true, url }), url);
  }

  /** Waits until an incognito page of ours has rendered the failure of `host`. */
  async function incognitoPageShown(host) {
    const title = message("page_document_title", host);
    await until(incognitoPages, (pages) => pages.some((p) => ERROR_PAGE.test(p.url) && p.title === title),
      `no incognito page of ours rendered the failure of ${host}`);
  }

  /** The failure records the incognito instance keeps (its own IndexedDB), by URL. */
  async function incognitoRecords() {
    // Chrome's incognito instance of our worker ("split"): the newest one.
    const workers = browser.context.serviceWorkers()
      .filter((w) => w !== browser.worker && w.url() === browser.worker.url());
    const worker = workers.at(-1);
    if (!worker) return null;
    return worker.evaluate(() => new Promise((resolve, reject) => {
      const opening = indexedDB.open("netwhy-private", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("items");
      opening.onerror = () => reject(opening.error);
      opening.onsuccess = () => {
        const all = opening.result.transaction("items").objectStore("items").getAll();
        all.onsuccess = () => resolve(all.result.filter((item) => item.failure).map((item) => ({
          url: item.failure.url, private: item.private,
        })));
        all.onerror = () => reject(all.error);
      };
    })).catch(() => null);
  }

  it("shows our page for a failure, keeping its record out of shared storage and every list", async () => {
    const port = await closedPort();
    const failing = `http://127.0.0.1:${port}/secret`;
    await openIncognito(failing);
    await incognitoPageShown("127.0.0.1");
    const kept = await until(incognitoRecords, (records) => records?.some((r) => r.url === failing), "no private record");
    assert.equal(kept.find((r) => r.url === failing).private, true);
    // The normal windows' instance reads storage.session: nothing of it there.
    const stored = await sessionStorage(browser.worker);
    assert.ok(!JSON.stringify(stored).includes(`${port}/secret`), "the failure is in shared storage");
    assert.ok(!ringPorts(stored).includes(port), `the ring holds the private failure: ${ringPorts(stored)}`);
    const recent = await browser.worker.evaluate(() => chrome.storage.local.get("recent"));
    assert.ok(!JSON.stringify(recent).includes(String(port)), "listed among recent failures");
  });

  it("never suggests a host loaded in incognito to a normal window", async () => {
    await openIncognito("http://shop.example.com/");
    await until(incognitoPages, (pages) => pages.some((p) => p.url === "http://shop.example.com/" && p.title === "served"),
      "the incognito window never loaded the site");
    const typo = "http://shop.exampel.com/";
    const suggestion = message("step_did_you_mean", "shop.example.com");
    const first = await openFailing(browser, typo);
    assert.equal(await topCause(first), "dns-not-found");
    assert.ok(!(await causeTexts(first, "dns-not-found")).steps.includes(suggestion), "suggested a private host");
    assert.ok(!JSON.stringify((await sessionStorage(first))[LOADS] ?? {}).includes("shop.example.com"));

    // The same in a normal window is suggested: the check above can fail.
    const normal = await browser.newTab();
    await normal.navigate("http://shop.example.com/");
    await normal.waitFor("#marker");
    const second = await openFailing(browser, typo);
    assert.ok((await causeTexts(second, "dns-not-found")).steps.includes(suggestion), "no suggestion at all");
  });

  it("forgets the private records when the incognito session ends", async () => {
    const before = `http://127.0.0.1:${await closedPort()}/before`;
    await openIncognito(before);
    await until(incognitoRecords, (records) => records?.some((r) => r.url === before), "no private record");
    for (const page of await incognitoPages()) await cdp.send("Target.closeTarget", { targetId: page.targetId });
    await until(incognitoPages, (pages) => pages.length === 0, "incognito windows left open");
    // A new incognito session has its own instance, which knows nothing of the last.
    const after = `http://127.0.0.1:${await closedPort()}/after`;
    await openIncognito(after);
    const records = await until(incognitoRecords, (records) => records?.some((r) => r.url === after),
      "no record in the new session");
    assert.deepEqual(records.filter((r) => r.url === before), [], "the last session's record outlived it");
  });
});

describe("firefox: private windows", () => {
  let browser;
  let server;
  before(async () => {
    server = await serve(site());
    browser = await launch("firefox", { privateBrowsing: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows our page, keeps the private loads out of the ring and forgets them with the window", async () => {
    const driver = browser.driver;
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/normal`);
    const normalHandles = await driver.getAllWindowHandles();
    // A private load that succeeds, then one that fails, in a private window.
    const port = await closedPort();
    await tab.evaluate((url) => globalThis.browser.windows.create({ incognito: true, url }), `${server.url}/private`);
    const privateHandle = await until(async () => (await driver.getAllWindowHandles()).find((h) => !normalHandles.includes(h)),
      Boolean, "no private window");
    await driver.switchTo().window(privateHandle);
    await until(() => driver.getCurrentUrl(), (url) => url === `${server.url}/private`, "the private page never loaded");
    await driver.get(`http://127.0.0.1:${port}/secret`).catch(() => {});
    await until(() => driver.getCurrentUrl(), (url) => ERROR_PAGE.test(url), "no page of ours in the private window");
    await until(() => driver.executeScript("return document.documentElement.dataset.ready"), (ready) => ready === "true",
      "our page never rendered");
    assert.equal(await driver.getTitle(), message("page_document_title", "127.0.0.1"));
    // A private window gets no background window (Firefox bug 1329304), so
    // our page there compiles its module itself, and renders.
    assert.equal(await driver.executeScript("return document.documentElement.dataset.coreCompiledBy"), "page");

    await tab.focus();
    const stored = await sessionStorage(tab);
    const record = records(stored).find((r) => r.failure.url === `http://127.0.0.1:${port}/secret`);
    assert.equal(record?.private, true, "the record is marked private");
    for (const hidden of [port, server.port]) {
      assert.ok(!ringPorts(stored).includes(hidden), `the ring holds a private load on ${hidden}: ${ringPorts(stored)}`);
    }
    // A normal window's load does enter it: the check above can fail.
    const normal = await browser.newTab();
    await normal.navigate(`${server.url}/normal`);
    await normal.waitFor("#marker");
    await tab.focus();
    await until(() => sessionStorage(tab), (s) => ringPorts(s).includes(server.port), "the ring missed a normal load");

    // Closing the private window ends the private session.
    await driver.switchTo().window(privateHandle);
    await driver.close();
    await tab.focus();
    const left = await until(() => sessionStorage(tab), (s) => !records(s).some((r) => r.private),
      "private records outlived the private session");
    assert.ok(records(left).length > 0, "the normal windows' records stay");
  });
});
