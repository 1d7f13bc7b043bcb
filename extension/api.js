// @ts-check
// The WebExtension API object: Firefox's promise-based `browser`, else Chrome's
// `chrome` (promise-based too in Manifest V3). Typed as Chrome's: the few
// Firefox-only members are reached through casts where they are used.
/** @type {typeof chrome} */
export const api = /** @type {any} */ (globalThis).browser ?? globalThis.chrome;

/**
 * Whether this is Firefox, for what the two browsers do differently: only
 * Firefox has `runtime.getBrowserInfo`. (False outside an extension, where
 * Node's tests import modules for their constants.)
 */
export const firefox = api?.runtime !== undefined && "getBrowserInfo" in api.runtime;
