// The floor: the least an extension can do to replace a failed page, and what
// correctness asks of it. A failed top-level load is stored under a random
// token and the tab sent to our page. In Firefox, as NetWhy does, the page
// takes the place of Firefox's own error page in the tab's history
// (`loadReplace`, once that page has committed), so that Back works; the
// bare floor of earlier runs (WAIT_FOR_COMMIT false, written by
// tests/bench/latency.mjs into a copy) skips that wait.
const WAIT_FOR_COMMIT = true;
const COMMIT_WAIT_MS = 500;
const api = globalThis.browser ?? globalThis.chrome;
const replaces = WAIT_FOR_COMMIT && "getBrowserInfo" in api.runtime;

// Resolves true once the tab shows the failed address, false after COMMIT_WAIT_MS.
function committed({ tabId, url }) {
  return new Promise((resolve) => {
    const settle = (shows) => {
      clearTimeout(timer);
      api.tabs.onUpdated.removeListener(updated);
      resolve(shows);
    };
    const updated = (_id, _change, tab) => tab.url === url && settle(true);
    const timer = setTimeout(() => settle(false), COMMIT_WAIT_MS);
    api.tabs.onUpdated.addListener(updated, { tabId, properties: ["url"] });
    api.tabs.get(tabId).then((tab) => tab.url === url && settle(true), () => settle(false));
  });
}

api.webRequest.onErrorOccurred.addListener(async (details) => {
  if (details.tabId < 0 || /ABORTED/.test(details.error)) return;
  // When each step ended, as NetWhy stamps them (tests/bench/latency.mjs).
  const timing = { error: details.timeStamp, event: Date.now() };
  const token = crypto.randomUUID();
  const [replace] = await Promise.all([
    replaces && committed(details),
    api.storage.session.set({ [`failure:${token}`]: { url: details.url, error: details.error, timing, created: Date.now() } }),
  ]);
  await api.tabs.update(details.tabId, {
    url: api.runtime.getURL(`page.html#${token}`),
    ...(replace && { loadReplace: true }),
  });
}, { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] });
