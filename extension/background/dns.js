// @ts-check
// Firefox can look a name up separately (dns.resolve); Chromium cannot. A slow
// resolver must not hold up the page, so the lookup gets a short head start.
import { api } from "../api.js";

const HEAD_START_MS = 300;

/**
 * What the resolver says of `host` now, or null (no API, or too slow).
 * @param {string} host
 * @returns {Promise<{ addresses: string[], error?: string } | null> | null}
 */
export function lookUp(host) {
  /** @type {any} Firefox only. */
  const dns = /** @type {any} */ (api).dns;
  if (!dns) return null;
  const answer = dns.resolve(host).then(
    (/** @type {{ addresses: string[] }} */ record) => ({ addresses: record.addresses }),
    (/** @type {any} */ problem) => ({ addresses: [], error: String(problem?.message ?? problem) }),
  );
  return Promise.race([answer, new Promise((resolve) => setTimeout(resolve, HEAD_START_MS, null))]);
}
