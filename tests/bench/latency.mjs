// Time to a helpful page: from navigation start (a blank tab's script sets
// location to a refused URL) to the page being ready, for NetWhy, for the floor
// extension (tests/bench/floor-extension/) and for the browser's own page.
// Every end time is read from a clock inside the browser (Date.now() stamps
// on <html data-t-*>, or the native page's Navigation Timing), so polling
// from here adds nothing to a figure.
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch } from "../e2e/browsers.mjs";
import { closedPort } from "../e2e/servers.mjs";

export const FLOOR = resolve(import.meta.dirname, "floor-extension");
/** How long a load may take to become ready before it counts as stuck. */
export const READY_TIMEOUT_MS = 15_000;
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * The floor of earlier runs, for comparison: the floor extension without
 * Firefox's wait for its own error page to commit (a copy, made once).
 */
let bare;
async function bareFloor() {
  bare ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "netwhy-bare-floor-"));
    await cp(FLOOR, dir, { recursive: true });
    const script = join(dir, "background.js");
    const text = await readFile(script, "utf8");
    await writeFile(script, text.replace("const WAIT_FOR_COMMIT = true;", "const WAIT_FOR_COMMIT = false;"));
    return dir;
  })();
  return bare;
}

/** Option for launch(): our extension (undefined), the floor, the bare floor, or none. */
const extension = async (variant) =>
  ({ netwhy: undefined, floor: FLOOR, native: null, bare: variant === "bare" ? await bareFloor() : null })[variant];

// Read in the page once it is ready: its stamps and, on our
// page, the background's stamps from the stored record.
function readStamps() {
  const api = globalThis.browser ?? globalThis.chrome;
  const stamps = { ...document.documentElement.dataset };
  const key = `failure:${location.hash.slice(1)}`;
  if (!api?.storage) return Promise.resolve(stamps);
  return api.storage.session.get(key).then((items) => ({ ...stamps, ...items[key]?.timing, created: items[key]?.created }));
}

// On the browser's own error page: when its DOMContentLoaded ended (Firefox's
// about:neterror never fires load in headless mode).
function nativeLoaded() {
  const error = /^(chrome-error|about:neterror)/.test(document.documentURI);
  const nav = performance.getEntriesByType("navigation")[0];
  return error && nav?.domContentLoadedEventEnd > 0 ? performance.timeOrigin + nav.domContentLoadedEventEnd : null;
}

// Run in the blank tab: starts the navigation and says when, by the browser's clock.
export function go(url) {
  const start = Date.now();
  location.assign(url);
  return start;
}

class ChromiumDriver {
  constructor(browser, page) {
    Object.assign(this, { browser, page });
  }
  async blank() {
    await this.page.goto("about:blank");
  }
  async sleepWorkers() {
    this.cdp ??= await this.browser.context.newCDPSession(this.page);
    await this.cdp.send("ServiceWorker.enable");
    await this.cdp.send("ServiceWorker.stopAllWorkers");
  }
  navigate(url) {
    return this.page.evaluate(go, url);
  }
  async ready() {
    await this.page.waitForSelector('html[data-ready="true"]', { state: "attached", timeout: READY_TIMEOUT_MS });
    return this.page.evaluate(readStamps);
  }
  /** Waits until `script` returns a value in the page, and returns it. */
  async value(script) {
    return (await this.page.waitForFunction(script, null, { timeout: READY_TIMEOUT_MS, polling: 20 })).jsonValue();
  }
}

class FirefoxDriver {
  constructor(browser, idleMs) {
    this.driver = browser.driver;
    this.idleMs = idleMs;
  }
  async blank() {
    await this.driver.get("about:blank");
    await this.value(() => document.readyState === "complete" && location.href === "about:blank");
  }
  async sleepWorkers() {
    // The event page sleeps after extensions.background.idle.timeout.
    if (this.idleMs == null) throw new Error("a cold run needs a browser opened with { cold: true }");
    await sleep(this.idleMs * 3);
  }
  navigate(url) {
    return this.driver.executeScript(go, url);
  }
  async value(script) {
    return this.driver.wait(() => this.driver.executeScript(script).catch(() => null), READY_TIMEOUT_MS);
  }
  async ready() {
    await this.value(() => document.documentElement.dataset.ready === "true");
    return this.driver.executeAsyncScript(`(${readStamps})().then(arguments[0])`);
  }
}

