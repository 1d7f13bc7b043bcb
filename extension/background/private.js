// @ts-check
// Private windows. Chrome runs a second instance of the background for them
// ("incognito": "split", the only mode that can show our page in an
// incognito tab), which sees only their requests; Firefox runs one, and marks
// each request `incognito`. Their loads never enter the ring of recent loads
// nor the list of recent failures; their failure records are marked private
// and short-lived (src/policy/retention.rs), and end with the private session:
// in Chrome by where they live (record-area.js), in Firefox as below.
import { privateRecords } from "../core/netwhy_worker.js";
import { api } from "../api.js";
import { incognitoContext } from "../record-area.js";
import { replacesEntries } from "./history-entries.js";

/** Whether a webRequest event is a private window's (Firefox says so on each). */
export function isPrivate(/** @type {object} */ details) {
  return /** @type {{ incognito?: boolean }} */ (details).incognito ?? incognitoContext;
}

/**
 * Firefox (the browser with `loadReplace`): when the last private window
 * closes, the private session has ended, and its records go.
 * @param {Promise<unknown>} core
 */
export function forgetWithTheSession(core) {
  if (!replacesEntries) return;
  /** @type {any} */ (api).windows?.onRemoved.addListener(async () => {
    try {
      const windows = await api.windows.getAll();
      if (windows.some((window) => window.incognito)) return;
      const area = api.storage.session;
      await core;
      await area.remove(privateRecords(await area.get(null)));
    } catch (problem) {
      console.error("NetWhy could not forget a private session", problem);
    }
  });
}
