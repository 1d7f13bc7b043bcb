// @ts-check
// Where the settings live: the user's in storage.sync, an administrator's in
// storage.managed. The core decides which win.
import { api } from "./api.js";

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
// storage.managed took 15 ms of the way to our page (BENCHMARKS.md).
/** @type {Promise<Stored> | null} */
let cached = null;

/** The settings, from memory when nothing changed since they were read. */
export function currentSettings() {
  cached ??= storedSettings().catch((problem) => {
    cached = null;
    throw problem;
  });
  return cached;
}

/** Forgets the cached settings when they change; call at start-up. */
export function followSettings() {
  api.storage.onChanged.addListener((_changes, area) => {
    if (area === "sync" || area === "managed") cached = null;
  });
}
