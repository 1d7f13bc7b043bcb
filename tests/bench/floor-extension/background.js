// The floor: the same redirect as NetWhy's with nothing else. A failed
// top-level load is stored under a random token and the tab sent to our page.
const api = globalThis.browser ?? globalThis.chrome;

api.webRequest.onErrorOccurred.addListener(async (details) => {
  if (details.tabId < 0 || /ABORTED/.test(details.error)) return;
  const token = crypto.randomUUID();
  await api.storage.session.set({ [`failure:${token}`]: { url: details.url, error: details.error } });
  await api.tabs.update(details.tabId, { url: api.runtime.getURL(`page.html#${token}`) });
}, { urls: ["http://*/*", "https://*/*"], types: ["main_frame"] });
