// The walking skeleton in both real browsers: a refused load ends on our page,
// Try again loads the original URL, and what must be left alone is.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { launch, waitForErrorPage, ERROR_PAGE } from "./browsers.mjs";
import { closedPort, serve, site } from "./servers.mjs";
import { barrier, openFailing } from "./page.mjs";

const REFUSED = { chromium: "net::ERR_CONNECTION_REFUSED", firefox: "NS_ERROR_CONNECTION_REFUSED" };
const artifacts = resolve(import.meta.dirname, "../artifacts");

/** Notes, in one of our pages, every write to session storage (key and the URL it is about). */
async function watchSessionStorage(browser) {
  const watcher = await openFailing(browser, `http://127.0.0.1:${await closedPort()}/watcher`);
  // In its DOM: Firefox runs each WebDriver script in a sandbox of its own.
  await watcher.evaluate(() => {
    const list = [];
    (globalThis.browser ?? globalThis.chrome).storage.onChanged.addListener((changes, area) => {
      if (area !== "session") return;
      for (const [key, { newValue, oldValue }] of Object.entries(changes)) {
        const value = newValue ?? oldValue;
        // A pending load (Chromium) has its URL; a failure's record, its failure's.
        list.push({ key, url: value?.url ?? value?.failure?.url });
      }
      document.body.dataset.written = JSON.stringify(list);
    });
  });
  return () => watcher.evaluate(() => JSON.parse(document.body.dataset.written ?? "[]"));
}

/**
 * What the watcher (`written`, from watchSessionStorage) noted, once it
 * includes the record of a failure of `url`; fails after 5 s without it.
 */
async function untilRecorded(written, url) {
  const recorded = (/** @type {{ key: string, url?: string }[]} */ list) =>
    list.some((write) => write.key.startsWith("failure:") && write.url === url);
  let writes = await written();
  for (const end = Date.now() + 5_000; !recorded(writes) && Date.now() < end;) writes = await written();
  assert.ok(recorded(writes), "the watcher missed the record");
  return writes;
}

