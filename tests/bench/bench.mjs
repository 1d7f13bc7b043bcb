// NetWhy's benchmark (./build.sh bench): time to a helpful page, size,
// overhead on normal browsing and core throughput, written to BENCHMARKS.md
// and compared with tests/bench/baseline.json (regressions over 20 % are
// called out). `--record` then makes this run the baseline.
// BENCH_RUNS (default 25) sets the timed runs per series; BENCH_BROWSERS
// ("chromium,firefox") which browsers run. Run after ./build.sh.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem, type as osType, release } from "node:os";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { measureLatency, PROBES_STEP } from "./latency.mjs";
import { measureOverhead, SUBRESOURCES } from "./overhead.mjs";
import { measureWasm } from "./wasm.mjs";

const root = resolve(import.meta.dirname, "../..");
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const BROWSERS = (process.env.BENCH_BROWSERS ?? "chromium,firefox").split(",");
const BASELINE = resolve(import.meta.dirname, "baseline.json");
const NOTES = resolve(import.meta.dirname, "notes.md");
const log = (line) => console.log(`bench: ${line}`);

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted.at(-1), n: sorted.length };
};
const ms = (s) => `${s.min.toFixed(0)} / **${s.median.toFixed(0)}** / ${s.max.toFixed(0)}`;
const ratio = (a, b) => `${(a.median / b.median).toFixed(2)}×`;

// Every figure compared with the baseline: name → { value, better: "lower"|"higher" }.
const figures = {};
const figure = (name, value, better = "lower") => (figures[name] = { value: Math.round(value * 100) / 100, better });

function size() {
  const version = JSON.parse(readFileSync(resolve(root, "extension/manifest.json"))).version;
  const rows = [];
  let total = 0;
  // Two modules: the background's and the pages'.
  for (const module of ["worker", "pages"]) {
    const file = `pkg/netwhy_${module}_bg.wasm`;
    const wasm = readFileSync(resolve(root, file));
    const gzip = gzipSync(wasm, { level: 9 }).length;
    rows.push([file, wasm.length, gzip]);
    figure(`${module} wasm bytes`, wasm.length);
    figure(`${module} wasm gzip bytes`, gzip);
    total += wasm.length;
  }
  for (const browser of ["chrome", "firefox"]) {
    const zip = `dist/netwhy-${version}-${browser}.zip`;
    const bytes = readFileSync(resolve(root, zip)).length;
    rows.push([zip, bytes, null]);
    figure(`${browser} zip bytes`, bytes);
  }
  const kib = (n) => (n == null ? "–" : `${n} (${(n / 1024).toFixed(1)} KiB)`);
  return [
    "| file | bytes | gzip -9 |", "| --- | --- | --- |",
    ...rows.map(([file, raw, gz]) => `| ${file} | ${kib(raw)} | ${kib(gz)} |`),
    "", `Target ≤ 100 KiB raw wasm: ${total <= 100 * 1024 ? "met" : "**not met**"} (both modules, ${total} bytes).`,
  ];
}

function core() {
  const out = execFileSync("cargo", ["bench", "--quiet", "--bench", "core"], { cwd: root, encoding: "utf8" });
  const lines = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  const lines3 = ([median, min, max]) => [min, median, max].map((v) => (v / 1000).toFixed(1)).join(" / ");
  const d = lines.find((l) => l.kind === "diagnose");
  figure("diagnoses per second (native)", 1e9 / d.ns[0], "higher");
  const md = [
    `Native (release), \`diagnose\` over the ${d.fixtures} report fixtures, 21 samples: ` +
      `${(d.ns[1] / 1000).toFixed(2)} / **${(d.ns[0] / 1000).toFixed(2)}** / ${(d.ns[2] / 1000).toFixed(2)} µs per diagnosis ` +
      `(min / median / max), **${Math.round(1e9 / d.ns[0]).toLocaleString("en")} diagnoses/s** at the median.`, "",
    "The ring of recent loads (`src/evidence/loads.rs`, cap `MAX_OUTCOMES`): bytes stored as JSON, the background's",
    "per-load cost (parse the ring, record one outcome, serialize it) and one `summary` (run on each failure), µs min / median / max:", "",
    "| outcomes | JSON bytes | bytes/outcome | record one load (µs) | summary (µs) |", "| --- | --- | --- | --- | --- |",
  ];
  for (const h of lines.filter((l) => l.kind === "history")) {
    md.push(`| ${h.outcomes} | ${h.bytes} | ${(h.bytes / h.outcomes).toFixed(1)} | ${lines3(h.recordNs)} | ${lines3(h.summaryNs)} |`);
  }
  coreFigures(lines);
  return md;
}

