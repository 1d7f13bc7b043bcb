// NetWhy's benchmark (./build.sh bench): time to a helpful page, size,
// overhead on normal browsing, scaling and core throughput, written to
// BENCHMARKS.md and compared with tests/bench/baseline.json (regressions
// over 20 % are called out). `--record` then makes this run the baseline.
// BENCH_RUNS (default 25) sets the timed runs per series, BENCH_ROUNDS
// (default 5) over how many browsers a variant's runs go, BENCH_BURST_RUNS
// (default 3) the bursts per size; BENCH_BROWSERS ("chromium,firefox")
// which browsers run; BENCH_PARTS ("latency,overhead,burst,handlers") which
// browser parts. Run after ./build.sh.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, type as osType, release } from "node:os";
import { resolve } from "node:path";
import { measureBursts } from "./burst.mjs";
import { measureHandlers } from "./handlers.mjs";
import { measureLatency, ROUNDS } from "./latency.mjs";
import { measureOverhead, SUBRESOURCES } from "./overhead.mjs";
import { burstTable, coreTable, handlersTable, latencyTable, meetsRatio, overheadRow, sizeTable, summaryTable, wasmTable } from "./tables.mjs";
import { measureWasm } from "./wasm.mjs";

const root = resolve(import.meta.dirname, "../..");
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const BURST_RUNS = Number(process.env.BENCH_BURST_RUNS ?? 3);
const BROWSERS = (process.env.BENCH_BROWSERS ?? "chromium,firefox").split(",");
const PARTS = (process.env.BENCH_PARTS ?? "latency,overhead,burst,handlers").split(",");
const BASELINE = resolve(import.meta.dirname, "baseline.json");
const NOTES = resolve(import.meta.dirname, "notes.md");
const log = (line) => console.log(`bench: ${line}`);

// Every figure compared with the baseline: name → { value, better: "lower"|"higher" }.
const figures = {};
const figure = (name, value, better = "lower") => (figures[name] = { value: Math.round(value * 100) / 100, better });

