// @ts-check
// Background: watches top-level loads, remembers their outcomes, and when one
// fails in a way we explain, gathers the evidence and sends the tab to our
// page. Each concern has its module under background/; this file wires them
// to the events. Listeners are registered synchronously at top level and the
// core is imported statically: Chrome's service worker allows neither
// top-level await nor dynamic import() (https://crbug.com/1198822).
import { core } from "./background/core.js";
import { intercept, siteHistory, staleRecords } from "./core/netwhy_worker.js";
import { api } from "./api.js";
import { currentSettings, followSettings } from "./settings.js";
import { FAILURE_PREFIX } from "./storage-keys.js";
import { lookUp } from "./background/dns.js";
import * as handover from "./background/handover.js";
import { installed } from "./background/extensions.js";
import { proxySetting } from "./background/proxy-setting.js";
import * as entries from "./background/history-entries.js";
import { recorded, remember, restore, source } from "./background/loads.js";
import { compileErrorPageModule } from "./background/error-page-module.js";
import { portal } from "./background/portal.js";
import { resume, whilePending } from "./background/resume.js";
import { forgetWithTheSession, isPrivate } from "./background/private.js";
import { recordArea } from "./record-area.js";
import * as sender from "./background/sender.js";

/** @type {chrome.webRequest.RequestFilter} */
const pages = { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] };
restore(core, handover.loads);
followSettings(handover.settings);
forgetWithTheSession(core);

// When each top-level request started, for the timing evidence. Lost when the
// worker sleeps, which only makes that evidence absent.
/** @type {Map<string, number>} */
const started = new Map();

// Recent proxy errors, newest last. Chromium: proxy.onProxyError; Firefox: proxy.onError.
/** @type {{ error: string, time: number }[]} */
const proxyErrors = [];
/** @type {any} */
const proxy = api.proxy;
(proxy?.onProxyError ?? proxy?.onError)?.addListener((/** @type {any} */ event) => {
  proxyErrors.push({ error: String(event.error ?? event.message ?? event), time: Date.now() });
  proxyErrors.splice(0, proxyErrors.length - 10);
});

/** What the extension APIs say around a failure, stored with it for the page to read (evidence::gathered). */
async function gather(/** @type {{ host: string }} */ failure) {
  const [proxySettings, extensions, { dns, systemDns }, [captivePortal, canonicalUrl], system] = await Promise.all([
    proxySetting(),
    installed(),
    lookUp(failure.host),
    portal(),
    handover.platform,
    recorded(),
  ]);
  return {
    online: navigator.onLine, proxy: proxySettings, proxyErrors, extensions, selfId: api.runtime.id, dns,
    systemDns, captivePortal, canonicalUrl, platform: system, extensionUrl: api.runtime.getURL(""),
  };
}

api.webRequest.onBeforeRequest.addListener((details) => {
  started.set(details.requestId, details.timeStamp);
  entries.started(details);
  return undefined;
}, pages);

api.webRequest.onBeforeRedirect.addListener((details) => {
  sender.redirected(details);
}, pages);

api.webRequest.onCompleted.addListener((details) => {
  const begun = started.get(details.requestId);
  started.delete(details.requestId);
  sender.forget(details.requestId);
  entries.ended(details, true);
  if (!isPrivate(details)) remember(new URL(details.url), details.timeStamp, begun, null, source(details));
}, pages);

api.webRequest.onErrorOccurred.addListener((details) => {
  const { requestId, url, error, method, timeStamp, type, tabId, frameId } = details;
  /** @type {any} */
  const more = details;
  // Only what the record needs: Firefox's `originUrl` is a whole URL, kept as
  // whether it is ours and its origin.
  const load = {
    requestId, url, error, ip: more.ip, method, fromCache: more.fromCache, timeStamp, type, tabId, frameId,
    private: isPrivate(more), byUs: sender.startedByUs(more), sentBy: sender.sentBy(more),
    started: started.get(requestId) ?? null, over: entries.ended(details, false), event: Date.now(),
  };
  started.delete(requestId);
  if (!load.private) remember(new URL(url), timeStamp, load.started, error);
  handle(load);
}, pages);

