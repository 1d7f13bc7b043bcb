// Reads the record the background stored under our token, then is ready.
const api = globalThis.browser ?? globalThis.chrome;
const key = `failure:${location.hash.slice(1)}`;
const record = (await api.storage.session.get(key))[key];
document.title = record ? record.error : "missing";
document.documentElement.dataset.tRendered = String(Date.now());
document.documentElement.dataset.ready = "true";
