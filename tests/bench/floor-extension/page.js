// Reads the record the background stored under our token, then is ready.
const api = globalThis.browser ?? globalThis.chrome;
const stamp = (step) => (document.documentElement.dataset[step] = String(Date.now()));
stamp("tScript");
const key = `failure:${location.hash.slice(1)}`;
const record = (await api.storage.session.get(key))[key];
document.title = record ? record.error : "missing";
stamp("tRendered");
document.documentElement.dataset.ready = "true";
