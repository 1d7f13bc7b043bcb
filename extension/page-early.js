// @ts-check
// Starts compiling the pages' core as soon as the page's head is parsed,
// while the rest of the page and its modules load; page.js instantiates the
// compiled module. A classic script, because module scripts run only once
// the whole page is parsed: in Firefox, compiling is the longest step of
// our page (BENCHMARKS.md), and this takes the wait for the modules off it.
//
// In Firefox the background has usually compiled the module already
// (background/pages-module.js): the page copies it from there. The
// background's window is null in private windows
// (https://bugzilla.mozilla.org/show_bug.cgi?id=1329304), and in Chromium,
// whose background is a service worker: then the page compiles it.
(() => {
  /** @type {any} */
  const scope = globalThis;
  const api = scope.browser ?? scope.chrome;
  /** @type {WebAssembly.Module | undefined} */
  let shared;
  try {
    // A copy of our own (the compiled code is shared, not compiled again):
    // the background may go to sleep before this page instantiates the
    // module, and Firefox then cuts off every object of its window ("can't
    // access dead object"; measured: 21 of 100 tabs failing at once).
    const module = api?.extension?.getBackgroundPage?.()?.netwhyPagesModule;
    shared = module ? structuredClone(module) : undefined;
  } catch {
    // No background window to ask, or no copy to make: compile it here.
  }
  // Who compiled the module this page runs, for tests and the benchmark.
  document.documentElement.dataset.coreCompiledBy = shared ? "background" : "page";
  scope.netwhyCore = shared
    ? Promise.resolve(shared)
    : WebAssembly.compileStreaming(fetch("core/netwhy_pages_bg.wasm"));
})();
