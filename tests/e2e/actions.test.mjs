// The page's actions beyond Try again: Copy report hands over JSON that
// `diagnose` replays, and outside services are offered only as links, only
// for sites on the internet.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { launch, resolverRules } from "./browsers.mjs";
import { openFailing, message } from "./page.mjs";
import { closedPort } from "./servers.mjs";

const root = resolve(import.meta.dirname, "../..");

/** Replays `report` with the `diagnose` command, as a support engineer would. */
function diagnose(report) {
  const out = execFileSync("cargo", ["run", "--quiet", "--bin", "diagnose", "--", "-"], {
    cwd: root,
    input: report,
    encoding: "utf8",
  });
  return JSON.parse(out);
}

describe("chromium: page actions", () => {
  let browser;
  let publicPort;
  before(async () => {
    publicPort = await closedPort();
    // A public name that refuses: mapped to a closed loopback port, so
    // nothing is ever looked up or sent beyond this machine.
    browser = await launch("chromium", { args: [resolverRules(`MAP shop.example.com 127.0.0.1:${publicPort}`)] });
  });
  after(async () => {
    await browser?.close();
  });

  it("copies a report that diagnose replays to the same top cause", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const tab = await openFailing(browser, url);
    // Reading the clipboard back needs a permission Playwright cannot grant an
    // extension origin, so the test notes what the page hands to the real
    // writeText; the button only says "copied" once that call succeeded.
    await tab.page.evaluate(() => {
      const write = navigator.clipboard.writeText.bind(navigator.clipboard);
      navigator.clipboard.writeText = (text) => write(text).then(() => { window.copied = text; });
    });
    await tab.click('[data-action="copy-report"]');
    await tab.waitFor('[data-copied="true"]');
    assert.equal(await tab.text('[data-action="copy-report"]'), message("action_copied"));
    const copied = await tab.page.evaluate(() => window.copied);
    const report = JSON.parse(copied);
    assert.equal(report.failure.url, url);
    assert.match(report.summary, new RegExp(message("cause_local_server_down_title")));
    const replayed = diagnose(copied);
    assert.equal(replayed.causes[0].cause, "local-server-down");
    assert.equal(replayed.causes[0].cause, report.diagnosis.causes[0].cause);
  });

  it("links a public site to an archived copy and a status check, asking nothing until clicked", async () => {
    const tab = await openFailing(browser, "http://shop.example.com/cart?id=7");
    const [archive] = await tab.attributes('[data-action="archive"]', "href");
    const [status] = await tab.attributes('[data-action="status-check"]', "href");
    assert.equal(archive, "https://web.archive.org/web/2/http://shop.example.com/cart?id=7");
    assert.equal(status, "https://downforeveryoneorjustme.com/shop.example.com");
    assert.deepEqual(await tab.attributes('[data-action="archive"]', "rel"), ["noreferrer noopener"]);
  });

  it("offers no outside service for a local address", async () => {
    const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
    assert.deepEqual(await tab.attributes('[data-action="archive"], [data-action="status-check"]', "href"), []);
    // Enter tries again: the primary action has the focus.
    assert.equal(await tab.page.evaluate(() => document.activeElement?.dataset.action), "retry");
  });
});