for (const kind of ["chromium", "firefox"]) {
  describe(`${kind}: walking skeleton`, () => {
    let browser;
    let server;
    // Called when the server hears a request for `/hang`.
    let hung = () => {};
    before(async () => {
      browser = await launch(kind);
      server = await serve(site({ deadFrameUrl: `http://127.0.0.1:${await closedPort()}/`, onHang: () => hung() }));
    });
    after(async () => {
      await server?.close();
      await browser?.close();
    });

    it("the error page takes the module the background compiled", async () => {
      // Firefox: the background compiles the error page's module when it decides to
      // explain a failure (background/error-page-module.js) and keeps it while it
      // is awake; a page that finds it finished takes it. The first page may
      // come before the compile ends; the second finds it. Chromium's
      // service worker has no window to share it from: every page compiles.
      const compiledBy = [];
      for (let i = 0; i < 2; i++) {
        const tab = await browser.newTab();
        await tab.navigate(`http://127.0.0.1:${await closedPort()}/`);
        await waitForErrorPage(tab);
        await tab.waitFor("html[data-ready=true]");
        compiledBy.push(await tab.evaluate(() => document.documentElement.dataset.coreCompiledBy));
      }
      assert.equal(compiledBy[1], kind === "firefox" ? "background" : "page", `compiled by: ${compiledBy}`);
      if (kind === "chromium") assert.equal(compiledBy[0], "page");
    });

    if (kind === "chromium") {
      /** The wasm files `tab` asks for while `load()` runs, as "path by initiator". */
      async function modulesAskedFor(tab, load) {
        const cdp = await tab.page.context().newCDPSession(tab.page);
        const asked = [];
        cdp.on("Network.requestWillBeSent", ({ request, initiator }) => {
          if (request.url.endsWith(".wasm")) asked.push(`${new URL(request.url).pathname} by ${initiator.type}`);
        });
        await cdp.send("Network.enable");
        await load();
        await tab.waitFor("html[data-ready=true]");
        await cdp.detach();
        return asked;
      }

      it("the error page asks for its module once, as its HTML is parsed (the preload)", async () => {
        // Chromium's error.html preloads the module, and page-early.js
        // compiles that response: a fetch the preload does not match (its
        // credentials mode, say) would ask for the file a second time.
        const tab = await browser.newTab();
        const asked = await modulesAskedFor(tab, async () => {
          await tab.navigate(`http://127.0.0.1:${await closedPort()}/`);
          await waitForErrorPage(tab);
        });
        assert.deepEqual(asked, ["/core/netwhy_error_page_bg.wasm by parser"]);
      });

      it("the options page and the toolbar's popup each load their own module, not the error page's", async () => {
        // Node's URL gives no origin for chrome-extension: URLs; the host is the id.
        const base = `chrome-extension://${new URL(browser.worker.url()).host}`;
        for (const page of ["options", "recent"]) {
          const tab = await browser.newTab();
          const asked = await modulesAskedFor(tab, () => tab.navigate(`${base}/${page}.html`));
          assert.deepEqual(asked, [`/core/netwhy_${page}_page_bg.wasm by parser`], page);
        }
      });
    }

    it("shows our page for a refused load, and Try again loads the server once it runs", async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/`;
      const tab = await browser.newTab();
      await tab.navigate(url);
      await waitForErrorPage(tab);
      assert.equal(await tab.text('[data-field="url"]'), url);
      assert.equal(await tab.text('[data-field="error"]'), REFUSED[kind]);
      assert.equal(await tab.text('[data-field="port"]'), String(port));
      assert.match(await tab.text("h1"), /refused/i);
      await mkdir(artifacts, { recursive: true });
      await tab.screenshot(resolve(artifacts, `${kind}-refused.png`));

      const revived = await serve(site(), port);
      try {
        await tab.click('[data-action="retry"]');
        await tab.waitForUrl((current) => current === url);
        assert.equal(await tab.text("#marker"), "served page");
      } finally {
        await revived.close();
      }
    });

    it("tries again when the user presses R", async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/r`;
      const tab = await browser.newTab();
      await tab.navigate(url);
      await waitForErrorPage(tab);
      assert.deepEqual(await tab.attributes('[data-action="retry"]', "aria-keyshortcuts"), ["R"]);
      const revived = await serve(site(), port);
      try {
        await tab.press("r");
        await tab.waitForUrl((current) => current === url);
        await tab.waitFor("#marker");
      } finally {
        await revived.close();
      }
    });

    it("leaves a download alone", async () => {
      const tab = await browser.newTab();
      await tab.navigate(`${server.url}/`);
      await tab.waitFor("#marker");
      await tab.click("#download");
      await barrier(browser);
      assert.equal(await tab.url(), `${server.url}/`);
    });

    it("leaves a load cut short alone, and writes nothing for it", async () => {
      // A load the person leaves before it answers ends in the most common
      // failure of all (ERR_ABORTED, NS_BINDING_ABORTED): it must cost no
      // storage write.
      const written = await watchSessionStorage(browser);
      const tab = await browser.newTab();
      await tab.navigate(`${server.url}/`);
      await tab.waitFor("#marker");
      const requested = new Promise((resolve) => (hung = resolve));
      await tab.evaluate(() => location.assign("/hang"));
      await requested;
      await tab.navigate(`${server.url}/?next`);
      await tab.waitFor("#marker");
      await barrier(browser);
      assert.equal(await tab.url(), `${server.url}/?next`);
      // Then a failure that gets our page, whose record the watcher must see.
      const refused = `http://127.0.0.1:${await closedPort()}/after`;
      await tab.navigate(refused);
      await waitForErrorPage(tab);
      const writes = await untilRecorded(written, refused);
      assert.deepEqual(writes.filter(({ url }) => url === `${server.url}/hang`), []);
    });

    it("notes a failure as pending while it is explained only in Chromium", async () => {
      // The note lets a next worker finish what one Chromium killed began
      // (background/resume.js); Firefox's event page needs none, and each
      // note there cost two calls on the way to our page.
      const written = await watchSessionStorage(browser);
      const tab = await browser.newTab();
      const refused = `http://127.0.0.1:${await closedPort()}/noted`;
      await tab.navigate(refused);
      await waitForErrorPage(tab);
      const writes = await untilRecorded(written, refused);
      const noted = writes.some(({ key, url }) => key.startsWith("pending:") && url === refused);
      assert.equal(noted, kind === "chromium", `noted as pending: ${noted}`);
    });

    it("leaves a failing iframe alone", async () => {
      const tab = await browser.newTab();
      await tab.navigate(`${server.url}/framed`);
      await tab.waitFor("#marker");
      await barrier(browser);
      assert.equal(await tab.url(), `${server.url}/framed`);
      assert.doesNotMatch(await tab.url(), ERROR_PAGE);
    });
  });
}
