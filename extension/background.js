// Background: watches top-level loads, remembers their outcomes, and when one
// fails in a way we explain, gathers the evidence and sends the tab to our
// page. Listeners are registered synchronously at top level and the core is
// imported statically: Chrome's service worker allows neither top-level await
// nor dynamic import() (https://crbug.com/1198822).
import init, { intercept, recordLoad, collectEvidence, staleRecords, recordRecent } from "./core/netwhy_worker.js";
import { api } from "./api.js";
import { gather, proxied } from "./gather.js";
import { storedSettings } from "./settings.js";

const core = init({ module_or_path: new URL("./core/netwhy_worker_bg.wasm", import.meta.url) });
const pages = { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] };

// When each top-level request started, for the timing evidence. Lost when the
// worker sleeps, which only makes that evidence absent.
const started = new Map();

// The core's ring of recent loads. It lives in storage.session so that it
// survives the worker sleeping; updates form one chain so none is lost, and
// the writes another, in the same order. A failure's evidence reads the ring
// once computed, whether or not its write has ended (or failed).
let history = api.storage.session.get("history").then((items) => items.history ?? null);
let saved = Promise.resolve();

// `source`, for a load that succeeded: the server address the browser
// reports, whether it came from the cache, and whether through a proxy.
function remember(url, time, error = null, source = {}) {
  const load = { scheme: url.protocol.slice(0, -1), host: url.hostname, port: Number(url.port), time, error, ...source };
  // undefined: a load that says nothing about the network left the ring as it was.
  const next = Promise.all([history, core])
    .then(([ring]) => recordLoad(ring, load))
    .catch((problem) => {
      console.error("NetWhy could not record a page load", problem);
      return null;
    });
  history = Promise.all([history, next]).then(([ring, changed]) => (changed === undefined ? ring : changed));
  saved = saved
    .then(() => next)
    .then((ring) => ring && api.storage.session.set({ history: ring }))
    .catch((problem) => console.error("NetWhy could not store the recent loads", problem));
}

// The recent failures the toolbar button lists, in storage.local: on disk, so
// never a private window's. Like the ring above, updates form one chain, so
// a burst of failures loses none.
let recent = Promise.resolve();

function listFailure(tabId, failure, evidence) {
  const tab = api.tabs.get(tabId).catch(() => null);
  recent = recent
    .then(() => tab)
    .then(async (tab) => {
      if (!tab || tab.incognito) return;
      const stored = (await api.storage.local.get("recent")).recent ?? null;
      await api.storage.local.set({ recent: recordRecent(stored, failure, evidence) });
    })
    .catch((problem) => console.error("NetWhy could not list a failure", problem));
}

// Chrome keeps a history entry for the failed load under our page, and Back
// from our page loads that address again. Sending it to our page once more
// would trap the user (Back, again our page): a load of the very address the
// tab's page of ours explains, not started by that page (Try again, reload,
// re-checks are), is left to the browser's own error page. That page reloads
// itself (after 1 s, 5 s, 30 s, …); `leftToBrowser` (tab id → URL) keeps
// those reloads the browser's too. (Firefox needs none of this: there our
// page replaces the failed load's entry, see `replacesEntries`.)
const leftToBrowser = new Map();

// What the page of ours in each tab explains (tab id → failed URL), from when
// the background sends the tab there until the tab starts another load; and,
// for each load started over such a page, what that page explained (request
// id → URL). Read when the load starts, it cannot race Chrome's own error
// page, which may commit before the failure is decided (the tab's URL, read
// then, already is the failed address); the tab's URL is only the fallback
// after the worker slept.
const explaining = new Map();
const startedOver = new Map();

async function backToFailedEntry(details) {
  const { over } = details;
  if (replacesEntries) return false;
  const ours = api.runtime.getURL("");
  const initiator = details.initiator ?? details.originUrl ?? "";
  if (`${initiator}/`.startsWith(ours)) return false;
  let back = over === details.url;
  if (over === null) {
    const shown = (await api.tabs.get(details.tabId).catch(() => null))?.url ?? "";
    if (shown === details.url && leftToBrowser.get(details.tabId) === details.url) return true;
    if (!shown.startsWith(`${ours}error.html#`)) return false;
    const key = `failure:${new URL(shown).hash.slice(1)}`;
    back = (await api.storage.session.get(key))[key]?.failure.url === details.url;
  }
  if (back) leftToBrowser.set(details.tabId, details.url);
  return back;
}

