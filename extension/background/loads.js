// @ts-check
// The ring of recent loads lives in the worker's module (the core's memory):
// a finished load costs an insert there. It is written to storage.session
// behind, at most every WRITE_DELAY_MS, and restored by the next worker:
// Chrome's worker gets no "about to sleep" event (it lives at least 30 s
// after its last event), so a crash can cost the last second or so of loads.
import { recordLoad, restoreLoads, storedLoads } from "../core/netwhy_worker.js";
import { api } from "../api.js";
import { LOADS } from "../storage-keys.js";
import { settingProxies } from "./proxy-setting.js";

const WRITE_DELAY_MS = 1000;

/**
 * The ring, once an earlier worker's is restored; loads recorded before wait
 * for it, in order.
 * @type {Promise<unknown>}
 */
let ready = Promise.resolve();
// Once restored, a load goes straight into the ring, with no promise: the
// loads that waited are all in by then (they run as microtasks of the
// restore, before any later event's listener).
let restored = false;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let write;

/**
 * Restores the ring an earlier worker wrote (`stored`, as handover.js read
 * it), once `core` is ready.
 * @param {Promise<unknown>} core
 * @param {Promise<unknown>} stored
 */
export function restore(core, stored) {
  ready = Promise.all([core, stored])
    .then(([, loads]) => restoreLoads(loads))
    .catch((problem) => console.error("NetWhy could not restore the recent loads", problem))
    .finally(() => {
      restored = true;
    });
  return ready;
}

/**
 * Where a finished load (`onCompleted`'s details) came from: the server
 * address the browser reports, whether from the cache, whether through a
 * proxy (only a direct load's address is the server's). Firefox says that
 * for each load (`proxyInfo`); Chromium does not, so there the proxy setting
 * decides.
 * @param {any} details
 */
export function source(details) {
  const proxied = "proxyInfo" in details
    ? details.proxyInfo != null && details.proxyInfo.type !== "direct"
    : settingProxies();
  return { ip: details.ip ?? null, fromCache: details.fromCache ?? false, proxied };
}

/**
 * Remembers how a top-level load of `url` ended at `time` (`error`: how it
 * failed); `begun`, when this worker saw it start, so the ring knows how
 * long each load took (a slow site, a refusal after seconds); `from`, for a
 * success, where it came from (see `source`).
 * @param {URL} url
 * @param {number} time
 * @param {number | null | undefined} begun
 * @param {string | null} [error]
 * @param {ReturnType<typeof source> | {}} [from]
 */
export function remember(url, time, begun, error = null, from = {}) {
  const { ip = null, fromCache = false, proxied = null } = /** @type {Partial<ReturnType<typeof source>>} */ (from);
  const record = () => {
    try {
      if (recordLoad(url.protocol.slice(0, -1), url.hostname, Number(url.port), time, begun, error, ip, fromCache, proxied)) {
        write ??= setTimeout(save, WRITE_DELAY_MS);
      }
    } catch (problem) {
      console.error("NetWhy could not record a page load", problem);
    }
  };
  if (restored) record();
  else ready = ready.then(record);
}

/** Resolves once every load remembered so far is in the ring. */
export function recorded() {
  return ready;
}

function save() {
  write = undefined;
  api.storage.session
    .set({ [LOADS]: storedLoads() })
    .catch((problem) => console.error("NetWhy could not store the recent loads", problem));
}
