// The background's JS per finished page load, in the browser: a copy of the
// staged extension with tests/bench/handlers/ added runs what the load
// listeners run (bench.js says what) and leaves µs per load on its page.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch, waitForErrorPage } from "../e2e/browsers.mjs";
import { closedPort } from "../e2e/servers.mjs";

const root = resolve(import.meta.dirname, "../..");
const TIMEOUT = 120_000;

function result() {
  return document.documentElement.dataset.result ?? null;
}

/** { empty, full } µs per load (min / median / max), in `kind`. */
export async function measureHandlers(kind) {
  const dir = await mkdtemp(join(tmpdir(), "netwhy-handlers-"));
  // The build before bundling (./build.sh stages it): bench.js imports the
  // background's modules one by one, as background.js does.
  await cp(join(root, "target/stage", kind === "chromium" ? "chrome" : "firefox"), dir, { recursive: true });
  await cp(resolve(import.meta.dirname, "handlers"), dir, { recursive: true });
  const browser = await launch(kind, { extension: dir });
  try {
    const tab = await browser.newTab();
    // Our error page is the way into the extension's pages in both browsers.
    await tab.navigate(`http://127.0.0.1:${await closedPort()}/`);
    await waitForErrorPage(tab);
    await tab.evaluate(() => location.assign("bench.html"));
    const deadline = Date.now() + TIMEOUT;
    let text = null;
    while (!(text = await tab.evaluate(result).catch(() => null))) {
      if (Date.now() > deadline) throw new Error("the handlers' benchmark gave no result");
      await new Promise((done) => setTimeout(done, 500));
    }
    return JSON.parse(text);
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
