// Real headless Chromium and Firefox with the built extension loaded, behind
// one small interface so every scenario runs the same way in both; each
// browser's driver is in drivers/.
import { launchChromium } from "./drivers/chromium.mjs";
import { launchFirefox } from "./drivers/firefox.mjs";

export { listenersRegistered, resolverRules, stopWorkers } from "./drivers/chromium.mjs";

/** The extension's error page, in either browser, with or without its token. */
export const ERROR_PAGE = /^(chrome|moz)-extension:\/\/[^/]+\/error\.html(#|$)/;

/** Starts `kind` ("chromium" or "firefox") with the extension from dist/. */
export function launch(kind, options = {}) {
  return kind === "chromium" ? launchChromium(options) : launchFirefox(options);
}

/** Waits until `tab` shows our error page, fully rendered. */
export async function waitForErrorPage(tab) {
  try {
    await tab.waitForUrl((url) => ERROR_PAGE.test(url));
    await tab.waitFor('html[data-ready="true"]');
  } catch (problem) {
    // The wait most suites hang on when something goes wrong: say what the
    // tab and the background did, for a failure seen once in CI.
    const happened = await tab.whatHappened().catch((failed) => `(the tab could not be asked: ${failed.message})`);
    throw new Error(`our page never came: ${problem.message}\n${happened}`, { cause: problem });
  }
}
