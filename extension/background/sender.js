// @ts-check
// The site that sent a tab where it failed: the last address that redirected
// the load, else the page that started it. Chromium gives that page's origin
// (`initiator`), Firefox its whole URL (`originUrl`), which is cut to its
// origin here and kept no further. The page names it (src/views/error_page.rs).
import { api } from "../api.js";

/** Request id → the URL that redirected it last. */
/** @type {Map<string, string>} */
const redirectedFrom = new Map();
const ours = api.runtime.getURL("");

/** A top-level request was redirected away from `details.url`. */
export function redirected(/** @type {{ requestId: string, url: string }} */ details) {
  redirectedFrom.set(details.requestId, details.url);
}

/**
 * Whether one of our pages started the load (Try again, a reload of ours).
 * @param {{ initiator?: string, originUrl?: string }} details
 */
export function startedByUs(details) {
  const page = details.initiator ?? details.originUrl;
  return typeof page === "string" && `${page}/`.startsWith(ours);
}

/**
 * The origin of the site that sent the tab, or null (the user, our pages, an
 * opaque origin); forgets the request's redirects.
 * @param {{ requestId: string, initiator?: string, originUrl?: string }} details
 */
export function sentBy(details) {
  const page = redirectedFrom.get(details.requestId) ?? details.initiator ?? details.originUrl;
  redirectedFrom.delete(details.requestId);
  if (typeof page !== "string" || startedByUs({ initiator: page })) return null;
  try {
    const { origin } = new URL(page);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** A request ended without failing: its redirects say nothing any more. */
export function forget(/** @type {string} */ requestId) {
  redirectedFrom.delete(requestId);
}