async function wasmCore() {
  const { failure, history } = await measureWasm();
  const us = (s) => `${(s.min / 1000).toFixed(1)} / **${(s.median / 1000).toFixed(1)}** / ${(s.max / 1000).toFixed(1)}`;
  figure("failures per second (wasm)", 1e9 / failure.median, "higher");
  figure("wasm recordLoad at 200 (µs)", history.at(-1).median / 1000);
  return [
    "Inside wasm (the background's module, pkg/netwhy_worker_bg.wasm, in Node via `initSync`; no DOM): the background's work per failure,",
    `\`intercept\` + \`collectEvidence\` with a 50-outcome ring: ${us(failure)} µs, **${Math.round(1e9 / failure.median).toLocaleString("en")} failures/s**;`,
    "its work per finished load, `recordLoad` into the ring the module holds, µs min / median / max:", "",
    "| outcomes | recordLoad (µs) |", "| --- | --- |",
    ...history.map((h) => `| ${h.outcomes} | ${us(h)} |`),
  ];
}

function coreFigures(lines) {
  const full = lines.filter((l) => l.kind === "history").at(-1);
  figure("history bytes at cap", full.bytes);
  figure("record one load at cap (µs)", full.recordNs[0] / 1000);
}

const STEP_NOTE = "Steps of our page (median ms, each from the end of the one before; wasm init and the storage read run side by side):";

function latencyTable(kind, samples) {
  const s = (variant, state) => stats(samples[variant][state].map((x) => x.total));
  const native = s("native", "warm");
  const md = [
    `#### ${kind}`, "",
    "| page | state | min / **median** / max ms | × floor | × native |", "| --- | --- | --- | --- | --- |",
    `| browser's own error page | – | ${ms(native)} | – | 1.00× |`,
  ];
  for (const state of ["warm", "cold"]) {
    const floor = s("floor", state);
    const ours = s("netwhy", state);
    md.push(`| floor extension | ${state} | ${ms(floor)} | 1.00× | ${ratio(floor, native)} |`);
    md.push(`| NetWhy | ${state} | ${ms(ours)} | **${ratio(ours, floor)}** | ${ratio(ours, native)} |`);
    figure(`${kind} ${state} time to page (ms)`, ours.median);
    figure(`${kind} ${state} ratio to floor`, ours.median / floor.median);
  }
  md.push("", STEP_NOTE, "", "| step | warm | cold |", "| --- | --- | --- |");
  const steps = Object.keys(samples.netwhy.warm[0].steps);
  const step = (state, name) => stats(samples.netwhy[state].map((x) => x.steps[name])).median.toFixed(0);
  for (const name of steps) md.push(`| ${name} | ${step("warm", name)} | ${step("cold", name)} |`);
  const probes = stats(samples.netwhy.warm.map((x) => x.steps[PROBES_STEP]));
  figure(`${kind} probes after render (ms)`, probes.median);
  return [...md, ""];
}

function overheadTable(kind, samples) {
  const [none, floor, ours] = [samples.none, samples.floor, samples.netwhy].map(stats);
  figure(`${kind} overhead ratio`, ours.median / none.median);
  return [`| ${kind} | ${ms(none)} | ${ms(floor)} (${ratio(floor, none)}) | ${ms(ours)} | **${ratio(ours, none)}** |`];
}

