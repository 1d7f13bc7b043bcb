// Reading our error page in a test: the English messages it shows, and the
// causes it lists, in either browser.
import { readFileSync } from "node:fs";
import { createConnection } from "node:net";
import { resolve } from "node:path";
import { waitForErrorPage } from "./browsers.mjs";
import { FAILURE_PREFIX } from "../../extension/storage-keys.js";

const catalogue = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../extension/_locales/en/messages.json"), "utf8"),
);

/**
 * The English text of message `key` with `$1`…`$9` replaced by `args`, as
 * chrome.i18n (and the core) resolve it; `$$` is a dollar sign.
 */
export function message(key, ...args) {
  const entry = catalogue[key];
  if (!entry) throw new Error(`no message ${key} in extension/_locales/en/messages.json`);
  return entry.message.replace(/\$(\$|[1-9])/g, (_, what) => (what === "$" ? "$" : args[what - 1] ?? ""));
}

/** Opens `url` in a new tab of `browser` and waits for our page to render it. */
export async function openFailing(browser, url) {
  const tab = await browser.newTab();
  await tab.navigate(url);
  await waitForErrorPage(tab);
  return tab;
}

/** The record our page in `tab` (Chromium) shows, as the background stored it. */
export function storedRecord(tab) {
  return tab.page.evaluate(async (prefix) => {
    const key = `${prefix}${location.hash.slice(1)}`;
    return (await chrome.storage.session.get(key))[key];
  }, FAILURE_PREFIX);
}

/** The causes the page lists, most likely first. */
export function causes(tab) {
  return tab.attributes("article.cause[data-cause]", "data-cause");
}

/** The most likely cause: the first the page lists. */
export async function topCause(tab) {
  return (await causes(tab))[0];
}

/** The evidence and the steps the page gives for `cause`. */
export async function causeTexts(tab, cause) {
  const article = `article.cause[data-cause="${cause}"]`;
  return {
    evidence: await tab.texts(`${article} ul.evidence li`),
    steps: await tab.texts(`${article} ol.steps li`),
  };
}

/** Whether something accepts connections on `host`:`port`. */
export function listening(port, host = "127.0.0.1") {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

/**
 * Proves the background has handled every event before this point: events
 * are handled in order, so once a later failure has reached our page in a
 * tab of its own, the earlier ones were already decided.
 */
export async function barrier(browser) {
  const { closedPort } = await import("./servers.mjs");
  await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
}

/**
 * Polls `read` until `test` holds for its value, and returns that value;
 * after 15 s, fails naming `what` and the last value.
 */
export async function until(read, test, what) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (test(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
