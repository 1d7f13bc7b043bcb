// @ts-check
// Where the settings live: the user's in storage.sync, an administrator's in
// storage.managed. The core decides which win.
import { api } from "./api.js";
import { SETTINGS_COPY } from "./storage-keys.js";

/** @typedef {{ user: Record<string, unknown>, managed: Record<string, unknown> }} Stored */

/** The administrator's settings; none where managed storage is unavailable. */
export function managedSettings() {
  // Firefox rejects when no policy provides managed storage for the add-on.
  return api.storage.managed?.get(null).catch(() => ({})) ?? Promise.resolve({});
}

/**
 * The user's and the administrator's settings, for the core.
 * @returns {Promise<Stored>}
 */
export async function storedSettings() {
  const [user, managed] = await Promise.all([api.storage.sync.get(null), managedSettings()]);
  return { user, managed };
}

// The background reads them once and again whenever the user or a policy
// changes them, not on every failure: reading storage.sync and
// storage.managed took 15 ms of the way to our page (BENCHMARKS.md). What it
// read it leaves in storage.session (SETTINGS_COPY) for the next worker: at a
// wake-up, those two reads took Firefox 17 to 40 ms after the event, where
// the copy comes with the one read every worker starts with
// (background/handover.js; tests/bench/notes.md, session 11). The copy goes
// whenever sync or managed storage changes, and ends with the browser's
// session; Firefox reads managed storage from files an administrator deploys,
// with no event when they change, so a change there applies from the next
// session.
/** @type {Promise<Stored> | null} */
let cached = null;
/** @type {Promise<Stored | undefined>} The copy an earlier worker left, until out of date. */
let copy = Promise.resolve(undefined);
/** How many changes this worker has heard of: a read that began before one is not copied. */
let changes = 0;

async function read() {
  const seen = changes;
  const left = await copy;
  if (left && seen === changes) return left;
  const settings = await storedSettings();
  if (seen === changes) {
    api.storage.session.set({ [SETTINGS_COPY]: settings }).catch(() => {});
  }
  return settings;
}

/** The settings, from memory when nothing changed since they were read. */
export function currentSettings() {
  cached ??= read().catch((problem) => {
    cached = null;
    throw problem;
  });
  return cached;
}

/**
 * Takes `left`, the settings an earlier worker left (or undefined), and
 * forgets them, the cached ones and the copy whenever they change; call at
 * start-up.
 * @param {Promise<Stored | undefined>} left
 */
export function followSettings(left) {
  copy = left;
  api.storage.onChanged.addListener((_changes, area) => {
    if (area !== "sync" && area !== "managed") return;
    changes += 1;
    cached = null;
    copy = Promise.resolve(undefined);
    forgetCopy();
  });
}

/**
 * Removes the background's copy of the settings: the options page does so as
 * it saves, for a background asleep (which the change may not wake) to read
 * them afresh.
 */
export function forgetCopy() {
  return api.storage.session.remove(SETTINGS_COPY).catch(() => {});
}
