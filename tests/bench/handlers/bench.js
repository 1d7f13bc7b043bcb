// Copied into a build of the extension by tests/bench/handlers.mjs (never
// shipped): times, per finished page load, what the background's
// onBeforeRequest and onCompleted listeners run (extension/background.js):
// the same modules, the same wasm, in the same browser, with the ring of
// recent loads empty and then full. Results go to <html data-result>.
import init, { restoreLoads } from "./core/netwhy_worker.js";
import * as entries from "./background/history-entries.js";
import { recorded, remember, restore, source } from "./background/loads.js";
import { isPrivate } from "./background/private.js";
import * as sender from "./background/sender.js";

const core = init({ module_or_path: new URL("./core/netwhy_worker_bg.wasm", import.meta.url) });
restore(core);
await recorded();

// What background.js's two listeners do, line for line.
const started = new Map();
const onBeforeRequest = (details) => {
  started.set(details.requestId, details.timeStamp);
  entries.started(details);
};
const onCompleted = (details) => {
  const begun = started.get(details.requestId);
  started.delete(details.requestId);
  sender.forget(details.requestId);
  entries.ended(details, true);
  if (!isPrivate(details)) remember(new URL(details.url), details.timeStamp, begun, null, source(details));
};

let id = 0;
/** `loads` finished page loads of distinct hosts; µs per load. */
async function time(loads) {
  const details = Array.from({ length: loads }, () => {
    const n = id++;
    return { requestId: `r${n}`, tabId: 1 + (n % 20), url: `https://site${n}.example.com/a/path?q=${n}`, timeStamp: Date.now() };
  });
  const t0 = performance.now();
  for (const d of details) {
    onBeforeRequest(d);
    onCompleted(d);
  }
  await recorded();
  return ((performance.now() - t0) * 1000) / loads;
}

const SAMPLES = 21;
const LOADS = 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const summary = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
const empty = [];
const full = [];
for (let s = 0; s < SAMPLES; s++) {
  // From an empty ring: the first loads fill it (up to 200).
  restoreLoads({ outcomes: [] });
  empty.push(await time(200));
  // At the cap, every load pushes the oldest out.
  full.push(await time(LOADS));
}
document.documentElement.dataset.result = JSON.stringify({ empty: summary(empty), full: summary(full), loads: LOADS });