/**
 * Firefox's event page sleeps this long after its last event in a browser
 * opened for cold runs. Only there: at 1 s it also slept between the "warm"
 * runs, whose event then came 44 to 50 ms after the failure instead of about
 * 21, and NetWhy's warm ratio read 1.43 where it was 1.08 to 1.27 with the
 * background awake (tests/bench/notes.md). Warm runs keep Firefox's default
 * (30 s), as people have it.
 */
const FIREFOX_IDLE_MS = 1000;

/**
 * Opens `kind` with `variant`'s extension and a driver for one tab; with
 * `cold`, one whose background can be put to sleep (`sleepWorkers`).
 */
export async function open(kind, variant, { prefs = {}, cold = false } = {}, dir = undefined) {
  const idleMs = cold ? FIREFOX_IDLE_MS : undefined;
  const browser = await launch(kind, {
    extension: dir ?? (await extension(variant)),
    prefs: { ...(cold && { "extensions.background.idle.timeout": idleMs }), ...prefs },
  });
  const tab = await browser.newTab();
  return { browser, driver: kind === "chromium" ? new ChromiumDriver(browser, tab.page) : new FirefoxDriver(browser, idleMs) };
}

/** The step of our page that follows its rendering: looking for the server elsewhere. */
export const PROBES_STEP = "probes of the other addresses (after render, not in the total)";
/** The step the Firefox goal on wasm init reads (tables.mjs). */
export const WASM_INIT = "wasm init";

/** One load of a refused URL: end-to-end ms and, where known, the steps. */
export async function once(driver, variant, cold) {
  await driver.blank();
  if (cold) {
    await driver.sleepWorkers();
    await sleep(200);
  }
  const url = `http://127.0.0.1:${await closedPort()}/`;
  const start = await driver.navigate(url);
  if (variant === "native") {
    const loaded = await driver.value(nativeLoaded);
    return { total: loaded - start };
  }
  const s = await driver.ready();
  // Our page then looks for the server at the other loopback addresses (19
  // for 127.0.0.1:<closed port>), after it is shown: when the last answer came.
  if (variant === "netwhy") s.tProbed = await driver.value(() => document.documentElement.dataset.tProbed ?? null);
  return { total: Number(s.tRendered) - start, steps: (variant === "netwhy" ? steps : floorSteps)(s, start) };
}

/** The floor's steps under the same names as ours (NaN where it has no such step). */
function floorSteps(s, start) {
  const n = (name) => (s[name] == null ? NaN : Number(s[name]));
  return {
    "failure seen": n("error") - start,
    "event dispatched (worker woken)": n("event") - n("error"),
    "core ready in background": NaN,
    "evidence gathered, record stored": n("created") - n("event"),
    "(Firefox: own page committed) tab sent, page loaded": n("tScript") - n("created"),
    [WASM_INIT]: NaN,
    "record read": n("tRendered") - n("tScript"),
    "render": NaN,
    "(after the page is up) listed in recent failures": NaN,
    [PROBES_STEP]: NaN,
  };
}

/**
 * Our page's steps from its stamps (`s`), each from the end of the one
 * before; wasm init and the record read run side by side. Firefox's wait for
 * its own error page to commit runs beside the gathering and storing, and
 * what is left of it after them falls in "tab sent".
 */
export function steps(s, start) {
  const n = (name) => Number(s[name]);
  return {
    "failure seen": n("error") - start,
    "event dispatched (worker woken)": n("event") - n("error"),
    "core ready in background": n("core") - n("event"),
    "evidence gathered, record stored": n("created") - n("core"),
    "(Firefox: own page committed) tab sent, page loaded": n("tScript") - n("created"),
    [WASM_INIT]: n("tWasm") - n("tScript"),
    "record read": n("tStorage") - n("tScript"),
    "render": n("tRendered") - Math.max(n("tWasm"), n("tStorage")),
    "(after the page is up) listed in recent failures": n("tReady") - n("tRendered"),
    [PROBES_STEP]: s.tProbed == null ? NaN : n("tProbed") - n("tRendered"),
  };
}

