// Firefox, driven through Selenium and geckodriver: the extension installed
// as a temporary add-on.
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Builder, By, Key, until } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";
import { Command } from "selenium-webdriver/lib/command.js";
import { root, TIMEOUT, which } from "./common.mjs";

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
export async function launchFirefox({
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
  try {
    if (extension && privateBrowsing) {
      // geckodriver's own command, for the one flag installAddon lacks.
      await driver.execute(new Command("install addon")
        .setParameter("path", extension)
        .setParameter("temporary", true)
        .setParameter("allowPrivateBrowsing", true));
    } else if (extension) {
      await driver.installAddon(extension, true);
    }
  } catch (problem) {
    // As in Chromium's driver: no browser may outlive a failed start, and
    // the start's own error is the one to report.
    await driver.quit().catch(() => {});
    throw problem;
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
  /** What a failed wait reports (WebDriver sees neither history nor background). */
  async whatHappened() {
    return `the tab shows: ${await this.url()}`;
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
  }
  /** Presses `key` (e.g. "r") as the user would, on whatever has the focus. */
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
