// Issue 4, the causes set up by other software in the browser: a proxy from
// the command line, and another extension blocking the page (named when we
// may list the extensions, unnamed when we may not). Chromium only.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { launch, resolverRules } from "./browsers.mjs";
import { closedPort } from "./servers.mjs";
import { causes, causeTexts, message, openFailing, topCause } from "./page.mjs";

const BLOCKER = resolve(import.meta.dirname, "../fixtures/extensions/test-blocker");
const BLOCKER_NAME = "Test Blocker";
const BLOCKED_URL = "http://blocked.example.test/";
const NAMES = resolverRules("MAP *.example.test ~NOTFOUND");

/** Fails unless the page's first cause is `expected`; returns its texts. */
async function assertTopCause(tab, expected) {
  assert.equal(await topCause(tab), expected, `causes listed: ${(await causes(tab)).join(", ")}`);
  return causeTexts(tab, expected);
}

/** One Chromium per describe: `options` for launch, `body(getBrowser)` for the tests. */
function withChromium(title, options, body) {
  describe(title, () => {
    let browser;
    before(async () => {
      browser = await launch("chromium", options);
    });
    after(async () => {
      await browser?.close();
    });
    body(() => browser);
  });
}

withChromium("chromium: a proxy from the command line", {
  args: [NAMES, `--proxy-server=http://127.0.0.1:${await closedPort()}`],
}, (browser) => {
  it("is a proxy-problem, not set by an extension", async () => {
    const tab = await openFailing(browser(), "http://site.example.test/");
    const { evidence, steps } = await assertTopCause(tab, "proxy-problem");
    assert.ok(
      evidence.includes(message("evidence_proxy_not_from_extension")),
      `evidence: ${JSON.stringify(evidence)}`,
    );
    assert.ok(steps.includes(message("step_check_command_line_proxy")), `steps: ${JSON.stringify(steps)}`);
  });
});

withChromium("chromium: a blocking extension, with management granted", {
  args: [NAMES], extensions: [BLOCKER], grant: ["management"],
}, (browser) => {
  it("is extension-interference, naming the extension", async () => {
    const tab = await openFailing(browser(), BLOCKED_URL);
    const { evidence, steps } = await assertTopCause(tab, "extension-interference");
    assert.ok(evidence.includes(message("evidence_only_blocker", BLOCKER_NAME)), `evidence: ${JSON.stringify(evidence)}`);
    assert.ok(
      steps.includes(message("step_allow_in_extension", BLOCKER_NAME, "blocked.example.test")),
      `steps: ${JSON.stringify(steps)}`,
    );
  });
});

withChromium("chromium: a blocking extension, without management", {
  args: [NAMES], extensions: [BLOCKER],
}, (browser) => {
  it("is still extension-interference, asking for the permission to name it", async () => {
    const tab = await openFailing(browser(), BLOCKED_URL);
    const { evidence, steps } = await assertTopCause(tab, "extension-interference");
    assert.ok(evidence.includes(message("evidence_blocked_by_extension")), `evidence: ${JSON.stringify(evidence)}`);
    assert.ok(steps.includes(message("step_grant_management")), `steps: ${JSON.stringify(steps)}`);
    assert.ok(![...evidence, ...steps].some((text) => text.includes(BLOCKER_NAME)), "names the extension without the list");
  });
});
