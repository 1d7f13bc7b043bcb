// Real headless Chromium and Firefox with the built extension loaded, behind
// one small interface so every scenario runs the same way in both.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";
import { Builder, By, Key, until } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";
import { Command } from "selenium-webdriver/lib/command.js";

const root = resolve(import.meta.dirname, "../..");
const TIMEOUT = 15_000;

/** The extension's error page, in either browser, with or without its token. */
export const ERROR_PAGE = /^(chrome|moz)-extension:\/\/[^/]+\/error\.html(#|$)/;

function which(...names) {
  for (const name of names) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error(`none of ${names.join(", ")} is installed; run ./build.sh test to install it`);
}

/**
 * Chromium's --host-resolver-rules flag: the `rules` given ("MAP host
 * target"), then every other name fails as not found without a lookup, so
 * nothing but loopback is ever asked for.
 */
export function resolverRules(...rules) {
  const loopbackOnly = ["MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1", "EXCLUDE localhost"];
  return `--host-resolver-rules=${[...rules, ...loopbackOnly].join(", ")}`;
}

/** Starts `kind` ("chromium" or "firefox") with the extension from dist/. */
export function launch(kind, options = {}) {
  return kind === "chromium" ? launchChromium(options) : launchFirefox(options);
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
async function launchChromium({
  args = [], extensions = [], grant = [], incognito = false, env, extension = join(root, "dist/chrome"), locale,
} = {}) {
  const profile = await mkdtemp(join(tmpdir(), "netwhy-chromium-"));
  const paths = [extension, ...extensions].filter(Boolean).join(",");
  const language = locale ? { args: [...args, `--lang=${locale}`], locale } : { args };
  try {
    let { context, worker } = await startChromium(profile, paths, language, env);
    if (grant.length > 0 || incognito) {
      // Chromium asks for optional permissions with a native prompt no test
      // can click, and allows incognito only on a page of its own. Instead:
      // let this first start install the extension, then write the choices
      // into the profile's preferences and start again.
      const id = extensionId(worker);
      await context.close();
      await setPreferences(profile, id, { grant, incognito });
      ({ context, worker } = await startChromium(profile, paths, language, env));
    }
    return new ChromiumSession(context, worker, profile);
  } catch (problem) {
    await rm(profile, { recursive: true, force: true, maxRetries: 5 });
    throw problem;
  }
}

async function startChromium(profile, extensions, { args, locale }, env) {
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
  if (!extensions) return { context, worker: null };
  // Ours is the extension with a background service worker.
  const ours = (worker) => worker.url().endsWith("/background.js");
  const worker = context.serviceWorkers().find(ours)
    ?? (await context.waitForEvent("serviceworker", { predicate: ours, timeout: TIMEOUT }));
  await listenersRegistered(worker);
  return { context, worker };
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
      if (versions.some((v) => v.scriptURL.endsWith("/background.js") && v.runningStatus === "stopped")) resolve();
    });
  });
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await stopped;
  await cdp.detach();
}

