// The benchmark's tables: samples in, Markdown lines out, and every figure
// the baseline compares (`figure(name, value, better)`).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { READY_TIMEOUT_MS, WASM_INIT } from "./latency.mjs";

const STUCK_LIMIT_S = READY_TIMEOUT_MS / 1000;

const root = resolve(import.meta.dirname, "../..");

export const stats = (values) => {
  const sorted = [...values].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { min: NaN, median: NaN, max: NaN, n: 0 };
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted.at(-1), n: sorted.length };
};
const ms = (s) => `${s.min.toFixed(0)} / **${s.median.toFixed(0)}** / ${s.max.toFixed(0)}`;
const ratio = (a, b) => `${(a.median / b.median).toFixed(2)}×`;
const us = (s) => `${(s.min / 1000).toFixed(1)} / **${(s.median / 1000).toFixed(1)}** / ${(s.max / 1000).toFixed(1)}`;
const met = (ok) => (ok ? "met" : "**not met**");

// Goals of issue 15: time to page against the (fair) floor, per browser,
// and wasm init on our page in Firefox halved (18 → 9 ms).
export const GOALS = { warm: 1.1, cold: 1.2, firefoxWasmInit: 9 };

/**
 * Whether a ratio meets its goal, judged as it is reported: to two
 * decimals, the precision the goals are stated in (a median ratio of 1.105
 * reads 1.10× and meets ≤ 1.10). The summary and the verdict lines both ask
 * here, so they cannot disagree (session 14's run: 1.10× "met" in one,
 * "not met" in the other).
 */
export const meetsRatio = (value, goal) => Math.round(value * 100) / 100 <= goal;

/**
 * The wasm modules (build.sh's MODULES, web/<name>), what loads each, and
 * its size goal in KB (issue 15: the worker's ≤ 150, a page's ≤ 200).
 */
const MODULES = [
  { module: "worker", who: "the background, on every wake-up", goal: 150 },
  { module: "error_page", who: "our error page", goal: 200 },
  { module: "options_page", who: "the options page", goal: 200 },
  { module: "recent_page", who: "the recent failures (the toolbar button's popup)", goal: 200 },
];

/** Each module's size, the zips', and whether the size goals are met. */
export function sizeTable(figure) {
  const version = JSON.parse(readFileSync(resolve(root, "extension/manifest.json"))).version;
  const kb = (n) => (n == null ? "–" : `${n.toLocaleString("en")} (${(n / 1000).toFixed(1)} KB)`);
  const md = ["| file | what loads it | bytes | gzip -9 | goal |", "| --- | --- | --- | --- | --- |"];
  const goals = [];
  for (const { module, who, goal } of MODULES) {
    const wasm = readFileSync(resolve(root, `pkg/netwhy_${module}_bg.wasm`));
    const gzip = gzipSync(wasm, { level: 9 }).length;
    figure(`${module} wasm bytes`, wasm.length);
    figure(`${module} wasm gzip bytes`, gzip);
    md.push(`| pkg/netwhy_${module}_bg.wasm | ${who} | ${kb(wasm.length)} | ${kb(gzip)} | ≤ ${goal} KB: ${met(wasm.length <= goal * 1000)} |`);
    goals.push(wasm.length <= goal * 1000);
  }
  for (const browser of ["chrome", "firefox"]) {
    const zip = `dist/netwhy-${version}-${browser}.zip`;
    const bytes = readFileSync(resolve(root, zip)).length;
    figure(`${browser} zip bytes`, bytes);
    md.push(`| ${zip} | the store | ${kb(bytes)} | – | – |`);
  }
  return md;
}

