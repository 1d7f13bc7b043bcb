// Scaling with the number of failures at once: one blank tab's script opens
// `n` tabs (window.open) on refused addresses in one go, and each tab's time
// to a helpful page is read from its own stamps (data-t-rendered, by the
// browser's clock, so the polling here adds nothing to a figure). NetWhy and
// the floor extension, each in a browser of its own per burst.
import { closedPort } from "../e2e/servers.mjs";
import { open, sleep } from "./latency.mjs";

// BENCH_BURSTS ("10,30,100") sets the sizes.
export const BURSTS = (process.env.BENCH_BURSTS ?? "10,30,100").split(",").map(Number);
const TIMEOUT = 120_000;
// Firefox lets a script open 20 windows by default, and only on a click.
const POPUPS = { "dom.popup_maximum": 1000, "dom.disable_open_during_load": false };

// Run in the blank tab: opens every URL in a tab of its own; when, by the browser's clock.
function openAll(urls) {
  const start = Date.now();
  for (const url of urls) window.open(url, "_blank");
  return start;
}

function stamps() {
  const html = document.documentElement;
  return html.dataset.ready === "true" ? Number(html.dataset.tRendered) : null;
}

/** The rendered stamps of the `n` tabs besides the first, once all are ready. */
async function renderedChromium(browser, first, n) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const pages = browser.context.pages().filter((page) => page !== first);
    const times = await Promise.all(pages.map((page) => page.evaluate(stamps).catch(() => null)));
    const ready = times.filter((t) => t != null);
    if (ready.length >= n) return ready;
    if (Date.now() > deadline) throw new Error(`${ready.length} of ${n} tabs ready`);
    await sleep(250);
  }
}

async function renderedFirefox(browser, n) {
  const driver = browser.driver;
  const deadline = Date.now() + TIMEOUT;
  const first = await driver.getWindowHandle();
  const done = new Map();
  for (;;) {
    for (const handle of await driver.getAllWindowHandles()) {
      if (handle === first || done.has(handle)) continue;
      await driver.switchTo().window(handle);
      const t = await driver.executeScript(stamps).catch(() => null);
      if (t != null) done.set(handle, t);
    }
    if (done.size >= n) return [...done.values()];
    if (Date.now() > deadline) throw new Error(`${done.size} of ${n} tabs ready`);
    await sleep(250);
  }
}

/** Closes every tab but the first. */
async function closeOthers(kind, browser, first) {
  if (kind === "chromium") {
    await Promise.all(browser.context.pages().filter((page) => page !== first).map((page) => page.close()));
    return;
  }
  const driver = browser.driver;
  for (const handle of await driver.getAllWindowHandles()) {
    if (handle === first) continue;
    await driver.switchTo().window(handle);
    await driver.close();
  }
  await driver.switchTo().window(first);
}

/**
 * Bursts of `n` failures in one browser, after an untimed one of 3 (the
 * browser's first tabs start slowly): each burst's tabs' ms from the start
 * to their page.
 */
async function bursts(kind, variant, n, runs) {
  const { browser, driver } = await open(kind, variant, { prefs: POPUPS });
  try {
    await driver.blank();
    // Firefox runs window.open 100 times in one script past WebDriver's
    // default 30 s script timeout on a loaded machine; the start stamp is
    // taken before the first, so the time it takes counts in every figure.
    if (kind === "firefox") await browser.driver.manage().setTimeouts({ script: TIMEOUT });
    const first = kind === "chromium" ? driver.page : await browser.driver.getWindowHandle();
    const once = async (count) => {
      const urls = [];
      for (let i = 0; i < count; i++) urls.push(`http://127.0.0.1:${await closedPort()}/tab-${i}`);
      const start = kind === "chromium" ? await first.evaluate(openAll, urls) : await browser.driver.executeScript(openAll, urls);
      const rendered = kind === "chromium" ? await renderedChromium(browser, first, count) : await renderedFirefox(browser, count);
      await closeOthers(kind, browser, first);
      return rendered.map((t) => t - start);
    };
    await once(3);
    const all = [];
    for (let r = 0; r < runs; r++) all.push(await once(n));
    return all;
  } finally {
    await browser.close();
  }
}

/**
 * `runs` bursts of each size per variant. Returns samples[variant][n] =
 * [{ median, last }] (ms to the median tab's page and to the last one's).
 */
export async function measureBursts(kind, { runs, log = () => {} }) {
  const samples = { floor: {}, netwhy: {} };
  for (const n of BURSTS) {
    for (const variant of ["floor", "netwhy"]) {
      const list = (samples[variant][n] = []);
      for (const times of await bursts(kind, variant, n, runs)) {
        times.sort((a, b) => a - b);
        list.push({ median: times[times.length >> 1], last: times.at(-1) });
      }
      log(`${kind} burst ${n} ${variant}: last ${list.map((s) => Math.round(s.last)).join(" ")}`);
    }
  }
  return samples;
}
