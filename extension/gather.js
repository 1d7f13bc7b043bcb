// What the background gathers around a failure with the extension APIs,
// passed to the core as the APIs give it (src/evidence/gathered.rs reads it).
// Listeners are registered when the background imports this module, which it
// does statically: synchronously at the worker's start.
import { api } from "./api.js";

// Recent proxy errors, newest last. Chromium: proxy.onProxyError; Firefox: proxy.onError.
const proxyErrors = [];
(api.proxy?.onProxyError ?? api.proxy?.onError)?.addListener((event) => {
  proxyErrors.push({ error: String(event.error ?? event.message ?? event), time: Date.now() });
  proxyErrors.splice(0, proxyErrors.length - 10);
});

// Whether page loads go through a proxy, for the server address the ring
// keeps (only a direct load's address is the server's). Firefox says so for
// each load (`proxyInfo`); Chromium does not, so there the setting decides:
// a fixed or PAC proxy means proxied; "direct" means not; "system" and
// "auto_detect" cannot be told, and count as direct (null).
let chromiumProxied = null;
function noteProxySetting(setting) {
  const mode = setting?.value?.mode;
  chromiumProxied = mode === "fixed_servers" || mode === "pac_script" ? true : mode === "direct" ? false : null;
}
if (api.proxy?.settings && !("getBrowserInfo" in api.runtime)) {
  api.proxy.settings.onChange?.addListener(noteProxySetting);
  api.proxy.settings.get({}).then(noteProxySetting, () => {});
}

/** Whether a finished load (`onCompleted` details) went through a proxy: true, false or null. */
export function proxied(details) {
  if ("proxyInfo" in details) return details.proxyInfo != null && details.proxyInfo.type !== "direct";
  return chromiumProxied;
}

// Firefox can look a name up separately (dns.resolve); Chromium cannot. Both
// lookups skip Firefox's DNS cache, so their answer is today's and not the one
// an earlier load used. The system's resolver alone (`disable_trr`) is asked
// only when the browser's own way found nothing: it tells "secure DNS cannot
// see this name" from "no such name". A slow resolver must not hold up the
// page, so the lookups get a short head start and are then left out.
const LOOKUP_MS = 300;

function resolve(host, flags) {
  return api.dns.resolve(host, flags).then(
    (record) => ({ addresses: record.addresses, isTRR: record.isTRR ?? null, bypassedCache: true }),
    (problem) => ({ addresses: [], error: String(problem?.message ?? problem), bypassedCache: true }),
  );
}

function lookUp(host) {
  if (!api.dns) return { dns: null, systemDns: null };
  const deadline = new Promise((done) => setTimeout(done, LOOKUP_MS, null));
  const dns = resolve(host, ["bypass_cache"]);
  const systemDns = dns.then((answer) =>
    answer.addresses.length === 0 ? resolve(host, ["bypass_cache", "disable_trr"]) : null);
  return Promise.all([Promise.race([dns, deadline]), Promise.race([systemDns, deadline])])
    .then(([dns, systemDns]) => ({ dns, systemDns }));
}

// Firefox's captive portal detection; it rejects while the detection is off
// (network.captive-portal-service.enabled), which reads as unknown.
function portal() {
  if (!api.captivePortal) return [null, null];
  return Promise.all([api.captivePortal.getState(), api.captivePortal.canonicalURL.get({})]).catch(() => [null, null]);
}

// The system never changes while the browser runs; steps are worded for it.
const platform = api.runtime.getPlatformInfo().catch(() => null);

/** Everything known around `failure`, with `ring` the background's recent loads. */
export async function gather(failure, ring) {
  const [proxy, extensions, { dns, systemDns }, [captivePortal, canonicalUrl], system] = await Promise.all([
    api.proxy?.settings.get({}).catch(() => null) ?? null,
    // Only with the optional `management` permission (Chrome keeps getSelf and
    // friends without it); the page works without the list.
    api.management?.getAll?.().catch(() => null) ?? null,
    lookUp(failure.host),
    portal(),
    platform,
  ]);
  return {
    online: navigator.onLine, proxy, proxyErrors, extensions, selfId: api.runtime.id, history: await ring, dns,
    systemDns, captivePortal, canonicalUrl, platform: system, extensionUrl: api.runtime.getURL(""),
  };
}
