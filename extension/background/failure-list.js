// @ts-check
// The recent failures the toolbar button lists, in storage.local: on disk, so
// never a private window's. Updates form one chain, so a burst of failures
// loses none.
import { recordRecent } from "../core/netwhy_worker.js";
import { api } from "../api.js";
import { FAILURE_LIST } from "../storage-keys.js";

/** @type {Promise<unknown>} */
let chain = Promise.resolve();

/**
 * Adds the failure shown in tab `tabId` to the list, unless the tab is private.
 * @param {number} tabId
 * @param {unknown} failure
 * @param {unknown} evidence
 */
export function listFailure(tabId, failure, evidence) {
  const tab = api.tabs.get(tabId).catch(() => null);
  chain = chain
    .then(() => tab)
    .then(async (tab) => {
      // A private failure never gets here; the tab's own flag is a second check.
      if (!tab || tab.incognito) return;
      const stored = (await api.storage.local.get(FAILURE_LIST))[FAILURE_LIST] ?? null;
      await api.storage.local.set({ [FAILURE_LIST]: recordRecent(stored, failure, evidence) });
    })
    .catch((problem) => console.error("NetWhy could not list a failure", problem));
}