// Only a failure that gets our page is noted as pending: a load cut short
// (ERR_ABORTED, NS_BINDING_ABORTED, the most common failure) costs no
// storage write.
async function handle(/** @type {any} */ load) {
  try {
    const decided = await decide(load);
    if (!decided) return;
    compileErrorPageModule();
    // Pending work keeps the URL as the record does: at most MAX_STORED_URL.
    await whilePending({ ...load, url: decided.failure.url }, () => explain(load, decided));
  } catch (problem) {
    console.error("NetWhy could not explain a failure", problem);
  }
}
// Records past their age or beyond the caps go a while after each failure
// (one prune for a burst) and a while after every start, so that they go
// without a next failure. Not at once: reading every record beside our
// page's load held it back, in Firefox by 20 to 29 ms, warm (there the
// background and our page share a process; tests/bench/notes.md, session
// 12), and cold, in both browsers, by ~30 ms (session 8). The work an
// earlier worker left half-done is looked for a while after every start,
// not at once either: a wake-up is most often a failure to explain, and the
// calls made before the event that woke the worker compete with it (handover.js).
const RESUME_AFTER_WAKE_MS = 1_000;
const PRUNE_AFTER_WAKE_MS = 5_000;
const PRUNE_AFTER_FAILURE_MS = 3_000;
/** @type {ReturnType<typeof setTimeout> | undefined} The prune to come, if one is. */
let pruning;
function pruneIn(/** @type {number} */ delay) {
  pruning ??= setTimeout(async () => {
    pruning = undefined;
    try {
      await core;
      await recordArea.remove(staleRecords(await recordArea.get(null)));
    } catch (problem) {
      console.error("NetWhy could not remove old records", problem);
    }
  }, delay);
}
setTimeout(() => {
  resume(handle, entries.loadedSince).catch((problem) => console.error("NetWhy could not resume its work", problem));
}, RESUME_AFTER_WAKE_MS);
pruneIn(PRUNE_AFTER_WAKE_MS);

// The failure to explain, with when the core was ready, or null to leave the
// load to the browser.
async function decide(/** @type {any} */ details) {
  const url = new URL(details.url);
  const [{ user, managed }] = await Promise.all([currentSettings(), core]);
  const ready = Date.now();
  const failure = intercept({
    url: details.url,
    scheme: url.protocol.slice(0, -1),
    host: url.hostname,
    port: Number(url.port),
    error: details.error,
    ip: details.ip ?? null,
    method: details.method,
    fromCache: details.fromCache ?? false,
    time: details.timeStamp,
    started: details.started,
    initiator: details.sentBy,
    type: details.type,
    tabId: details.tabId,
    frameId: details.frameId,
  }, user, managed);
  return failure && { failure, ready };
}

async function explain(/** @type {any} */ details, /** @type {{ failure: any, ready: number }} */ { failure, ready }) {
  const { event, started: startedAt } = details;
  // The page finds its failure by this token, never by anything in the URL a
  // site could write.
  const key = `${FAILURE_PREFIX}${crypto.randomUUID()}`;
  // Stored as soon as the evidence is in: in Firefox, while its own error
  // page commits (showsFailedLoad), not after.
  const stored = gather(failure).then((facts) =>
    recordArea.set({
      [key]: {
        failure, gathered: facts, history: siteHistory(failure.host, failure.port, failure.time),
        tabId: details.tabId, created: Date.now(),
        ...(details.private && { private: true }),
        // When each step ended, in ms since the epoch, for tests/bench/.
        timing: { start: startedAt, error: details.timeStamp, event, core: ready },
      },
    }),
  );
  const [revisit, , replace] = await Promise.all([
    entries.backToFailedEntry(details), stored, entries.replacesEntries && entries.showsFailedLoad(details),
  ]);
  if (revisit) {
    await recordArea.remove(key);
    return;
  }
  entries.ours(details.tabId);
  if (entries.superseded(details)) return;
  await api.tabs.update(details.tabId, {
    url: api.runtime.getURL(`error.html#${key.slice(FAILURE_PREFIX.length)}`),
    ...(replace && { loadReplace: true }),
  });
  entries.explained(details.tabId, details.url);
  pruneIn(PRUNE_AFTER_FAILURE_MS);
}
