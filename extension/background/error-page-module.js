// @ts-check
// Firefox: the error page's module compiled once in the background, for our
// error page to take (page.js), instead of compiled again by every one.
//
// Compiling it was the longest step of our page in Firefox (45 to 50 ms of
// about 60 after the page loads, BENCHMARKS.md): Firefox keeps no compiled
// code for an extension's pages, and a WebAssembly.Module can no longer be
// stored in IndexedDB (https://bugzilla.mozilla.org/show_bug.cgi?id=1469395).
// There the background is a page too, in the same process as ours, so a page
// can copy the module from it (extension.getBackgroundPage); it is compiled
// when a failure is to be explained, while Firefox commits its own error
// page, and kept while the background is awake. Nothing is compiled for a
// load that succeeds. Chromium's background is a service worker, which has no
// window to share; there the page's own compile took 3 to 9 ms (measured).
import { api } from "../api.js";

/** The name of the module on the background's window, where page.js looks for it. */
export const SHARED = "netwhyErrorPageModule";

/** @type {Promise<void> | null} The compile under way or done, if any. */
let compiling = null;

/**
 * Starts compiling the error page's module, once, where the background is a page.
 * Only the finished module is put where a page can take it, never a promise:
 * a page must not wait on a background that may go to sleep meanwhile, and
 * one that finds nothing compiles the module itself.
 */
export function compileErrorPageModule() {
  /** @type {any} */
  const background = globalThis;
  if (typeof background.document === "undefined" || compiling) return;
  compiling = WebAssembly.compileStreaming(fetch(api.runtime.getURL("core/netwhy_error_page_bg.wasm"))).then(
    (module) => {
      background[SHARED] = module;
    },
    () => {
      // The page compiles it itself; the next failure tries again.
      compiling = null;
    },
  );
}
