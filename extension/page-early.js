// @ts-check
// Starts compiling the pages' core as soon as the page's head is parsed,
// while the rest of the page and its modules load; page.js instantiates the
// compiled module. A classic script, because module scripts run only once
// the whole page is parsed: in Firefox, compiling is the longest step of
// our page (BENCHMARKS.md), and this takes the wait for the modules off it.
/** @type {any} */ (globalThis).netwhyCore = WebAssembly.compileStreaming(fetch("core/netwhy_pages_bg.wasm"));
