// @ts-check
// Chromium kills a renderer process that sends it a bad IPC message, and an
// extension's worker shares its process with the extension's pages. Under
// rapid navigation that happens ("Terminating renderer for bad IPC message,
// reason 167", RWH_INVALID_FRAME_TOKEN, seen on Chromium 156 with two
// cores): the worker died between a failure and its redirect, and the tab
// kept the browser's error page. So each failure stays under
// `pending:<request id>` in storage.session until its tab is on its way, and
// the next worker finishes what an earlier one began (`resume`).
import { api } from "../api.js";
import { PENDING_PREFIX } from "../storage-keys.js";
import { recordArea } from "../record-area.js";

// This worker's own mark on its pending work (Firefox: this event page's).
const worker = crypto.randomUUID();

/**
 * Runs `explain(load)` with the load noted as pending meanwhile.
 * @template T
 * @param {{ requestId: string }} load
 * @param {() => Promise<T>} explain
 */
export async function whilePending(load, explain) {
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
 * It runs on every wake-up, so it reads the keys first: reading all of
 * session storage (up to 50 records) delayed Firefox's first event by ~30 ms.
 * @param {(load: any) => void} handle
 * @param {(tabId: number) => boolean} loadedSince
 */
export async function resume(handle, loadedSince) {
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
