// @ts-check
// Every page of ours (error, options, recent failures): the core renders and
// drives it (web/pages); this only loads the core and starts it.
import init, { start } from "./core/netwhy_pages.js";

// When each step ended, in ms since the epoch, on <html data-t-*>, for tests/bench/.
const stamp = (/** @type {string} */ step) => {
  document.documentElement.dataset[step] = String(Date.now());
};
stamp("tScript");
init({ module_or_path: new URL("./core/netwhy_pages_bg.wasm", import.meta.url) }).then(() => {
  stamp("tWasm");
  start();
});
