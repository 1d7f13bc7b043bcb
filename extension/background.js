// Background: watches top-level loads, remembers their outcomes, and when one
// fails in a way we explain, gathers the evidence and sends the tab to our
// page. Listeners are registered synchronously at top level and the core is
// imported statically: Chrome's service worker allows neither top-level await
// nor dynamic import() (https://crbug.com/1198822).
import init, { intercept, recordLoad, collectEvidence, staleRecords } from "./core/netwhy.js";
import { api } from "./api.js";
import { storedSettings } from "./settings.js";

const core = init({ module_or_path: new URL("./core/netwhy_bg.wasm", import.meta.url) });
const pages = { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] };

// When each top-level request started, for the timing evidence. Lost when the
// worker sleeps, which only makes that evidence absent.
const started = new Map();

// Recent proxy errors, newest last. Chromium: proxy.onProxyError; Firefox: proxy.onError.
const proxyErrors = [];
(api.proxy?.onProxyError ?? api.proxy?.onError)?.addListener((event) => {
  proxyErrors.push({ error: String(event.error ?? event.message ?? event), time: Date.now() });
  proxyErrors.splice(0, proxyErrors.length - 10);
});

// The core's ring of recent loads. It lives in storage.session so that it
// survives the worker sleeping; updates form one chain so none is lost.
let history = api.storage.session.get("history").then((items) => items.history ?? null);

function remember(url, time, error = null) {
  const load = { scheme: url.protocol.slice(0, -1), host: url.hostname, port: Number(url.port), time, error };
  history = Promise.all([history, core])
    .then(([ring]) => recordLoad(ring, load))
    .then((ring) => api.storage.session.set({ history: ring }).then(() => ring))
    .catch((problem) => {
      console.error("NetWhy could not record a page load", problem);
      return null;
    });
  return history;
}

// Firefox can look a name up separately (dns.resolve); Chromium cannot. A slow
// resolver must not hold up the page, so the lookup gets a short head start.
function lookUp(host) {
  if (!api.dns) return null;
  const answer = api.dns.resolve(host).then(
    (record) => ({ addresses: record.addresses }),
    (problem) => ({ addresses: [], error: String(problem?.message ?? problem) }),
  );
  return Promise.race([answer, new Promise((resolve) => setTimeout(resolve, 300, null))]);
}

async function gather(failure) {
  const [proxy, extensions, dns, ring] = await Promise.all([
    api.proxy?.settings.get({}).catch(() => null) ?? null,
    // Only with the optional `management` permission (Chrome keeps getSelf and
    // friends without it); the page works without the list.
    api.management?.getAll?.().catch(() => null) ?? null,
    lookUp(failure.host),
    history,
  ]);
  return { online: navigator.onLine, proxy, proxyErrors, extensions, selfId: api.runtime.id, history: ring, dns };
}

// Chrome keeps a history entry for the failed load under our page, and Back
// from our page loads that address again. Sending it to our page once more
// would trap the user (Back, again our page): a load of the very address the
// tab's page of ours explains, not started by that page (Try again, reload,
// re-checks are), is left to the browser's own error page. That page reloads
// itself (after 1 s, 5 s, 30 s, …); `leftToBrowser` (tab id → URL) keeps
// those reloads the browser's too.
const leftToBrowser = new Map();

async function backToFailedEntry(details) {
  const ours = api.runtime.getURL("");
  const initiator = details.initiator ?? details.originUrl ?? "";
  if (`${initiator}/`.startsWith(ours)) return false;
  const shown = (await api.tabs.get(details.tabId).catch(() => null))?.url ?? "";
  if (shown === details.url && leftToBrowser.get(details.tabId) === details.url) return true;
  if (!shown.startsWith(`${ours}error.html#`)) return false;
  const key = `failure:${new URL(shown).hash.slice(1)}`;
  const back = (await api.storage.session.get(key))[key]?.failure.url === details.url;
  if (back) leftToBrowser.set(details.tabId, details.url);
  return back;
}

api.webRequest.onBeforeRequest.addListener((details) => {
  started.set(details.requestId, details.timeStamp);
}, pages);

api.webRequest.onCompleted.addListener((details) => {
  started.delete(details.requestId);
  leftToBrowser.delete(details.tabId);
  remember(new URL(details.url), details.timeStamp);
}, pages);

api.webRequest.onErrorOccurred.addListener(async (details) => {
  const event = Date.now();
  const startedAt = started.get(details.requestId) ?? null;
  started.delete(details.requestId);
  const url = new URL(details.url);
  remember(url, details.timeStamp, details.error);
  const [{ user, managed }] = await Promise.all([storedSettings(), core]);
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
    started: startedAt,
    type: details.type,
    tabId: details.tabId,
    frameId: details.frameId,
  }, user, managed);
  if (!failure) return;
  const [revisit, facts] = await Promise.all([backToFailedEntry(details), gather(failure)]);
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
  await api.tabs.update(details.tabId, { url: api.runtime.getURL(`error.html#${token}`) });
  // Old records go once the new page is on its way, off the critical path.
  await api.storage.session.remove(staleRecords(await api.storage.session.get(null)));
}, pages);
