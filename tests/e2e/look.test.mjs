// How the page looks and reads: no serious accessibility violations (axe-core)
// and screenshots in light, dark and narrow windows, written to tests/artifacts/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { By } from "selenium-webdriver";
import { launch, resolverRules } from "./browsers.mjs";
import { openFailing } from "./page.mjs";
import { closedPort } from "./servers.mjs";

const artifacts = resolve(import.meta.dirname, "../artifacts");
const axeSource = readFile(resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");

/** The serious and critical axe-core violations on the tab's page. */
async function violations(tab) {
  // evaluate() runs outside the page's CSP, which forbids injected scripts.
  await tab.page.evaluate(await axeSource);
  const results = await tab.page.evaluate(() => globalThis.axe.run(document));
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

describe("chromium: look and accessibility", () => {
  let browser;
  before(async () => {
    await mkdir(artifacts, { recursive: true });
    browser = await launch("chromium", {
      args: [resolverRules(`MAP shop.example.com 127.0.0.1:${await closedPort()}`)],
    });
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, url] of [
    ["local", async () => `http://127.0.0.1:${await closedPort()}/`],
    ["public", async () => "http://shop.example.com/"],
  ]) {
    it(`has no serious accessibility violations (${name} failure), light and dark`, async () => {
      const tab = await openFailing(browser, await url());
      for (const colorScheme of ["light", "dark"]) {
        await tab.page.emulateMedia({ colorScheme });
        assert.deepEqual(await violations(tab), [], colorScheme);
        await tab.screenshot(resolve(artifacts, `chromium-${name}-${colorScheme}.png`));
      }
    });
  }

  /** Opens our extension page `path` in a new tab, by its address, rendered. */
  async function openOurs(path) {
    const tab = await browser.newTab();
    await tab.navigate(`chrome-extension://${new URL(browser.worker.url()).host}/${path}`);
    await tab.waitFor('html[data-ready="true"]');
    return tab;
  }

  /** Asserts no serious violations in light and dark, and screenshots both. */
  async function accessibleInBoth(tab, name) {
    for (const colorScheme of ["light", "dark"]) {
      await tab.page.emulateMedia({ colorScheme });
      assert.deepEqual(await violations(tab), [], `${name}, ${colorScheme}`);
      await tab.screenshot(resolve(artifacts, `chromium-${name}-${colorScheme}.png`));
    }
  }

  it("has no serious accessibility violations (options page), light and dark", async () => {
    await accessibleInBoth(await openOurs("options.html"), "options");
  });

  it("has no serious accessibility violations (recent failures, empty and listed), light and dark", async () => {
    const tab = await openOurs("recent.html");
    // Earlier tests' failures are listed; the page follows storage as it empties.
    await tab.evaluate(() => chrome.storage.local.remove("recent"));
    await tab.waitFor('[data-field="empty"]');
    await accessibleInBoth(tab, "recent-empty");
    await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
    // The background lists a failure just after sending its tab to our page.
    await tab.waitFor("ol.recent > li");
    await accessibleInBoth(tab, "recent");
    await tab.page.setViewportSize({ width: 360, height: 640 });
    const overflow = await tab.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0, "fits 360 px");
    await tab.screenshot(resolve(artifacts, "chromium-recent-narrow.png"));
  });

  it("fits a 360 px wide window without scrolling sideways", async () => {
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/${"long-path/".repeat(40)}`);
    await tab.page.setViewportSize({ width: 360, height: 780 });
    const overflow = await tab.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0);
    await tab.screenshot(resolve(artifacts, "chromium-narrow.png"));
  });
});

describe("firefox: look", () => {
  let browser;
  before(async () => {
    browser = await launch("firefox", { prefs: { "layout.css.prefers-color-scheme.content-override": 0 } });
  });
  after(async () => {
    await browser?.close();
  });

  it("renders in a dark window", async () => {
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
    const background = await tab.driver.executeScript("return getComputedStyle(document.body).backgroundColor");
    // The dark palette's background, not the light one's.
    assert.equal(background, "rgb(21, 24, 30)");
    await tab.screenshot(resolve(artifacts, "firefox-dark.png"));
  });

  it("fits a 360 px wide window without scrolling sideways", async () => {
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/${"long-path/".repeat(40)}`);
    // Headless Firefox keeps its window at least ~490 px wide (measured), so
    // the page gets a 360 px wide body instead: error.css has no width
    // media queries, so it lays out as in a 360 px window.
    const sticking = await tab.driver.executeScript(`
      document.body.style.width = "360px";
      return [...document.body.querySelectorAll("*")]
        .filter((element) => element.getBoundingClientRect().right > 360.5)
        .map((element) => element.tagName + "." + element.className);
    `);
    assert.deepEqual(sticking, [], "elements wider than 360 px");
    const body = await tab.driver.findElement(By.css("body"));
    await writeFile(resolve(artifacts, "firefox-narrow.png"), await body.takeScreenshot(), "base64");
  });
});
