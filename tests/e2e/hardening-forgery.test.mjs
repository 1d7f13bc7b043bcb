// Issue 6, forgery: a web page can neither open, frame nor read our error
// page, and a token we never issued shows the neutral page, never a failure.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, ERROR_PAGE } from "./browsers.mjs";
import { closedPort, serve } from "./servers.mjs";
import { barrier, message, openFailing } from "./page.mjs";

const GARBAGE = ["nonsense", "", "00000000-0000-4000-8000-000000000000", "history", "../history", "%3Cimg%20src%3Dx%3E"];

/** A site whose pages try to reach `target` (from the query) by navigation, frame and fetch. */
function attacker(request, response) {
  const url = new URL(request.url, "http://127.0.0.1");
  const target = JSON.stringify(url.searchParams.get("to") ?? "");
  const scripts = {
    "/navigate": `location.href = ${target};`,
    "/frame": `const f = document.createElement("iframe");
      f.onload = () => { document.getElementById("result").textContent = "loaded"; };
      f.src = ${target}; document.body.append(f);`,
    "/fetch": `fetch(${target}).then((r) => r.text()).then(
      (text) => { document.getElementById("result").textContent = "read " + text.length; },
      () => { document.getElementById("result").textContent = "refused"; });`,
  };
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><p id="result"></p><script>${scripts[url.pathname] ?? ""}</script>`);
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: forgery`, () => {
    let browser;
    let server;
    let base; // chrome-extension://ID/ or moz-extension://UUID/
    before(async () => {
      browser = await launch(kind);
      server = await serve(attacker);
      // A real failure tells the extension's address in either browser.
      const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
      base = new URL("/", await tab.url()).href;
    });
    after(async () => {
      await server?.close();
      await browser?.close();
    });

    const targets = () => [`${base}error.html#x`, `${base}error.html`];

    it("a page cannot navigate a tab to our page", async () => {
      for (const target of targets()) {
        const tab = await browser.newTab();
        const seen = [];
        tab.page?.on("framenavigated", (frame) => seen.push(frame.url()));
        const page = `${server.url}/navigate?to=${encodeURIComponent(target)}`;
        await tab.navigate(page);
        // Chromium commits its own error page for the blocked load; Firefox
        // stays on the attacker's page.
        if (kind === "chromium") await tab.waitForUrl((url) => url !== page && url !== "about:blank");
        else await tab.waitFor("#result");
        await barrier(browser);
        assert.doesNotMatch(await tab.url(), ERROR_PAGE);
        assert.deepEqual(seen.filter((url) => ERROR_PAGE.test(url)), []);
        assert.deepEqual(await tab.texts("#app"), [], "our page's content shows");
      }
    });

    it("a page cannot read our page with fetch", async () => {
      // page-early.js is Chromium's only (tools/pages.mjs).
      const early = kind === "chromium" ? [`${base}page-early.js`] : [];
      for (const target of [...targets(), `${base}error-page.js`, ...early, `${base}core/netwhy_error_page_bg.wasm`, `${base}manifest.json`]) {
        const tab = await browser.newTab();
        await tab.navigate(`${server.url}/fetch?to=${encodeURIComponent(target)}`);
        await tab.waitFor("#result:not(:empty)");
        assert.equal(await tab.text("#result"), "refused", target);
      }
    });

    it("a page cannot frame our page", { skip: kind === "firefox" && "frames are read through Playwright only" }, async () => {
      const tab = await browser.newTab();
      await tab.navigate(`${server.url}/frame?to=${encodeURIComponent(targets()[0])}`);
      await tab.waitFor("#result:not(:empty)");
      for (const frame of tab.page.frames()) {
        assert.equal(await frame.$("#app"), null, `our page renders in a frame at ${frame.url()}`);
        assert.doesNotMatch(await frame.evaluate(() => document.body?.innerText ?? "").catch(() => ""), /didn’t load|refused/i);
      }
    });

    it("a real token opened in another tab shows the neutral page", async () => {
      const first = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
      const token = new URL(await first.url()).hash;
      const other = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
      // A query of its own: a new document, not a fragment change.
      await other.evaluate((url) => location.assign(url), `${base}error.html?elsewhere${token}`);
      await other.waitForUrl((url) => url.startsWith(`${base}error.html?elsewhere`));
      await other.waitFor('html[data-ready="true"]');
      assert.equal((await other.text("#app")).trim(), message("page_unknown_token"));
    });

    it("an unknown token shows the neutral page", async () => {
      // WebDriver may not open extension pages in Firefox: there the tab
      // starts on our page and goes to the others from it.
      const tab = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/`);
      for (const [n, token] of GARBAGE.entries()) {
        // A query of its own each time: a new document, not a fragment change.
        const forged = `${base}error.html?${n}#${token}`;
        await tab.evaluate((url) => location.assign(url), forged);
        await tab.waitForUrl((url) => url.startsWith(`${base}error.html?${n}`));
        await tab.waitFor('html[data-ready="true"]');
        assert.equal((await tab.text("#app")).trim(), message("page_unknown_token"), `token ${JSON.stringify(token)}`);
        assert.deepEqual(await tab.texts('[data-field="url"]'), []);
      }
    });
  });
}