/**
 * How many browsers each variant's runs are spread over (BENCH_ROUNDS). One
 * browser per variant made the medians hostage to that one browser: two
 * browsers of the same build, measured in turns, differed by up to 60 ms
 * (BENCHMARKS.md). So the runs go in rounds, each variant in a fresh
 * browser per round, the variants taking turns in alternating order.
 */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** The states a variant is measured in: the browser's own page has no extension to wake. */
const statesOf = (variant) => (variant === "native" ? ["warm"] : ["warm", "cold"]);

/**
 * A load that never became ready is reported, not fatal: one stuck load in
 * Chromium once stopped a whole run, and 60 loads of the same build after
 * it all became ready (tests/bench/notes.md, session 11). More than this
 * many in one browser means that browser, or the build, is broken: the run
 * stops.
 */
const STUCK_PER_BROWSER = 2;

/**
 * One timed load, or null when it did not become ready within READY_TIMEOUT_MS,
 * told to `stuck` (playwright's and selenium's timeouts alike are named
 * TimeoutError; any other error stops the run).
 */
async function timed(driver, variant, cold, stuck) {
  try {
    return await once(driver, variant, cold);
  } catch (problem) {
    if (/** @type {Error} */ (problem)?.name !== "TimeoutError" || stuck.length >= STUCK_PER_BROWSER) throw problem;
    stuck.push(String(/** @type {Error} */ (problem).message).split("\n")[0]);
    return null;
  }
}

/**
 * `runs` timed loads per variant and state, spread over `ROUNDS` browsers
 * per variant, each after `warmup` untimed ones. Returns
 * samples[variant][state] = [{total, steps}], and in samples.stuck the
 * loads that never became ready ({variant, state, problem}), left out of
 * the medians.
 */
export async function measureLatency(kind, { runs, warmup = 2, log = () => {} }) {
  // The bare floor differs from the floor only in Firefox.
  const variants = kind === "firefox" ? ["native", "bare", "floor", "netwhy"] : ["native", "floor", "netwhy"];
  const samples = Object.fromEntries(variants.map((v) => [v, Object.fromEntries(statesOf(v).map((state) => [state, []]))]));
  /** @type {{ variant: string, state: string, problem: string }[]} */
  const stuck = [];
  const rounds = Math.max(1, Math.min(ROUNDS, runs));
  for (let round = 0; round < rounds; round++) {
    // The runs shared out as evenly as they go.
    const share = Math.floor(runs / rounds) + (round < runs % rounds ? 1 : 0);
    for (const variant of round % 2 ? [...variants].reverse() : variants) {
      // Each state in a browser of its own: only cold runs may let the
      // background sleep (FIREFOX_IDLE_MS).
      for (const state of statesOf(variant)) {
        const cold = state === "cold";
        const { browser, driver } = await open(kind, variant, { cold });
        /** @type {string[]} */
        const stuckHere = [];
        try {
          for (let i = 0; i < warmup; i++) await timed(driver, variant, cold, stuckHere);
          for (let i = 0; i < share; i++) {
            const sample = await timed(driver, variant, cold, stuckHere);
            if (sample) samples[variant][state].push(sample);
          }
        } finally {
          await browser.close();
          stuck.push(...stuckHere.map((problem) => ({ variant, state, problem })));
        }
      }
    }
  }
  for (const [variant, states] of Object.entries(samples)) {
    for (const [state, list] of Object.entries(states)) log(`${kind} ${variant} ${state}: ${list.map((s) => Math.round(s.total)).join(" ")}`);
  }
  for (const { variant, state, problem } of stuck) log(`${kind} ${variant} ${state}: a load never became ready (${problem})`);
  return { ...samples, stuck };
}
