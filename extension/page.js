// @ts-check
// Every page of ours (error, options, recent failures): the core renders and
// drives it (web/pages); this only loads the core and starts it.
import init, { start } from "./core/netwhy_pages.js";

// When each step ended, in ms since the epoch, on <html data-t-*>, for tests/bench/.
const stamp = (/** @type {string} */ step) => {
  document.documentElement.dataset[step] = String(Date.now());
};
stamp("tScript");
// The module page-early.js began compiling (or took from Firefox's
// background); if that fails to compile or to instantiate, the core is
// fetched and compiled again: a page never stays blank for want of it.
const url = new URL("./core/netwhy_pages_bg.wasm", import.meta.url);
/** @type {Promise<WebAssembly.Module> | URL} */
const compiled = /** @type {any} */ (globalThis).netwhyCore ?? url;
init({ module_or_path: compiled })
  .catch(() => init({ module_or_path: url }))
  .then(() => {
    stamp("tWasm");
    start();
  });