function core() {
  const out = execFileSync("cargo", ["bench", "--quiet", "--bench", "core"], { cwd: root, encoding: "utf8" });
  return out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
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

/** The goals of the time-to-page table, one line each. */
function verdictLines(verdicts) {
  return verdicts.map(([what, value, goal]) => `- ${what}: ${value.toFixed(2)}× the floor, goal ≤ ${goal.toFixed(2)}×: ${meetsRatio(value, goal) ? "met" : "**not met**"}`);
}

/** The README's speed claim: the summary table between its markers, replaced whole. */
function claim(summary, started) {
  const readme = resolve(root, "README.md");
  const [begin, end] = ["<!-- bench:summary -->", "<!-- /bench:summary -->"];
  const text = readFileSync(readme, "utf8");
  const [at, to] = [text.indexOf(begin), text.indexOf(end)];
  if (at < 0 || to < at) return log("README.md has no bench:summary markers; its speed claim was not updated");
  const day = started.toISOString().slice(0, 10);
  const body = [`*From \`./build.sh bench\` on ${day} ([BENCHMARKS.md](BENCHMARKS.md) has every figure and the machine):*`, "", ...summary];
  writeFileSync(readme, `${text.slice(0, at + begin.length)}\n${body.join("\n")}\n${text.slice(to)}`);
}

async function main() {
  const record = process.argv.includes("--record") || !existsSync(BASELINE);
  const started = new Date();
  const load = loadavg().map((l) => l.toFixed(1)).join(", ");
  const [latency, bursts, verdicts, handlers] = [[], [], [], {}];
  const overhead = [
    "| browser | no extension | floor extension | NetWhy | NetWhy × no extension | NetWhy × floor |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  const sizeMd = sizeTable(figure);
  log("core throughput (cargo bench, wasm in Node)");
  const coreMd = [...coreTable(core(), figure), "", ...wasmTable(await measureWasm(), figure)];
  for (const kind of BROWSERS) {
    if (PARTS.includes("latency")) {
      log(`${kind}: time to a helpful page`);
      latency.push(...latencyTable(kind, await measureLatency(kind, { runs: RUNS, log }), figure, verdicts));
    }
    if (PARTS.includes("overhead")) {
      log(`${kind}: overhead on normal browsing`);
      overhead.push(...overheadRow(kind, await measureOverhead(kind, { runs: RUNS, log }), figure));
    }
    if (PARTS.includes("handlers")) {
      log(`${kind}: the background's handlers per finished load`);
      handlers[kind] = await measureHandlers(kind);
    }
    if (PARTS.includes("burst")) {
      log(`${kind}: many tabs failing at once`);
      bursts.push(...burstTable(kind, await measureBursts(kind, { runs: BURST_RUNS, log }), figure), "");
    }
  }
  const browsers = BROWSERS.map((kind) => execFileSync(kind === "chromium" ? "chromium" : "firefox-esr", ["--version"], { encoding: "utf8" }).trim().split("\n").at(-1));
  const baseline = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, "utf8")) : null;
  const handlersMd = Object.keys(handlers).length ? handlersTable(handlers, figure) : ["Not run."];
  const comparison = compare(baseline, record);
  const summary = summaryTable(figures, BROWSERS);
  const md = [
    "# NetWhy benchmarks", "",
    "Generated by `./build.sh bench` (tests/bench/bench.mjs); do not edit by hand: the notes at the end come from tests/bench/notes.md.", "",
    `- Date: ${started.toISOString()} (took ${((Date.now() - started) / 60000).toFixed(1)} min)`,
    `- Machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${osType()} ${release()}, Node ${process.version}; load average at the start ${load}, at the end ${loadavg().map((l) => l.toFixed(1)).join(", ")}`,
    `- Browsers: ${browsers.join("; ")} (headless, one at a time)`,
    `- Command: \`./build.sh bench\` (BENCH_RUNS=${RUNS}: each time-to-page series is ${RUNS} runs over ${Math.min(ROUNDS, RUNS)} browsers, taken in turns with the other variants', each browser after 2 untimed runs; min / **median** / max)`, "",
    "## Summary", "",
    "The goals of issue 15 in this run (the README quotes this table); the sections below have every figure.", "",
    ...summary, "",
    "## 1. Time to a helpful page", "",
    "From navigation start (a blank tab's script sets `location` to a refused `http://127.0.0.1:<closed port>/`, stamped with the browser's `Date.now()`)",
    "to the page being up: `data-t-rendered` on our page and on the floor's, and DOMContentLoaded end of the browser's own error page.",
    "The floor (tests/bench/floor-extension/) is the least an extension can do to replace the page: the same onErrorOccurred →",
    "storage.session → tabs.update redirect to a page that reads its record, and, in Firefox, what correctness asks besides:",
    "the wait for Firefox's own error page to commit and `loadReplace`, so that Back works (NetWhy does the same). The bare floor",
    "(Firefox only; in Chromium the two are the same) is the floor of earlier runs, without that wait.",
    "Warm: the background is awake (Firefox keeps its default idle timeout, 30 s). Cold: Chromium's service worker stopped (CDP",
    "`ServiceWorker.stopAllWorkers`), Firefox's event page left idle past `extensions.background.idle.timeout`, set to 1 s only in the",
    "browsers of the cold runs (each state has browsers of its own). Goals: NetWhy ≤ 1.10× the floor warm, ≤ 1.20× cold.", "",
    ...verdictLines(verdicts), "",
    ...latency,
    "The complete diagnosis: everything the page shows first comes with the record. The Firefox DNS lookup (up to a 300 ms head",
    "start) runs beside the wait for Firefox's own page to commit, inside the row \"evidence gathered, record stored\". The probes of",
    "this computer's other addresses come after the page is up, announced when they end (the row \"probes of the other addresses\").", "",
    "## 2. Size", "", ...sizeMd, "",
    "## 3. Overhead on normal browsing", "",
    `A page with ${SUBRESOURCES} images from 127.0.0.1 (no-store), its own Navigation Timing (start → load event end), ms, runs in two rounds A B C A B C.`,
    "The floor extension (a webRequest onErrorOccurred listener) shows what any webRequest listener costs and how far the rounds spread.", "",
    ...overhead, "",
    "Per finished page load, in the browser: what the background's `onBeforeRequest` and `onCompleted` listeners run",
    "(tests/bench/handlers/bench.js: the same modules and wasm in an extension page of a copy of the build; 1,000 loads of distinct",
    "hosts per sample, 21 samples, µs per load min / **median** / max). Goal ≤ 20 µs at a full ring.", "",
    ...handlersMd, "",
    "## 4. Scaling", "",
    "Many tabs failing at once: one tab's script opens n tabs on refused addresses in one go; each tab's time from then to its page",
    `(median of ${BURST_RUNS} bursts). The ring from empty to full and the list of recent failures are in section 5.`, "",
    ...(bursts.length ? bursts : ["Not run.", ""]),
    "## 5. Core throughput", "", ...coreMd, "",
    "## Against the baseline", "", ...comparison, "",
    existsSync(NOTES) ? readFileSync(NOTES, "utf8").trim() : "", "",
  ];
  writeFileSync(resolve(root, "BENCHMARKS.md"), md.join("\n"));
  claim(summary, started);
  if (record) writeFileSync(BASELINE, JSON.stringify({ date: started.toISOString(), figures }, null, 2) + "\n");
  log(`wrote BENCHMARKS.md${record ? " and tests/bench/baseline.json" : ""}`);
}

await main();
