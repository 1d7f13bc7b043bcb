// @ts-check
// What earlier workers left in storage.session for the next one: the ring of
// recent loads, the settings and the platform, read in one call as this
// worker starts. Each call to the extension APIs made before the event that
// woke the worker is dispatched delays that event: Firefox, cold, the event
// came ~30 ms sooner with one read here in place of four calls (ring,
// platform, pending work, then the settings after the event; tests/bench/notes.md,
// session 11).
import { api } from "../api.js";
import { LOADS, PLATFORM, SETTINGS_COPY } from "../storage-keys.js";

/** @type {Promise<Record<string, any>>} */
const read = api.storage.session.get([LOADS, SETTINGS_COPY, PLATFORM]).catch((problem) => {
  console.error("NetWhy could not read what its last worker left", problem);
  return {};
});

/** The stored ring of loads, or null. */
export const loads = read.then((items) => items[LOADS] ?? null);

/** @type {Promise<import("../settings.js").Stored | undefined>} The settings as last read. */
export const settings = read.then((items) => items[SETTINGS_COPY]);

/**
 * `runtime.getPlatformInfo()`, asked once per browser session: the system
 * never changes while the browser runs. Null where it cannot be known.
 * @type {Promise<chrome.runtime.PlatformInfo | null>}
 */
export const platform = read
  .then((items) => items[PLATFORM] ?? api.runtime.getPlatformInfo().then((info) => {
    api.storage.session.set({ [PLATFORM]: info }).catch(() => {});
    return info;
  }))
  .catch(() => null);
