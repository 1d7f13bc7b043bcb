// How the page looks and reads: no serious accessibility violations (axe-core)
// and screenshots in light, dark and narrow windows, written to tests/artifacts/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { resolve } from "node:path";
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
});
