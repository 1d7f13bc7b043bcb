// Error page: finds the failure recorded under the token in our URL's fragment
// and lets the core render it.
import init, { renderFailure, renderMissing, withExtensions } from "./core/netwhy.js";
import { api } from "./api.js";

const key = `failure:${location.hash.slice(1)}`;
const [record] = await Promise.all([
  api.storage.session.get(key).then((items) => items[key]),
  init({ module_or_path: new URL("./core/netwhy_bg.wasm", import.meta.url) }),
]);

if (record) {
  renderFailure(record.failure, record.evidence);
  document.addEventListener("click", (event) => {
    if (event.target.closest('[data-action="show-extensions"]')) showExtensions();
  });
} else {
  renderMissing();
}

// `management` is optional, so the page works without it; asked for here, on
// the user's click, the page can name the extension that blocked the load.
async function showExtensions() {
  if (!(await api.permissions.request({ permissions: ["management"] }))) return;
  record.evidence = withExtensions(record.evidence, await api.management.getAll(), api.runtime.id);
  await api.storage.session.set({ [key]: record });
  renderFailure(record.failure, record.evidence);
}
