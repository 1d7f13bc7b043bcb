// @ts-check
// Chromium kills a renderer process that sends it a bad IPC message, and an
// extension's worker shares its process with the extension's pages. Under
// rapid navigation that happens ("Terminating renderer for bad IPC message,
// reason 167", RWH_INVALID_FRAME_TOKEN, seen on Chromium 156 with two
// cores): the worker died between a failure and its redirect, and the tab
// kept the browser's error page. So each failure stays under
// `pending:<request id>` in storage.session until its tab is on its way, and
// the next worker finishes what an earlier one began (`resume`).
//
// Only there. Firefox's background is an event page, which sleeps only once
// idle, in a process that no bad IPC message from it kills: there the note
// guarded only against that process crashing within the ~100 ms of a
// failure's way, and its write and removal, two calls more to Firefox's busy
// parent process, held our page back by 6 to 21 ms in three sets of cold
// starts (tests/bench/notes.md, session 15).
import { api, firefox } from "../api.js";
import { PENDING_PREFIX } from "../storage-keys.js";
import { recordArea } from "../record-area.js";

// This worker's own mark on its pending work.
const worker = crypto.randomUUID();

/** Whether this background notes its pending work, and so resumes an earlier one's. */
const notesPending = !firefox;

/**
 * Runs `explain(load)`, with the load noted as pending meanwhile where
 * pending work is noted.
 * @template T
 * @param {{ requestId: string }} load
 * @param {() => Promise<T>} explain
 */
export async function whilePending(load, explain) {
  if (!notesPending) return explain();
  const key = `${PENDING_PREFIX}${load.requestId}`;
  // Beside the records: a private window's stays out of shared storage.
  const noted = recordArea.set({ [key]: { ...load, worker } });
  try {
    return await explain();
  } finally {
    noted.then(() => recordArea.remove(key)).catch(() => {});
  }
}

/**
 * Hands to `handle` the failures an earlier worker left half-done whose tab
 * still shows the failed address and has started nothing since (`loadedSince`).
 * Nothing where no notes are written. It runs on every wake-up, so it
 * reads the keys first: reading all of session storage (up to 50 records)
 * delayed Firefox's first event by ~30 ms.
 * @param {(load: any) => void} handle
 * @param {(tabId: number) => boolean} loadedSince
 */
export async function resume(handle, loadedSince) {
  if (!notesPending) return;
  const area = recordArea;
  // getKeys came in Chrome 130 and is in the Firefox 153 we test; a browser
  // without it reads everything.
  const keys = await (/** @type {any} */ (area).getKeys?.() ?? area.get(null).then(Object.keys));
  const pending = keys.filter((/** @type {string} */ key) => key.startsWith(PENDING_PREFIX));
  if (pending.length === 0) return;
  const items = await area.get(pending);
  const left = Object.entries(items).filter(([, load]) => load.worker !== worker);
  if (left.length === 0) return;
  await area.remove(left.map(([key]) => key));
  for (const [, load] of left) {
    const tab = await api.tabs.get(load.tabId).catch(() => null);
    if (tab?.url === load.url && !loadedSince(load.tabId)) handle(load);
  }
}
