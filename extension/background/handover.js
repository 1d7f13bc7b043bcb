// @ts-check
// What earlier workers left in storage.session for the next one: the ring of
// recent loads, the settings and the platform, read in one call as this
// worker starts. The calls a worker makes before the event that woke it is
// dispatched compete with that event (Firefox, cold: with its three start-up
// calls put off, the event came 34 ms sooner in one set), and the settings,
// read from sync and managed storage, came 17 ms after it; from the copy
// they come with this read (tests/bench/notes.md, session 11).
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