/** Native core: diagnoses, the ring of recent loads and the list of recent failures. */
export function coreTable(lines, figure) {
  const three = ([median, min, max]) => [min, median, max].map((v) => (v / 1000).toFixed(1)).join(" / ");
  const d = lines.find((l) => l.kind === "diagnose");
  figure("diagnoses per second (native)", 1e9 / d.ns[0], "higher");
  const md = [
    `Native (release), \`diagnose\` over the ${d.fixtures} report fixtures, 21 samples: ` +
      `${(d.ns[1] / 1000).toFixed(2)} / **${(d.ns[0] / 1000).toFixed(2)}** / ${(d.ns[2] / 1000).toFixed(2)} µs per diagnosis ` +
      `(min / median / max), **${Math.round(1e9 / d.ns[0]).toLocaleString("en")} diagnoses/s** at the median.`, "",
    "The ring of recent loads (`src/evidence/loads.rs`, cap `MAX_OUTCOMES`), empty to full: its size as stored (written behind,",
    "at most once a second), one load recorded in memory (the worker's work per finished load) and one `summary` (per failure), µs min / median / max:", "",
    "| outcomes | JSON bytes | record one load (µs) | summary (µs) |", "| --- | --- | --- | --- |",
  ];
  for (const h of lines.filter((l) => l.kind === "history")) {
    md.push(`| ${h.outcomes} | ${h.bytes} | ${three(h.recordNs)} | ${three(h.summaryNs)} |`);
  }
  const full = lines.filter((l) => l.kind === "history").at(-1);
  figure("history bytes at cap", full.bytes);
  md.push("", "The list of recent failures (`src/views/failure_list.rs`, cap `MAX_RECENT`), as the error page adds its failure once it is up:",
    "read the stored list, add the entry (one diagnosis), write it; µs min / median / max:", "",
    "| entries | JSON bytes | add one failure (µs) |", "| --- | --- | --- |");
  for (const l of lines.filter((l) => l.kind === "list")) md.push(`| ${l.entries} | ${l.bytes} | ${three(l.ns)} |`);
  return md;
}

/** Inside wasm, in Node: the worker's exports, per call, ring empty to full. */
export function wasmTable({ rows }, figure) {
  const full = rows.at(-1);
  figure("failures per second (wasm)", 1e9 / full.failure.median, "higher");
  figure("wasm recordLoad at 200 (µs)", full.recordLoad.median / 1000);
  return [
    "Inside wasm (pkg/netwhy_worker_bg.wasm in Node via `initSync`), each call timed on its own (median of 101 or 51 calls, 21 samples;",
    "min / **median** / max of the samples, µs). Per finished load, `recordLoad` into the ring in the module's memory; per failure,",
    "`intercept` + `siteHistory` (the ring's summary of the site); the write-behind (`storedLoads`, at most once a second) and a",
    "new worker's `restoreLoads`:", "",
    "| outcomes in the ring | recordLoad | intercept + siteHistory | storedLoads | restoreLoads |", "| --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.outcomes} | ${us(r.recordLoad)} | ${us(r.failure)} | ${us(r.stored)} | ${us(r.restore)} |`),
    "", `Target ≤ 20 µs per finished load at a full ring (wasm): ${met(full.recordLoad.median <= 20_000)} (${(full.recordLoad.median / 1000).toFixed(1)} µs).`,
  ];
}

/** In the browser: the background's JS and wasm per finished load. */
export function handlersTable(results, figure) {
  const md = [
    "| browser | ring filling from empty (µs per load) | ring full (µs per load) | ≤ 20 µs at a full ring |", "| --- | --- | --- | --- |",
  ];
  const f = (s) => `${s.min.toFixed(1)} / **${s.median.toFixed(1)}** / ${s.max.toFixed(1)}`;
  for (const [kind, r] of Object.entries(results)) {
    figure(`${kind} handlers per load at full ring (µs)`, r.full.median);
    md.push(`| ${kind} | ${f(r.empty)} | ${f(r.full)} | ${met(r.full.median <= 20)} |`);
  }
  return md;
}

const STEP_NOTE = "Steps (median ms, each from the end of the one before; our wasm init and record read run side by side; the floor's \"record read\" includes its render; – where there is no such step):";
const NAMES = { native: "browser's own error page", bare: "bare floor (earlier runs' floor)", floor: "floor extension", netwhy: "NetWhy" };

