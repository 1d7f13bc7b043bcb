// @ts-check
// Firefox can look a name up separately (dns.resolve); Chromium cannot. Both
// lookups skip Firefox's DNS cache (`bypass_cache`), so their answer is
// today's and not the one an earlier load used. The system's resolver alone
// (`disable_trr`) is asked only when the browser's own way found nothing: it
// tells "secure DNS cannot see this name" from "no such name". A slow
// resolver must not hold up the page, so the lookups get a short head start
// and are then left out.
import { api } from "../api.js";

const HEAD_START_MS = 300;

/** @typedef {{ addresses: string[], isTRR?: boolean | null, error?: string, bypassedCache: boolean }} Answer */

/**
 * One lookup of `host` with `flags`, as the core reads it.
 * @param {any} dns
 * @param {string} host
 * @param {string[]} flags
 * @returns {Promise<Answer>}
 */
function resolve(dns, host, flags) {
  return dns.resolve(host, flags).then(
    (/** @type {{ addresses: string[], isTRR?: boolean }} */ record) =>
      ({ addresses: record.addresses, isTRR: record.isTRR ?? null, bypassedCache: true }),
    (/** @type {any} */ problem) => ({ addresses: [], error: String(problem?.message ?? problem), bypassedCache: true }),
  );
}

/**
 * What the resolvers say of `host` now: the browser's way (`dns`) and, when
 * that found nothing, the system's resolver alone (`systemDns`); each null
 * without the API or when too slow.
 * @param {string} host
 * @returns {Promise<{ dns: Answer | null, systemDns: Answer | null }>}
 */
export async function lookUp(host) {
  /** @type {any} Firefox only. */
  const dns = /** @type {any} */ (api).dns;
  if (!dns) return { dns: null, systemDns: null };
  /** @type {Promise<null>} */
  const late = new Promise((done) => setTimeout(done, HEAD_START_MS, null));
  const browsers = resolve(dns, host, ["bypass_cache"]);
  const system = browsers.then((answer) =>
    answer.addresses.length === 0 ? resolve(dns, host, ["bypass_cache", "disable_trr"]) : null);
  const [found, systemFound] = await Promise.all([Promise.race([browsers, late]), Promise.race([system, late])]);
  return { dns: found, systemDns: systemFound };
}
