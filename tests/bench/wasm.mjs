// Core throughput inside wasm: the background's module
// (pkg/netwhy_worker_bg.wasm) instantiated in Node with the generated glue's
// initSync. Only what needs no DOM runs here: the background's work per
// failure (intercept + collectEvidence) and per finished load (recordLoad
// into the ring the module holds, of n outcomes).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function time(calls, f, samples = 21) {
  const ns = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) f(i);
    ns.push(Number(process.hrtime.bigint() - start) / calls);
  }
  ns.sort((a, b) => a - b);
  return { min: ns[0], median: ns[samples >> 1], max: ns.at(-1) };
}

export async function measureWasm() {
  const core = await import(resolve(root, "pkg/netwhy_worker.js"));
  core.initSync({ module: readFileSync(resolve(root, "pkg/netwhy_worker_bg.wasm")) });
  const now = 1.7e12;
  const event = {
    url: "http://127.0.0.1:5173/", scheme: "http", host: "127.0.0.1", port: 5173,
    error: "net::ERR_CONNECTION_REFUSED", ip: null, method: "GET", fromCache: false,
    time: now, started: now - 3, type: "main_frame", tabId: 1, frameId: 0,
  };
  // The module's ring holds exactly `n` outcomes, as a worker restores it.
  const ringOf = (n) => {
    core.restoreLoads(null);
    for (let i = 0; i < n; i++) {
      const error = i % 5 ? null : "net::ERR_CONNECTION_REFUSED";
      core.recordLoad({ scheme: "https", host: `site${i}.example.com`, port: 0, time: now + i, started: null, error });
    }
    return core.storedLoads();
  };
  ringOf(50);
  const gathered = { online: true, proxy: null, proxyErrors: [], extensions: null, selfId: "x", dns: null };
  const failure = time(200, () => core.collectEvidence(core.intercept(event, null, null), gathered));
  const history = [25, 50, 100, 200].map((n) => {
    const ring = ringOf(n);
    const load = { scheme: "https", host: "new.example.com", port: 0, time: now + 1e6, started: null, error: null };
    // Each call starts from the same ring, restored outside the timing.
    const samples = [];
    for (let s = 0; s < 21; s++) {
      core.restoreLoads(ring);
      samples.push(time(1, () => core.recordLoad(load), 1).median);
    }
    samples.sort((a, b) => a - b);
    return { outcomes: n, min: samples[0], median: samples[10], max: samples.at(-1) };
  });
  return { failure, history };
}
