// Error page: finds the failure recorded under the token in our URL's fragment
// and lets the core render it.
import init, { renderFailure, renderMissing } from "./core/netwhy.js";
import { api } from "./api.js";

const key = `failure:${location.hash.slice(1)}`;
const [record] = await Promise.all([
  api.storage.session.get(key).then((items) => items[key]),
  init({ module_or_path: new URL("./core/netwhy_bg.wasm", import.meta.url) }),
]);
if (record) renderFailure(record.failure, record.evidence);
else renderMissing();
