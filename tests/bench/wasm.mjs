// Core throughput inside wasm: the worker's module (pkg/netwhy_worker_bg.wasm)
// instantiated in Node with the generated glue's initSync. What the
// background asks of it: per finished load (recordLoad into the ring in the
// module's memory), per failure (intercept + siteHistory), and the
// write-behind and restore of the ring. Every figure is per call, as the
// ring grows from empty to full.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
/** Ring sizes measured, empty to full (MAX_OUTCOMES, src/evidence/loads.rs). */
export const RING_SIZES = [0, 25, 50, 100, 200];
const SAMPLES = 21;

/** min / median / max of the median ns of `calls` single calls, over SAMPLES samples. */
function perCall(calls, setUp, f) {
  const medians = [];
  for (let s = 0; s < SAMPLES; s++) {
    const ns = [];
    for (let i = 0; i < calls; i++) {
      setUp(i);
      const start = process.hrtime.bigint();
      f(i);
      ns.push(Number(process.hrtime.bigint() - start));
    }
    ns.sort((a, b) => a - b);
    medians.push(ns[calls >> 1]);
  }
  medians.sort((a, b) => a - b);
  return { min: medians[0], median: medians[SAMPLES >> 1], max: medians.at(-1) };
}

const now = 1.7e12;
/** A finished load of a distinct host, every fifth one failed. */
const load = (i, time = now + i) => ({
  scheme: "https", host: `site${i}.example.com`, port: 0, time, error: i % 5 ? null : "net::ERR_CONNECTION_REFUSED",
});

export async function measureWasm() {
  const core = await import(resolve(root, "pkg/netwhy_worker.js"));
  core.initSync({ module: readFileSync(resolve(root, "pkg/netwhy_worker_bg.wasm")) });
  const record = ({ scheme, host, port, time, started = null, error }) =>
    core.recordLoad(scheme, host, port, time, started, error, null, false, null);
  /** The stored form of a ring of `n` loads. */
  const ringOf = (n) => {
    core.restoreLoads({ outcomes: [] });
    for (let i = 0; i < n; i++) record(load(i));
    return core.storedLoads();
  };
  const event = {
    url: "http://127.0.0.1:5173/", scheme: "http", host: "127.0.0.1", port: 5173,
    error: "net::ERR_CONNECTION_REFUSED", ip: null, method: "GET", fromCache: false,
    time: now, started: now - 3, type: "main_frame", tabId: 1, frameId: 0,
  };
  const rows = RING_SIZES.map((n) => {
    const ring = ringOf(n);
    const fresh = { scheme: "https", host: "new.example.com", port: 0, time: now + 1e6, error: null };
    // Each call on a ring of exactly n: restored (untimed) before it.
    const recordLoad = perCall(101, () => core.restoreLoads(ring), () => record(fresh));
    const failure = perCall(51, () => core.restoreLoads(ring), () => {
      const failure = core.intercept(event, {}, {});
      core.siteHistory(failure.host, failure.port, failure.time);
    });
    const stored = perCall(51, () => {}, () => core.storedLoads());
    const restore = perCall(51, () => {}, () => core.restoreLoads(ring));
    return { outcomes: n, recordLoad, failure, stored, restore };
  });
  return { rows };
}
