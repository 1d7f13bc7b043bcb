// Chromium, driven through Playwright (playwright-core): the extension loaded
// unpacked, its service worker watched through DevTools.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { root, TIMEOUT, which } from "./common.mjs";

/**
 * Chromium's --host-resolver-rules flag: the `rules` given ("MAP host
 * target"), then every other name fails as not found without a lookup, so
 * nothing but loopback is ever asked for.
 */
export function resolverRules(...rules) {
  const loopbackOnly = ["MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1", "EXCLUDE localhost"];
  return `--host-resolver-rules=${[...rules, ...loopbackOnly].join(", ")}`;
}

/**
 * Chromium options: `args` are extra command-line flags; `extensions` are
 * paths of further unpacked extensions to load beside ours; `grant` lists
 * optional permissions of ours to grant up front (e.g. ["management"]);
 * `incognito` allows ours in incognito windows, as the user can on its
 * details page; `env` is added to Chromium's environment; `extension`
 * replaces ours (dist/chrome, dist/firefox) with another unpacked extension,
 * or with none when null (both browsers; benchmarks). `locale` (e.g. "de")
 * is the browser's language: --lang picks the extension's messages, and the
 * emulated locale what pages read (i18n.getUILanguage, navigator.language);
 * measured so in headless Chromium.
 */
export async function launchChromium({
  args = [], extensions = [], grant = [], incognito = false, env, extension = join(root, "dist/chrome"), locale,
} = {}) {
  const profile = await mkdtemp(join(tmpdir(), "netwhy-chromium-"));
  const paths = [extension, ...extensions].filter(Boolean).join(",");
  const language = locale ? { args: [...args, `--lang=${locale}`], locale } : { args };
  // The other extensions' workers may have the same file name as ours
  // (tests/fixtures/extensions/*/background.js), and may start first.
  const workerUrl = extension && `chrome-extension://${await unpackedExtensionId(extension)}/background.js`;
  try {
    let { context, worker } = await startChromium(profile, paths, language, env, workerUrl);
    if (grant.length > 0 || incognito) {
      // Chromium asks for optional permissions with a native prompt no test
      // can click, and allows incognito only on a page of its own. Instead:
      // let this first start install the extension, then write the choices
      // into the profile's preferences and start again.
      await context.close();
      await setPreferences(profile, new URL(workerUrl).host, { grant, incognito });
      ({ context, worker } = await startChromium(profile, paths, language, env, workerUrl));
    }
    return new ChromiumSession(context, worker, profile);
  } catch (problem) {
    await rm(profile, { recursive: true, force: true, maxRetries: 5 });
    throw problem;
  }
}

/**
 * The id Chromium gives the unpacked extension in `dir` (one without a
 * "key"): the first 16 bytes of the SHA-256 of its absolute, resolved path,
 * in hex written with the letters a to p (crx_file::id_util::GenerateIdForPath).
 */
export async function unpackedExtensionId(dir) {
  const digest = createHash("sha256").update(await realpath(dir)).digest("hex").slice(0, 32);
  return [...digest].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join("");
}

async function startChromium(profile, extensions, { args, locale }, env, workerUrl) {
  const context = await chromium.launchPersistentContext(profile, {
    ...(env && { env: { ...process.env, ...env } }),
    executablePath: process.env.CHROMIUM_PATH ?? which("chromium", "chromium-browser"),
    ...(locale && { locale }),
    // --headless=new is the headless mode that loads extensions; Playwright's
    // own `headless` would pick the old mode.
    headless: false,
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
      // This machine has no network but loopback: keep Chromium from trying.
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ...(extensions ? [`--disable-extensions-except=${extensions}`, `--load-extension=${extensions}`] : []),
      ...args,
    ],
  });
  if (!workerUrl) return { context, worker: null };
  try {
    const ours = (worker) => worker.url() === workerUrl;
    const worker = context.serviceWorkers().find(ours)
      ?? (await context.waitForEvent("serviceworker", { predicate: ours, timeout: TIMEOUT }));
    await listenersRegistered(worker);
    return { context, worker };
  } catch (problem) {
    // A browser left running keeps the test file's process alive: the file
    // would then end at the runner's timeout, with this error lost.
    await context.close().catch(() => {});
    throw new Error(`Chromium started, but our extension did not: ${problem.message}`, { cause: problem });
  }
}

/**
 * Waits until the background has registered its webRequest listeners.
 * Playwright reports the worker before its module has run, and a load
 * started then fails unseen: measured, the first failing load right after
 * launch got no page in 7 of 10 launches. One API call's round trip then
 * follows the registration, which reached the browser before it.
 */
