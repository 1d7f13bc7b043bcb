// @ts-check
// What every page of ours does to start: each page has a module of its own
// (web/error-page, web/options-page, web/recent-page), loaded and started
// by the page's entry script (error-page.js, options-page.js,
// recent-page.js) through `run`; the core renders and drives the page.
import { api } from "./api.js";
import { SHARED } from "./background/error-page-module.js";

// When each step ended, in ms since the epoch, on <html data-t-*>, for tests/bench/.
const stamp = (/** @type {string} */ step) => {
  document.documentElement.dataset[step] = String(Date.now());
};
stamp("tScript");

/**
 * Firefox: a copy of the error page's module the background compiled
 * (background/error-page-module.js), if it has one. The compiled code is
 * shared, not compiled again. A copy, because the background may go to sleep
 * before this page instantiates the module, and Firefox then cuts off every
 * object of its window ("can't access dead object"; measured: 21 of 100 tabs
 * failing at once). There is no background window to ask in Chromium (a
 * service worker) nor in Firefox's private windows
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

/**
 * Instantiates the page's module and starts it: the module page-early.js
 * began compiling (Chromium), the background's (Firefox, the error page
 * only: `fromBackground`), or else the glue fetches and compiles `url`; if
 * the first two fail to compile or to instantiate, the module is fetched and
 * compiled again: a page never stays blank for want of it.
 * @param {(options: { module_or_path: WebAssembly.Module | Promise<WebAssembly.Module> | URL }) => Promise<unknown>} init the module's wasm-bindgen glue
 * @param {() => void} start the module's `start`
 * @param {URL} url the module's bytes
 * @param {{ fromBackground?: boolean }} [options]
 */
export function run(init, start, url, { fromBackground = false } = {}) {
  /** @type {Promise<WebAssembly.Module> | undefined} */
  const early = /** @type {any} */ (globalThis).netwhyCore;
  const shared = early || !fromBackground ? undefined : backgroundsModule();
  // Who compiled the module this page runs, for tests and the benchmark.
  document.documentElement.dataset.coreCompiledBy = shared ? "background" : "page";
  init({ module_or_path: early ?? shared ?? url })
    .catch(() => init({ module_or_path: url }))
    .then(() => {
      stamp("tWasm");
      start();
    });
}