function compare(baseline, recorded) {
  if (!baseline) return ["No baseline yet: this run was recorded as tests/bench/baseline.json."];
  const md = ["| figure | baseline | now | change |", "| --- | --- | --- | --- |"];
  const regressions = [];
  for (const [name, { value, better }] of Object.entries(figures)) {
    const was = baseline.figures[name]?.value;
    if (was == null) continue;
    const change = (value - was) / was;
    const worse = better === "lower" ? change > 0.2 : change < -0.2;
    if (worse) regressions.push(name);
    md.push(`| ${name} | ${was} | ${value} | ${(change * 100).toFixed(0)} %${worse ? " **REGRESSION**" : ""} |`);
  }
  const head = regressions.length
    ? [`**Regressions over 20 % against the baseline of ${baseline.date}: ${regressions.join("; ")}.**`]
    : [`No regression over 20 % against the baseline of ${baseline.date}.`];
  regressions.forEach((name) => log(`REGRESSION over 20 %: ${name}`));
  const next = recorded ? ["", "This run then became the baseline (`--record`)."] : [];
  return [...head, "", ...md, ...next];
}

async function main() {
  const record = process.argv.includes("--record") || !existsSync(BASELINE);
  const started = new Date();
  const latency = [];
  const overhead = ["| browser | no extension | floor extension | NetWhy | NetWhy ratio |", "| --- | --- | --- | --- | --- |"];
  const sizeMd = size();
  log("core throughput (cargo bench)");
  const coreMd = [...core(), "", ...(await wasmCore())];
  for (const kind of BROWSERS) {
    log(`${kind}: time to a helpful page`);
    latency.push(...latencyTable(kind, await measureLatency(kind, { runs: RUNS, log })));
    log(`${kind}: overhead on normal browsing`);
    overhead.push(...overheadTable(kind, await measureOverhead(kind, { runs: RUNS, log })));
  }
  const browsers = BROWSERS.map((kind) => execFileSync(kind === "chromium" ? "chromium" : "firefox-esr", ["--version"], { encoding: "utf8" }).trim().split("\n").at(-1));
  const baseline = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, "utf8")) : null;
  const comparison = compare(baseline, record);
  const md = [
    "# NetWhy benchmarks", "",
    "Generated by `./build.sh bench` (tests/bench/bench.mjs); do not edit by hand: the notes at the end come from tests/bench/notes.md.", "",
    `- Date: ${started.toISOString()} (took ${((Date.now() - started) / 60000).toFixed(1)} min)`,
    `- Machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${osType()} ${release()}, Node ${process.version}`,
    `- Browsers: ${browsers.join("; ")} (headless, one at a time)`,
    `- Command: \`./build.sh bench\` (BENCH_RUNS=${RUNS}: every timing is ${RUNS} runs after 3 untimed ones; min / **median** / max)`, "",
    "## 1. Time to a helpful page", "",
    "From navigation start (a blank tab's script sets `location` to a refused `http://127.0.0.1:<closed port>/`, stamped with the browser's `Date.now()`)",
    "to the page being ready: `data-t-rendered` on our page and on the floor's (tests/bench/floor-extension/: the same",
    "onErrorOccurred → storage.session → tabs.update redirect with nothing else), and DOMContentLoaded end of the browser's own error page.",
    "Warm: the background is awake. Cold: Chromium's service worker stopped (CDP `ServiceWorker.stopAllWorkers`), Firefox's event page",
    "left idle past `extensions.background.idle.timeout` (1 s here). Target: NetWhy ≤ 1.15× the floor.", "",
    ...latency,
    "## 2. Size", "", ...sizeMd, "",
    `## 3. Overhead on normal browsing`, "",
    `A page with ${SUBRESOURCES} images from 127.0.0.1 (no-store), its own Navigation Timing (start → load event end), ms, runs in two rounds A B C A B C. The floor extension (webRequest onErrorOccurred only) shows what any webRequest listener costs. Target ≤ 1.02×.`, "",
    ...overhead, "",
    "## 4. Core throughput", "", ...coreMd, "",
    "## Against the baseline", "", ...comparison, "",
    existsSync(NOTES) ? readFileSync(NOTES, "utf8").trim() : "", "",
  ];
  writeFileSync(resolve(root, "BENCHMARKS.md"), md.join("\n"));
  if (record) writeFileSync(BASELINE, JSON.stringify({ date: started.toISOString(), figures }, null, 2) + "\n");
  log(`wrote BENCHMARKS.md${record ? " and tests/bench/baseline.json" : ""}`);
}

await main();
