// @ts-check
// Every page of ours (error, options, recent failures): the core renders and
// drives it (web/pages); this only loads the core and starts it.
import init, { start } from "./core/netwhy_pages.js";
import { api } from "./api.js";
import { SHARED } from "./background/pages-module.js";

// When each step ended, in ms since the epoch, on <html data-t-*>, for tests/bench/.
const stamp = (/** @type {string} */ step) => {
  document.documentElement.dataset[step] = String(Date.now());
};
stamp("tScript");
const url = new URL("./core/netwhy_pages_bg.wasm", import.meta.url);

/**
 * Firefox: a copy of the module the background compiled
 * (background/pages-module.js), if it has one. The compiled code is shared,
 * not compiled again. A copy, because the background may go to sleep before
 * this page instantiates the module, and Firefox then cuts off every object
 * of its window ("can't access dead object"; measured: 21 of 100 tabs failing
 * at once). There is no background window to ask in Chromium (a service
 * worker) nor in Firefox's private windows
 * (https://bugzilla.mozilla.org/show_bug.cgi?id=1329304).
 * @returns {WebAssembly.Module | undefined}
 */
function backgroundsModule() {
  try {
    const module = /** @type {any} */ (api).extension?.getBackgroundPage?.()?.[SHARED];
    return module ? structuredClone(module) : undefined;
  } catch {
    // No background window to ask, or no copy to make: compile it here.
    return undefined;
  }
}

// The module page-early.js began compiling (Chromium), the background's
// (Firefox), or else the glue fetches and compiles `url`; if the first two
// fail to compile or to instantiate, the core is fetched and compiled again:
// a page never stays blank for want of it.
/** @type {Promise<WebAssembly.Module> | undefined} */
const early = /** @type {any} */ (globalThis).netwhyCore;
const shared = early ? undefined : backgroundsModule();
// Who compiled the module this page runs, for tests and the benchmark.
document.documentElement.dataset.coreCompiledBy = shared ? "background" : "page";
init({ module_or_path: early ?? shared ?? url })
  .catch(() => init({ module_or_path: url }))
  .then(() => {
    stamp("tWasm");
    start();
  });