/** An extension's id, from the URL of its service worker. */
function extensionId(worker) {
  return new URL(worker.url()).host;
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

class ChromiumSession {
  kind = "chromium";
  constructor(context, worker, profile) {
    Object.assign(this, { context, worker, profile });
  }
  async newTab() {
    return new ChromiumTab(await this.context.newPage());
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
  constructor(page) {
    this.page = page;
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

// Prefs that keep Firefox from reaching for the network on its own.
const QUIET_FIREFOX = {
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
  "network.trr.mode": 5,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.update.enabled": false,
  "browser.region.network.url": "",
  "browser.newtabpage.enabled": false,
  "browser.startup.homepage": "about:blank",
  "app.update.enabled": false,
  "app.normandy.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "toolkit.telemetry.enabled": false,
  "extensions.update.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "dom.push.connection.enabled": false,
  "services.settings.server": "http://127.0.0.1:9/",
  "browser.download.folderList": 2,
  "browser.download.dir": tmpdir(),
};

/**
 * Firefox options: `prefs` are about:config preferences; `env` is added to
 * Firefox's environment; `args` are extra command-line arguments;
 * `insecureCerts` accepts a test server's self-signed certificate (as
 * Chromium's --ignore-certificate-errors does); `privateBrowsing` allows ours
 * in private windows, as the user can in about:addons; `extension` as for
 * Chromium; `offline` lets the session's setOffline turn Firefox's own
 * "Work Offline" on and off (it runs a line in the browser's chrome, which
 * geckodriver allows only when asked).
 */
async function launchFirefox({
  prefs = {}, extension = join(root, "dist/firefox"), env, args = [], insecureCerts = false, privateBrowsing = false,
  offline = false,
} = {}) {
  const options = new firefox.Options()
    .addArguments("-headless", ...args)
    .setAcceptInsecureCerts(insecureCerts)
    .setBinary(process.env.FIREFOX_PATH ?? which("firefox-esr", "firefox"))
    // Navigation returns at once; every outcome is awaited by condition.
    .setPageLoadStrategy("none");
  for (const [name, value] of Object.entries({ ...QUIET_FIREFOX, ...prefs })) {
    options.setPreference(name, value);
  }
  if (offline) {
    // Offline blocks this computer too (it stands in for the internet
    // here), and the system's link state never overrides the test's.
    options.setPreference("network.disable-localhost-when-offline", true);
    options.setPreference("network.manage-offline-status", false);
  }
  const service = new firefox.ServiceBuilder(process.env.GECKODRIVER_PATH ?? which("geckodriver"));
  if (offline) service.addArguments("--allow-system-access");
  // geckodriver starts Firefox with its own environment (e.g. another HOME).
  if (env) service.setEnvironment({ ...process.env, ...env });
  const driver = await new Builder()
    .forBrowser("firefox")
    .setFirefoxOptions(options)
    .setFirefoxService(service)
    .build();
  if (extension && privateBrowsing) {
    // geckodriver's own command, for the one flag installAddon lacks.
    await driver.execute(new Command("install addon")
      .setParameter("path", extension)
      .setParameter("temporary", true)
      .setParameter("allowPrivateBrowsing", true));
  } else if (extension) {
    await driver.installAddon(extension, true);
  }
  return new FirefoxSession(driver);
}

class FirefoxSession {
  kind = "firefox";
  #fresh = true;
  constructor(driver) {
    this.driver = driver;
  }
  async newTab() {
    // The first tab is the window WebDriver opened; later ones are new tabs.
    if (!this.#fresh) await this.driver.switchTo().newWindow("tab");
    this.#fresh = false;
    return new FirefoxTab(this.driver, await this.driver.getWindowHandle());
  }
  async close() {
    await this.driver.quit();
  }
  /** Firefox's "Work Offline" on or off (launched with `offline: true`). */
  async setOffline(offline) {
    await this.driver.setContext(firefox.Context.CHROME);
    try {
      await this.driver.executeScript("Services.io.offline = arguments[0];", offline);
    } finally {
      await this.driver.setContext(firefox.Context.CONTENT);
    }
  }
}

// How Marionette names the load of Firefox's own error page
// (about:neterror?e=connectionFailure, …) when it reports one.
const NET_ERROR = /^(Error: )?(Reached error page: about:neterror|[a-z]+[A-Z][A-Za-z]*$)/;

class FirefoxTab {
  constructor(driver, handle) {
    Object.assign(this, { driver, handle });
  }
  // WebDriver drives one tab at a time: every call first focuses ours.
  async focus() {
    await this.driver.switchTo().window(this.handle);
    return this.driver;
  }
  async navigate(url) {
    // Even with page load strategy "none", Marionette now and then reports
    // the browser's own error page for the load as an error of the command
    // ("connectionFailure"; seen once in 2026-11-24's CI): as in Chromium,
    // a failing load is no failure of the test, whose outcome is awaited
    // with waitFor* instead.
    await (await this.focus()).get(url).catch((problem) => {
      if (!(problem.name === "WebDriverError" && NET_ERROR.test(problem.message))) throw problem;
    });
  }
  async url() {
    return (await this.focus()).getCurrentUrl();
  }
  async reload() {
    await (await this.focus()).navigate().refresh();
  }
  async waitForUrl(test) {
    const driver = await this.focus();
    await driver.wait(async () => test(await driver.getCurrentUrl()), TIMEOUT);
  }
  async waitFor(selector) {
    await (await this.focus()).wait(until.elementLocated(By.css(selector)), TIMEOUT);
  }
  async text(selector) {
    await this.waitFor(selector);
    return this.driver.findElement(By.css(selector)).getAttribute("textContent");
  }
  async texts(selector) {
    return this.attributes(selector, "textContent");
  }
  async attributes(selector, name) {
    const elements = await (await this.focus()).findElements(By.css(selector));
    return Promise.all(elements.map((element) => element.getAttribute(name)));
  }
  async click(selector) {
    await this.waitFor(selector);
    await this.driver.findElement(By.css(selector)).click();
  }  /** Presses `key` (e.g. "r") as the user would, on whatever has the focus. */
  async press(key) {
    await (await this.focus()).actions().sendKeys(key).perform();
  }

  /** Runs `fn(arg)` in the page and returns its (awaited) result. */
  async evaluate(fn, arg) {
    return (await this.focus()).executeScript(`return (${fn})(arguments[0]);`, arg);
  }
  /** Replaces a field's text and leaves it, so its change event fires. */
  async fill(selector, text) {
    await this.waitFor(selector);
    const field = await this.driver.findElement(By.css(selector));
    await field.clear();
    await field.sendKeys(text, Key.TAB);
  }
  async screenshot(path) {
    await writeFile(path, await (await this.focus()).takeScreenshot(), "base64");
  }
}

/** Waits until `tab` shows our error page, fully rendered. */
export async function waitForErrorPage(tab) {
  await tab.waitForUrl((url) => ERROR_PAGE.test(url));
  await tab.waitFor('html[data-ready="true"]');
}