// The newest top-level request of each tab (tab id → request id). A failure
// explained while the person already started another load in that tab must
// not send the tab away from it: the newer load wins. (A prerender is no load
// of the tab's own.) Kept for the tabs that loaded most recently, in the order
// they did: a tab left out has no load newer than the failure being explained.
const newest = new Map();
const NEWEST_TABS = 500;

function noteNewest(details) {
  newest.delete(details.tabId);
  newest.set(details.tabId, details.requestId);
  if (newest.size > NEWEST_TABS) newest.delete(newest.keys().next().value);
}

const superseded = (details) => newest.has(details.tabId) && newest.get(details.tabId) !== details.requestId;

api.webRequest.onBeforeRequest.addListener((details) => {
  started.set(details.requestId, details.timeStamp);
  if (details.documentLifecycle === "prerender") return;
  noteNewest(details);
  // A redirect is the same request again: what it started over stays.
  if (explaining.has(details.tabId) && !startedOver.has(details.requestId)) {
    startedOver.set(details.requestId, explaining.get(details.tabId));
    explaining.delete(details.tabId);
  }
}, pages);

// Firefox commits its own error page for a failed load as an entry of the
// tab's history, shortly after it reports the failure (10 to 104 ms measured
// on two busy cores). Our page opened over it, Back from our page would load
// that address again, fail again and come back here: a trap. So in Firefox
// our page takes that entry's place (tabs.update `loadReplace`, Firefox only:
// https://bugzil.la/1397383; Chrome rejects unknown keys, and has
// `backToFailedEntry`). Replacing before that page commits would replace the
// page before it instead, so the background first waits until the tab shows
// the failed address: told by tabs.onUpdated, not polled, as the URL changes
// (ours to read under our host permissions, with no `tabs` permission).
// Only Firefox has runtime.getBrowserInfo.
const replacesEntries = "getBrowserInfo" in api.runtime;
const COMMIT_WAIT_MS = 500;

function showsFailedLoad(details) {
  const { tabId, url } = details;
  return new Promise((resolve) => {
    const settle = (shows) => {
      clearTimeout(timer);
      api.tabs.onUpdated.removeListener(committed);
      resolve(shows);
    };
    const committed = (_id, _change, tab) => tab.url === url && settle(true);
    const timer = setTimeout(() => settle(false), COMMIT_WAIT_MS);
    // Firefox filters the events by tab and property itself.
    api.tabs.onUpdated.addListener(committed, { tabId, properties: ["url"] });
    // It may have committed already.
    api.tabs.get(tabId).then((tab) => tab.url === url && settle(true), () => settle(false));
  });
}

api.webRequest.onCompleted.addListener((details) => {
  started.delete(details.requestId);
  startedOver.delete(details.requestId);
  explaining.delete(details.tabId);
  leftToBrowser.delete(details.tabId);
  remember(new URL(details.url), details.timeStamp, null, {
    ip: details.ip ?? null, fromCache: details.fromCache ?? false, proxied: proxied(details),
  });
}, pages);

// Chromium kills a renderer process that sends it a bad IPC message, and an
// extension's worker shares its process with the extension's pages. Under
// rapid navigation that happens ("Terminating renderer for bad IPC message,
// reason 167", RWH_INVALID_FRAME_TOKEN, seen on Chromium 156 with two
// cores): the worker died between a failure and its redirect, and the tab
// kept the browser's error page. So each failure stays under
// `pending:<request id>` in storage.session until its tab is on its way, and
// the next worker finishes what an earlier one began (`resume` below).
const PENDING = "pending:";
// This worker's own mark on its pending work (Firefox: this event page's).
const worker = crypto.randomUUID();

