// @ts-check
// What the pages' modules (web/page, `src/api.rs` there) ask of the browser:
// the extension APIs, and nothing else. Every page's behaviour is the core's;
// these functions only reach what only JS can. The core imports this module
// by its path (`raw_module`), so it shares this one instance with the page.
import { api } from "./api.js";
import { forgetCopy, storedSettings } from "./settings.js";
import { FAILURE_PREFIX } from "./storage-keys.js";
import { recordArea } from "./record-area.js";

// The error page's first three reads (its record, the settings, its tab),
// asked for as this module loads, while the core compiles, rather than once
// the core is ready to ask: each read is handed to the first call for it.
// (Read after the core, the record cost Firefox ~10 ms: BENCHMARKS.md.)
const errorPage = document.body?.dataset.page === "error";
const recordKey = `${FAILURE_PREFIX}${location.hash.slice(1)}`;
/** @type {{ record?: Promise<Record<string, any>>, settings?: ReturnType<typeof storedSettings>, tab?: Promise<chrome.tabs.Tab | undefined> }} */
const ahead = errorPage
  ? { record: recordArea.get(recordKey), settings: storedSettings(), tab: api.tabs.getCurrent() }
  : {};
for (const read of Object.values(ahead)) read.catch(() => {});

/** The read `ahead[name]` if one is waiting, else a fresh one from `ask`. */
function taken(/** @type {keyof typeof ahead} */ name, /** @type {() => Promise<any>} */ ask) {
  const read = ahead[name];
  delete ahead[name];
  return read ?? ask();
}

/** The failure record stored under `key`, or undefined. */
export async function recordItem(key) {
  const read = key === recordKey ? taken("record", () => recordArea.get(key)) : recordArea.get(key);
  return (await read)[key];
}

/** Stores the failure record `value` under `key`. */
export async function setRecordItem(key, value) {
  await recordArea.set({ [key]: value });
}

/** The value stored under `key` in local storage (this device), or undefined. */
export async function localItem(key) {
  return (await api.storage.local.get(key))[key];
}

/**
 * Replaces the value under `key` in local storage with `update(value)`
 * (`value` null when there is none; an `update` answering null removes the
 * key), holding the lock on `key` meanwhile: every page of ours in every tab
 * reads, changes and writes it one after the other, so a burst of failures
 * shown at once loses none.
 * @param {string} key
 * @param {(value: unknown) => unknown} update
 */
export async function updateLocalItem(key, update) {
  await navigator.locks.request(`netwhy:local:${key}`, async () => {
    const value = update((await api.storage.local.get(key))[key] ?? null);
    await (value == null ? api.storage.local.remove(key) : api.storage.local.set({ [key]: value }));
  });
}

/** The user's (storage.sync) and the administrator's (storage.managed) settings. */
export function settings() {
  return taken("settings", storedSettings);
}

/** Every setting the user saved (storage.sync). */
export async function userSettings() {
  return api.storage.sync.get(null);
}

/** Saves the user's settings (storage.sync). */
export async function saveUserSettings(values) {
  await api.storage.sync.set(values);
  await forgetCopy();
}

/** Calls `listener(area, keys)` whenever storage changes. */
export function onStorageChanged(listener) {
  api.storage.onChanged.addListener((changes, area) => listener(area, Object.keys(changes)));
}

/** The tab this page is in (its `id` and whether it is `incognito`), or undefined (a popup). */
export async function currentTab() {
  return taken("tab", () => api.tabs.getCurrent());
}

/** Opens `url` in a new tab. */
export async function openTab(url) {
  await api.tabs.create({ url });
}

/** Opens NetWhy's options page. */
export async function openOptions() {
  await api.runtime.openOptionsPage();
}

/** NetWhy's own extension id. */
export function selfId() {
  return api.runtime.id;
}

/** The browser's UI language, a BCP 47 tag such as "en-US". */
export function uiLanguage() {
  return api.i18n.getUILanguage();
}

/**
 * Asks for the optional `management` permission; must run within the click's
 * user gesture. True when granted.
 */
export function requestManagement() {
  return api.permissions.request({ permissions: ["management"] });
}

/** Every installed extension (needs `management`). */
export function allExtensions() {
  return api.management.getAll();
}

/** Turns the extension `id` off (needs `management`; Chrome only). */
export async function turnOffExtension(id) {
  await api.management.setEnabled(id, false);
}

/**
 * The browser's proxy setting as JSON, to tell when it changes (the
 * re-checks behind a dead proxy wait for that); null where there is none.
 */
export async function proxySettings() {
  const setting = await api.proxy?.settings.get({});
  return setting ? JSON.stringify(setting) : null;
}

/**
 * Firefox's captive portal state ("locked_portal", "unlocked_portal",
 * "not_captive", "unknown"), or null without detection (Chromium, or
 * detection turned off).
 * @returns {Promise<string | null>}
 */
export async function captivePortalState() {
  /** @type {any} Firefox only. */
  const portal = /** @type {any} */ (api).captivePortal;
  try {
    return portal ? await portal.getState() : null;
  } catch {
    return null;
  }
}

/**
 * Calls `listener(state)` when Firefox's captive portal state changes, and
 * `listener("connectivity")` when the network lets pages through again.
 * Nothing happens without detection.
 * @param {(state: string) => void} listener
 */
export function onCaptivePortalChanged(listener) {
  /** @type {any} Firefox only. */
  const portal = /** @type {any} */ (api).captivePortal;
  if (!portal) return;
  try {
    portal.onStateChanged.addListener((/** @type {{ state: string }} */ details) => listener(details.state));
    portal.onConnectivityAvailable.addListener(() => listener("connectivity"));
  } catch (problem) {
    console.warn("NetWhy cannot follow the captive portal", problem);
  }
}
