// @ts-check
// Chromium only (Firefox's build leaves it out, tools/pages.mjs): starts
// compiling the page's module as soon as the page's head is parsed, from the
// response the page's preload asked for (the one `<link rel="preload">` in
// its head names the module), while the rest of the page and its module
// load; page.js instantiates the compiled module. A classic script, because
// module scripts run only once the whole page is parsed: started from
// page.js instead, wasm init took 12 ms against 1, warm
// (tests/bench/notes.md, session 12). Chromium's background is a service
// worker, with no window to share a compiled module from.
const preload = /** @type {HTMLLinkElement | null} */ (document.querySelector('link[rel="preload"][as="fetch"]'));
if (preload) /** @type {any} */ (globalThis).netwhyCore = WebAssembly.compileStreaming(fetch(preload.href));