export async function listenersRegistered(worker) {
  await worker.evaluate(async (timeout) => {
    const deadline = Date.now() + timeout;
    while (!chrome.webRequest.onErrorOccurred.hasListeners()) {
      if (Date.now() > deadline) throw new Error("the background never registered its webRequest listeners");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await chrome.storage.session.get(null);
  }, TIMEOUT);
}

/** Chromium: stops every service worker, through DevTools in `page`, one of ours. */
export async function stopWorkers(browser, page) {
  // From one of our pages the ServiceWorker domain sees the extension's
  // worker (from a web page it does not).
  const cdp = await browser.context.newCDPSession(page);
  const stopped = new Promise((resolve) => {
    cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
      if (versions.some((v) => v.scriptURL === browser.worker.url() && v.runningStatus === "stopped")) resolve();
    });
  });
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await stopped;
  await cdp.detach();
}

/**
 * Grants extension `id` the optional API permissions `grant` and, with
 * `incognito`, allows it in incognito windows, in a stopped profile.
 */
async function setPreferences(profile, id, { grant, incognito }) {
  const file = join(profile, "Default", "Preferences");
  const preferences = JSON.parse(await readFile(file, "utf8"));
  const settings = preferences.extensions?.settings?.[id];
  if (!settings) throw new Error(`extension ${id} is not installed in ${profile}`);
  if (grant.length > 0) {
    const active = (settings.active_permissions ??= {});
    active.api = [...new Set([...(active.api ?? []), ...grant])];
  }
  if (incognito) settings.incognito = true;
  await writeFile(file, JSON.stringify(preferences));
}

/** How many of our worker's last console lines a failing wait reports. */
const LOG_LINES = 30;

class ChromiumSession {
  kind = "chromium";
  /** Our worker's last console lines, in every worker it has had. */
  log = [];
  constructor(context, worker, profile) {
    Object.assign(this, { context, worker, profile });
    if (!worker) return;
    const listen = (w) => w.url() === worker.url() && w.on("console", (line) => {
      this.log.push(`${line.type()}: ${line.text()}`);
      if (this.log.length > LOG_LINES) this.log.shift();
    });
    listen(worker);
    context.on("serviceworker", listen);
  }
  async newTab() {
    return new ChromiumTab(await this.context.newPage(), this);
  }
  /** Cuts every page and the extension off from the network, or restores them. */
  async setOffline(offline) {
    await this.context.setOffline(offline);
  }
  async close() {
    await this.context.close();
    await rm(this.profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

class ChromiumTab {
  /** The main frame's URLs, in the order it showed them. */
  #shown = [];
  constructor(page, session) {
    Object.assign(this, { page, session });
    page.on("framenavigated", (frame) => frame === page.mainFrame() && this.#shown.push(frame.url()));
  }
  /** What a failed wait reports: where the tab went, and what our worker logged. */
  async whatHappened() {
    const log = this.session.log.length > 0 ? this.session.log.join("\n") : "(nothing)";
    return `the tab showed: ${this.#shown.join(" → ") || "(nothing)"}\nour worker logged:\n${log}`;
  }
  async navigate(url) {
    // A failing load rejects; the outcome is awaited with waitFor* instead.
    await this.page.goto(url, { waitUntil: "commit" }).catch(() => {});
  }
  url() {
    return this.page.url();
  }
  async reload() {
    await this.page.reload({ waitUntil: "commit" }).catch(() => {});
  }
  async waitForUrl(test) {
    // Not page.waitForURL: it rejects when a navigation fails on the way,
    // and failing navigations are what this suite is about. Nothing is awaited
    // between the check and the subscription, so no navigation slips between.
    if (test(this.page.url())) return;
    await this.page.waitForEvent("framenavigated", {
      predicate: (frame) => frame === this.page.mainFrame() && test(frame.url()),
      timeout: TIMEOUT,
    });
  }
  async waitFor(selector) {
    await this.page.waitForSelector(selector, { state: "attached", timeout: TIMEOUT });
  }
  async text(selector) {
    return this.page.textContent(selector, { timeout: TIMEOUT });
  }
  async texts(selector) {
    return this.page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent));
  }
  async attributes(selector, name) {
    return this.page.$$eval(selector, (nodes, name) => nodes.map((n) => n.getAttribute(name)), name);
  }
  async click(selector) {
    await this.page.click(selector, { timeout: TIMEOUT });
  }
  /** Presses `key` (e.g. "r") as the user would, on whatever has the focus. */
  async press(key) {
    await this.page.keyboard.press(key);
  }
  /** Runs `fn(arg)` in the page and returns its (awaited) result. */
  async evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }
  /** Replaces a field's text and leaves it, so its change event fires. */
  async fill(selector, text) {
    await this.page.fill(selector, text, { timeout: TIMEOUT });
    await this.page.locator(selector).blur();
  }
  async screenshot(path) {
    await this.page.screenshot({ path, fullPage: true });
  }
}
