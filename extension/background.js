// Background: watches top-level loads, hands failures to the core, and sends the
// tab to our page. Listeners are registered synchronously at top level, and the
// core is imported statically: Chrome's service worker allows neither top-level
// await nor dynamic import() (https://crbug.com/1198822).
import init, { intercept } from "./core/netwhy.js";
import { api } from "./api.js";

const core = init({ module_or_path: new URL("./core/netwhy_bg.wasm", import.meta.url) });
const pages = { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] };

// When each top-level request started, for the core's timing evidence. Lost
// when the worker sleeps; the evidence is optional.
const started = new Map();

api.webRequest.onBeforeRequest.addListener((details) => {
  started.set(details.requestId, details.timeStamp);
}, pages);

api.webRequest.onCompleted.addListener((details) => {
  started.delete(details.requestId);
}, pages);

api.webRequest.onErrorOccurred.addListener(async (details) => {
  const startedAt = started.get(details.requestId) ?? null;
  started.delete(details.requestId);
  await core;
  const url = new URL(details.url);
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
  });
  if (!failure) return;
  // The page finds its failure by this token, never by anything in the URL a
  // site could write.
  const token = crypto.randomUUID();
  await api.storage.session.set({
    [`failure:${token}`]: { failure, tabId: details.tabId, created: Date.now() },
  });
  await api.tabs.update(details.tabId, { url: api.runtime.getURL(`error.html#${token}`) });
}, pages);
