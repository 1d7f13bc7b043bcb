// @ts-check
// How our page sits in the tab's history, so that Back leaves it and never
// traps the user, and which load of a tab is the newest.
import { api, firefox } from "../api.js";
import { FAILURE_PREFIX } from "../storage-keys.js";
import { recordArea } from "../record-area.js";

/**
 * @typedef {{ tabId: number, url: string, requestId: string, over: string | null,
 *   byUs: boolean }} Load
 */

// Chrome keeps a history entry for the failed load under our page, and Back
// from our page loads that address again. Sending it to our page once more
// would trap the user (Back, again our page): a load of the very address the
// tab's page of ours explains, not started by that page (Try again, reload,
// re-checks are), is left to the browser's own error page. That page reloads
// itself (after 1 s, 5 s, 30 s, …); `leftToBrowser` (tab id → URL) keeps
// those reloads the browser's too. (Firefox needs none of this: there our
// page replaces the failed load's entry, see `replacesEntries`.)
/** @type {Map<number, string>} */
const leftToBrowser = new Map();

// What the page of ours in each tab explains (tab id → failed URL), from when
// the background sends the tab there until the tab starts another load; and,
// for each load started over such a page, what that page explained (request
// id → URL). Read when the load starts, it cannot race Chrome's own error
// page, which may commit before the failure is decided (the tab's URL, read
// then, already is the failed address); the tab's URL is only the fallback
// after the worker slept.
/** @type {Map<number, string>} */
const explaining = new Map();
/** @type {Map<string, string>} */
const startedOver = new Map();

// The newest top-level request of each tab (tab id → request id). A failure
// explained while the person already started another load in that tab must
// not send the tab away from it: the newer load wins. (A prerender is no load
// of the tab's own.) Kept for the tabs that loaded most recently, in the order
// they did: a tab left out has no load newer than the failure being explained.
/** @type {Map<number, string>} */
const newest = new Map();
const NEWEST_TABS = 500;

// Firefox commits its own error page for a failed load as an entry of the
// tab's history, shortly after it reports the failure (10 to 104 ms measured
// on two busy cores). Our page opened over it, Back from our page would load
// that address again, fail again and come back here: a trap. So in Firefox
// our page takes that entry's place (tabs.update `loadReplace`, Firefox only:
// https://bugzil.la/1397383; Chrome rejects unknown keys, and has
// `backToFailedEntry`). Replacing before that page commits would replace the
// page before it instead, so the background first waits until the tab shows
// the failed address: told by tabs.onUpdated, not polled, as the URL changes
// (ours to read under our host permissions, with no `tabs` permission).
export const replacesEntries = firefox;
const COMMIT_WAIT_MS = 500;

/**
 * A top-level request starts in a tab.
 * @param {{ tabId: number, requestId: string, documentLifecycle?: string }} details
 */
export function started(details) {
  if (details.documentLifecycle === "prerender") return;
  newest.delete(details.tabId);
  newest.set(details.tabId, details.requestId);
  if (newest.size > NEWEST_TABS) newest.delete(/** @type {number} */ (newest.keys().next().value));
  // A redirect is the same request again: what it started over stays.
  const over = explaining.get(details.tabId);
  if (over !== undefined && !startedOver.has(details.requestId)) {
    startedOver.set(details.requestId, over);
    explaining.delete(details.tabId);
  }
}

/**
 * A top-level request ended: loaded (`completed`) or failed.
 * @param {{ tabId: number, requestId: string }} details
 * @param {boolean} completed
 * @returns {string | null} what the page it started over explained
 */
export function ended(details, completed) {
  const over = startedOver.get(details.requestId) ?? null;
  startedOver.delete(details.requestId);
  if (completed) {
    explaining.delete(details.tabId);
    leftToBrowser.delete(details.tabId);
  }
  return over;
}

/** Whether the tab started a newer load than `details`'. */
export function superseded(/** @type {{ tabId: number, requestId: string }} */ details) {
  return newest.has(details.tabId) && newest.get(details.tabId) !== details.requestId;
}

/** Whether the tab started any load since this worker began. */
export function loadedSince(/** @type {number} */ tabId) {
  return newest.has(tabId);
}

/** A failure of the tab gets our page: its reloads are no longer the browser's. */
export function ours(/** @type {number} */ tabId) {
  leftToBrowser.delete(tabId);
}

/** The tab is on its way to our page explaining `url`. */
export function explained(/** @type {number} */ tabId, /** @type {string} */ url) {
  explaining.set(tabId, url);
}

/**
 * Whether the failed load is Back from our page to the failed entry under it
 * (Chrome), which must keep the browser's own page.
 * @param {Load} details
 */
export async function backToFailedEntry(details) {
  const { over } = details;
  if (replacesEntries) return false;
  if (details.byUs) return false;
  const ours = api.runtime.getURL("");
  let back = over === details.url;
  if (over === null) {
    const shown = (await api.tabs.get(details.tabId).catch(() => null))?.url ?? "";
    if (shown === details.url && leftToBrowser.get(details.tabId) === details.url) return true;
    if (!shown.startsWith(`${ours}error.html#`)) return false;
    const key = `${FAILURE_PREFIX}${new URL(shown).hash.slice(1)}`;
    back = (await recordArea.get(key))[key]?.failure.url === details.url;
  }
  if (back) leftToBrowser.set(details.tabId, details.url);
  return back;
}

/**
 * Firefox: resolves to true once the tab shows the failed address (its own
 * error page committed), false after COMMIT_WAIT_MS.
 * @param {{ tabId: number, url: string }} details
 * @returns {Promise<boolean>}
 */
export function showsFailedLoad(details) {
  const { tabId, url } = details;
  return new Promise((resolve) => {
    const settle = (/** @type {boolean} */ shows) => {
      clearTimeout(timer);
      api.tabs.onUpdated.removeListener(committed);
      resolve(shows);
    };
    const committed = (/** @type {number} */ _id, /** @type {unknown} */ _change, /** @type {{ url?: string }} */ tab) =>
      tab.url === url && settle(true);
    const timer = setTimeout(() => settle(false), COMMIT_WAIT_MS);
    // Firefox filters the events by tab and property itself.
    /** @type {any} */ (api.tabs.onUpdated).addListener(committed, { tabId, properties: ["url"] });
    // It may have committed already.
    api.tabs.get(tabId).then((tab) => tab.url === url && settle(true), () => settle(false));
  });
}