api.webRequest.onErrorOccurred.addListener((details) => {
  const { requestId, url, error, ip, method, fromCache, timeStamp, type, tabId, frameId, initiator, originUrl } = details;
  const load = {
    requestId, url, error, ip, method, fromCache, timeStamp, type, tabId, frameId, initiator, originUrl,
    started: started.get(requestId) ?? null, over: startedOver.get(requestId) ?? null, event: Date.now(),
  };
  started.delete(requestId);
  startedOver.delete(requestId);
  remember(new URL(url), timeStamp, error);
  handle(load);
}, pages);

// Only a failure that gets our page is noted as pending: a load cut short
// (ERR_ABORTED, NS_BINDING_ABORTED, the most common failure) costs no
// storage write.
async function handle(load) {
  try {
    const decided = await decide(load);
    if (!decided) return;
    const key = `${PENDING}${load.requestId}`;
    const noted = api.storage.session.set({ [key]: { ...load, worker } });
    try {
      await explain(load, decided);
    } finally {
      noted.then(() => api.storage.session.remove(key)).catch(() => {});
    }
  } catch (problem) {
    console.error("NetWhy could not explain a failure", problem);
  }
}

// Explains the failures an earlier worker left half-done whose tab still
// shows the failed address and has started nothing since.
// It runs on every wake-up, so it reads the keys first: reading all of
// session storage (up to 50 records) delayed Firefox's first event by ~30 ms.
async function resume() {
  const area = api.storage.session;
  // getKeys came in Chrome 130 and is in the Firefox 153 we test; a browser
  // without it reads everything.
  const keys = await (area.getKeys?.() ?? area.get(null).then(Object.keys));
  const pending = keys.filter((key) => key.startsWith(PENDING));
  if (pending.length === 0) return;
  const items = await area.get(pending);
  const left = Object.entries(items).filter(([, load]) => load.worker !== worker);
  if (left.length === 0) return;
  await area.remove(left.map(([key]) => key));
  for (const [, load] of left) {
    const tab = await api.tabs.get(load.tabId).catch(() => null);
    if (tab?.url === load.url && !newest.has(load.tabId)) handle(load);
  }
}
resume().catch((problem) => console.error("NetWhy could not resume its work", problem));

// The settings, read once and again whenever the user or a policy changes
// them, not on every failure: reading storage.sync and storage.managed took
// 15 ms of the way to our page (BENCHMARKS.md).
let settings = null;
api.storage.onChanged.addListener((_changes, area) => {
  if (area === "sync" || area === "managed") settings = null;
});

function currentSettings() {
  settings ??= storedSettings().catch((problem) => {
    settings = null;
    throw problem;
  });
  return settings;
}

// The failure to explain, with when the core was ready, or null to leave the
// load to the browser.
async function decide(details) {
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
    type: details.type,
    tabId: details.tabId,
    frameId: details.frameId,
  }, user, managed);
  return failure && { failure, ready };
}

async function explain(details, { failure, ready }) {
  const { event, started: startedAt } = details;
  const [revisit, facts, replace] = await Promise.all([
    backToFailedEntry(details), gather(failure, history), replacesEntries && showsFailedLoad(details),
  ]);
  if (revisit) return;
  leftToBrowser.delete(details.tabId);
  const evidence = collectEvidence(failure, facts);
  // The page finds its failure by this token, never by anything in the URL a
  // site could write.
  const token = crypto.randomUUID();
  await api.storage.session.set({
    [`failure:${token}`]: {
      failure, evidence, tabId: details.tabId, created: Date.now(),
      // When each step began, in ms since the epoch, for tests/bench/.
      timing: { start: startedAt, error: details.timeStamp, event, core: ready },
    },
  });
  if (superseded(details)) return;
  await api.tabs.update(details.tabId, {
    url: api.runtime.getURL(`error.html#${token}`),
    ...(replace && { loadReplace: true }),
  });
  explaining.set(details.tabId, details.url);
  listFailure(details.tabId, failure, evidence);
  // Old records go once the new page is on its way, off the critical path.
  await api.storage.session.remove(staleRecords(await api.storage.session.get(null)));
}