/** Time to a helpful page in one browser; `verdicts` collects whether each goal is met. */
export function latencyTable(kind, samples, figure, verdicts) {
  const s = (variant, state) => stats(samples[variant][state].map((x) => x.total));
  const native = s("native", "warm");
  const hasBare = Boolean(samples.bare);
  const md = [
    `#### ${kind}`, "",
    `| page | state | min / **median** / max ms | × floor |${hasBare ? " × bare floor |" : ""} × browser's own |`,
    `| --- | --- | --- | --- |${hasBare ? " --- |" : ""} --- |`,
    `| ${NAMES.native} | – | ${ms(native)} | – |${hasBare ? " – |" : ""} 1.00× |`,
  ];
  for (const state of ["warm", "cold"]) {
    const floor = s("floor", state);
    const bare = hasBare ? s("bare", state) : null;
    for (const variant of ["bare", "floor", "netwhy"]) {
      if (!samples[variant]) continue;
      const own = s(variant, state);
      const bold = variant === "netwhy" ? (x) => `**${x}**` : (x) => x;
      md.push(`| ${NAMES[variant]} | ${state} | ${ms(own)} | ${bold(ratio(own, floor))} |${hasBare ? ` ${ratio(own, bare)} |` : ""} ${ratio(own, native)} |`);
    }
    const ours = s("netwhy", state);
    figure(`${kind} ${state} time to page (ms)`, ours.median);
    figure(`${kind} ${state} ratio to floor`, ours.median / floor.median);
    if (hasBare) figure(`${kind} ${state} ratio to bare floor`, ours.median / bare.median);
    figure(`${kind} ${state} wasm init (ms)`, stats(samples.netwhy[state].map((x) => x.steps[WASM_INIT])).median);
    verdicts.push([`${kind} ${state}`, ours.median / floor.median, GOALS[state]]);
  }
  md.push("", STEP_NOTE, "", "| step | NetWhy warm | floor warm | NetWhy cold | floor cold |", "| --- | --- | --- | --- | --- |");
  const names = Object.keys(samples.netwhy.warm[0].steps);
  const step = (variant, state, name) => {
    const m = stats(samples[variant][state].map((x) => x.steps[name])).median;
    return Number.isNaN(m) ? "–" : m.toFixed(0);
  };
  for (const name of names) {
    const cells = ["warm", "cold"].flatMap((state) => [step("netwhy", state, name), step("floor", state, name)]);
    md.push(`| ${name} | ${cells.join(" | ")} |`);
  }
  // A load that never became ready is a finding, not noise: named here.
  const stuck = samples.stuck ?? [];
  md.push("", stuck.length === 0
    ? `Every timed and untimed load became ready within ${STUCK_LIMIT_S} s.`
    : `Loads that never became ready within ${STUCK_LIMIT_S} s, left out of the medians: ${stuck.map(({ variant, state }) => `${NAMES[variant]} ${state}`).join(", ")}.`);
  return [...md, ""];
}

/** The scaling curve: many tabs failing at once. */
export function burstTable(kind, samples, figure) {
  const md = [
    `| ${kind}: tabs failing at once | floor: median tab / last tab (ms) | NetWhy: median tab / last tab (ms) | NetWhy × floor (last tab) | NetWhy ms per failure (last tab ÷ tabs) |`,
    "| --- | --- | --- | --- | --- |",
  ];
  for (const n of Object.keys(samples.netwhy)) {
    const m = (variant, key) => stats(samples[variant][n].map((x) => x[key])).median;
    const [fm, fl, nm, nl] = [m("floor", "median"), m("floor", "last"), m("netwhy", "median"), m("netwhy", "last")];
    figure(`${kind} ${n} tabs at once, last page × floor`, nl / fl);
    md.push(`| ${n} | ${fm.toFixed(0)} / ${fl.toFixed(0)} | ${nm.toFixed(0)} / ${nl.toFixed(0)} | ${(nl / fl).toFixed(2)}× | ${(nl / n).toFixed(1)} |`);
  }
  return md;
}

/** Normal browsing: a page of 100 images without an extension, with the floor, with NetWhy. */
export function overheadRow(kind, samples, figure) {
  const [none, floor, ours] = [samples.none, samples.floor, samples.netwhy].map(stats);
  figure(`${kind} overhead ratio`, ours.median / none.median);
  figure(`${kind} overhead ratio to floor`, ours.median / floor.median);
  return [`| ${kind} | ${ms(none)} | ${ms(floor)} (${ratio(floor, none)}) | ${ms(ours)} | **${ratio(ours, none)}** | **${ratio(ours, floor)}** |`];
}

/**
 * The one-screen summary (the README's speed claim): each goal of issue 15
 * per browser, from this run's figures.
 */
export function summaryTable(figures, browsers) {
  const v = (name) => figures[name]?.value;
  const x = (name, goal) => {
    const value = v(name);
    return value == null ? "not run" : `${value.toFixed(2)}×${goal ? (meetsRatio(value, goal) ? " (met)" : " (**not met**)") : ""}`;
  };
  const row = (what, cell) => `| ${what} | ${browsers.map(cell).join(" | ")} |`;
  const kb = (name) => `${(v(name) / 1000).toFixed(1)} KB`;
  const size = (module, goal) =>
    `| ${module.replace("_", " ")} module, raw / gzip (goal ≤ ${goal} KB raw) | ${kb(`${module} wasm bytes`)} / ${kb(`${module} wasm gzip bytes`)}${v(`${module} wasm bytes`) <= goal * 1000 ? " (met)" : " (**not met**)"} |`;
  return [
    `| | ${browsers.join(" | ")} |`, `| --- | ${browsers.map(() => "---").join(" | ")} |`,
    row(`time to our page, warm, × floor (goal ≤ ${GOALS.warm.toFixed(2)})`, (k) => x(`${k} warm ratio to floor`, GOALS.warm)),
    row(`time to our page, cold, × floor (goal ≤ ${GOALS.cold.toFixed(2)})`, (k) => x(`${k} cold ratio to floor`, GOALS.cold)),
    row("warm / cold, × the bare floor (no wait for Firefox's page to commit)", (k) =>
      (v(`${k} warm ratio to bare floor`) == null ? "same as the floor" : `${x(`${k} warm ratio to bare floor`)} / ${x(`${k} cold ratio to bare floor`)}`)),
    row("page with 100 images, × no extension / × floor extension", (k) => `${x(`${k} overhead ratio`)} / ${x(`${k} overhead ratio to floor`)}`),
    row(`wasm init on our page, warm / cold, ms (goal in Firefox ≤ ${GOALS.firefoxWasmInit})`, (k) => {
      const [warm, cold] = ["warm", "cold"].map((state) => v(`${k} ${state} wasm init (ms)`));
      if (warm == null) return "not run";
      const verdict = k === "firefox" ? (Math.max(warm, cold) <= GOALS.firefoxWasmInit ? " (met)" : " (**not met**)") : "";
      return `${warm.toFixed(0)} / ${cold.toFixed(0)}${verdict}`;
    }),
    row("our handlers per finished load at a full ring (goal ≤ 20 µs)", (k) => {
      const us = v(`${k} handlers per load at full ring (µs)`);
      return us == null ? "not run" : `${us.toFixed(1)} µs${us <= 20 ? " (met)" : " (**not met**)"}`;
    }),
    row("100 tabs failing at once, last page × floor", (k) => x(`${k} 100 tabs at once, last page × floor`)),
    "",
    "| size | |", "| --- | --- |",
    ...MODULES.map(({ module, goal }) => size(module, goal)),
    `| \`recordLoad\` per call at a full ring (wasm in Node) | ${v("wasm recordLoad at 200 (µs)")?.toFixed(1)} µs |`,
  ];
}
