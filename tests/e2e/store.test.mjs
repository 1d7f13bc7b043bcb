// The stores' pictures (store/README.md), made by the suite so they always
// show the extension as built: 1280×800 screenshots of the main situations in
// every language the extension speaks, and a 440×280 promo tile per language,
// written to tests/artifacts/store/<locale>/. Chromium only: the Chrome Web
// Store wants exactly these sizes, and Firefox Add-ons takes the same files.
// Each screenshot is taken only once its page shows the situation's cause,
// in that language.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch, resolverRules } from "./browsers.mjs";
import { causes, listening, openFailing, topCause } from "./page.mjs";
import { closedPort, serve, site } from "./servers.mjs";

const root = resolve(import.meta.dirname, "../..");
const artifacts = resolve(import.meta.dirname, "../artifacts/store");
const PROXY_EXTENSION = resolve(import.meta.dirname, "../fixtures/extensions/test-proxy");
const SCREENSHOT = { width: 1280, height: 800 };
const TILE = { width: 440, height: 280 };
const LOCALES = (await readdir(join(root, "extension/_locales"))).sort();
const messages = Object.fromEntries(await Promise.all(LOCALES.map(async (locale) => [
  locale, JSON.parse(await readFile(join(root, `extension/_locales/${locale}/messages.json`), "utf8")),
])));

/**
 * The situations, in the order the stores show them. `browser` names the
 * browser setup below; `url` is where to go; `cause` is the page's expected
 * first cause.
 */
const SITUATIONS = [
  { name: "1-local-server-down", browser: "plain", cause: "local-server-down", url: (env) => `http://localhost:${env.devPort}/`, probes: true },
  // A development server that moved to the next port (Vite on :5174 while
  // :5173 is asked for): `moved` starts it for this picture only.
  { name: "2-dev-server-other-port", browser: "plain", cause: "server-on-another-port", url: (env) => `http://localhost:${env.devPort}/`, probes: true, moved: true },
  { name: "3-proxy-from-extension", browser: "proxied", cause: "proxy-problem", url: () => "http://intranet.example.com/" },
  // Chromium reports a name mapped to 0.0.0.0 as a refusal with no address;
  // the core tells it from a server's refusal by its speed (at most 20 ms,
  // INSTANT_MS in src/diagnosis/facts.rs), which a busy machine can miss, so
  // this one may be asked again (`attempts`).
  { name: "4-dns-blocked", browser: "plain", cause: "dns-blocked", url: () => "http://ads.example.com/", needsFreePort80: true, attempts: 3 },
  // A server that takes the connection and closes it unanswered: down, by no
  // timing (a refusal as fast as a loopback one would read as a DNS block).
  { name: "5-site-down", browser: "plain", cause: "server-down", url: () => "http://shop.example.com/" },
  { name: "6-offline", browser: "plain", cause: "no-internet", url: () => "http://news.example.org/", offline: true },
];

/** Saves the tab's visible page, 1280×800, and checks the file is what the stores take. */
async function storeScreenshot(page, path, size) {
  // JPEG: the stores take "JPEG or 24-bit PNG, no alpha", and Chromium's PNGs carry alpha.
  await page.screenshot({ path, type: "jpeg", quality: 92 });
  const bytes = await readFile(path);
  assert.equal(bytes.readUInt16BE(0), 0xffd8, `${path} is a JPEG`);
  assert.deepEqual(jpegSize(bytes), size, `${path} size`);
}

/** The pixel size of a baseline or progressive JPEG, from its SOF marker. */
function jpegSize(bytes) {
  for (let at = 2; at < bytes.length;) {
    const marker = bytes.readUInt16BE(at);
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker)) {
      return { width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
    }
    at += 2 + length;
  }
  throw new Error("no frame header in the JPEG");
}

/**
 * A server on 127.0.0.1 that reads each request and closes the connection
 * without a word: net::ERR_EMPTY_RESPONSE. (Closing before the request
 * arrives gave resets or failed connections, case by case.)
 */
async function hangingUp() {
  const server = createServer((socket) => socket.once("data", () => socket.end()));
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", done);
  });
  return { port: server.address().port, close: () => new Promise((done) => server.close(done)) };
}

/** The extension in `PROXY_EXTENSION`, copied, with its proxy at 127.0.0.1:`port`. */
async function stageProxyExtension(port) {
  const dir = await mkdtemp(join(tmpdir(), "netwhy-test-proxy-"));
  await cp(PROXY_EXTENSION, dir, { recursive: true });
  await writeFile(join(dir, "proxy.js"), `export const PROXY = { host: "127.0.0.1", port: ${port} };\n`);
  return dir;
}

/** Waits until our background sees another extension's proxy in force. */
async function proxyInForce(browser) {
  await browser.worker.evaluate(async () => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { levelOfControl } = await chrome.proxy.settings.get({});
      if (levelOfControl === "controlled_by_other_extensions") return;
      if (Date.now() > deadline) throw new Error(`the test proxy never took effect (${levelOfControl})`);
      await new Promise((done) => setTimeout(done, 50));
    }
  });
}

for (const locale of LOCALES) {
  describe(`store pictures, ${locale}`, () => {
    const env = {};
    const browsers = {};
    let server;
    let down;
    let proxyDir;
    before(async () => {
      await mkdir(join(artifacts, locale), { recursive: true });
      env.devPort = (await listening(5173)) ? await closedPort() : 5173;
      // Another site that works, so "site down" can say the others load.
      server = await serve(site());
      down = await hangingUp();
      browsers.plain = await launch("chromium", {
        locale,
        args: [resolverRules(
          "MAP ads.example.com 0.0.0.0",
          `MAP shop.example.com 127.0.0.1:${down.port}`,
          `MAP www.example.org 127.0.0.1:${server.port}`,
        )],
      });
      const tab = await browsers.plain.newTab();
      await tab.navigate("http://www.example.org/");
      await tab.waitFor("#marker");
      await tab.page.close();
      proxyDir = await stageProxyExtension(await closedPort());
      browsers.proxied = await launch("chromium", {
        locale, args: [resolverRules()], extensions: [proxyDir], grant: ["management"],
      });
      await proxyInForce(browsers.proxied);
    });
    after(async () => {
      await browsers.plain?.close();
      await browsers.proxied?.close();
      await server?.close();
      await down?.close();
      if (proxyDir) await rm(proxyDir, { recursive: true, force: true });
    });

    for (const situation of SITUATIONS) {
      it(`${situation.name} (1280×800)`, async (t) => {
        if (situation.needsFreePort80 && (await listening(80))) {
          t.skip("something listens on 127.0.0.1:80, so 0.0.0.0:80 would not be refused");
          return;
        }
        const browser = browsers[situation.browser];
        const moved = situation.moved ? await serve(site(), env.devPort + 1).catch(() => null) : null;
        if (situation.moved && !moved) {
          t.skip(`port ${env.devPort + 1} is taken, so no server can move there`);
          return;
        }
        if (situation.offline) await browser.setOffline(true);
        try {
          const open = async () => {
            const tab = await openFailing(browser, situation.url(env));
            // The page complete: the local probes have answered.
            if (situation.probes) await tab.waitFor('section.probes[data-probes="none"], section.probes[data-probes="found"]');
            return tab;
          };
          let tab = await open();
          for (let left = (situation.attempts ?? 1) - 1; left > 0 && (await topCause(tab)) !== situation.cause; left--) {
            await tab.page.close();
            tab = await open();
          }
          assert.equal(await topCause(tab), situation.cause, `causes listed: ${(await causes(tab)).join(", ")}`);
          // The page speaks the locale: its first cause's title is that locale's text.
          const key = `cause_${situation.cause.replaceAll("-", "_")}_title`;
          assert.equal(await tab.text("article.cause h2"), messages[locale][key].message);
          await tab.page.setViewportSize(SCREENSHOT);
          await tab.page.emulateMedia({ colorScheme: "light" });
          await storeScreenshot(tab.page, join(artifacts, locale, `${situation.name}.jpg`), SCREENSHOT);
          await tab.page.close();
        } finally {
          if (situation.offline) await browser.setOffline(false);
          await moved?.close();
        }
      });
    }

    it("promo tile (440×280)", async () => {
      const page = await browsers.plain.context.newPage();
      await page.setViewportSize(TILE);
      const icon = (await readFile(join(root, "extension/icons/icon-128.png"))).toString("base64");
      // "NetWhy: why a page won't load" → the name, and what it is about.
      const [name, tagline] = messages[locale].extension_name.message.split(/\s*:\s*/);
      await page.setContent(`<!doctype html><html lang="${locale}"><meta charset="utf-8">
        <style>
          html, body { margin: 0; height: 100%; }
          body { display: flex; align-items: center; gap: 28px; padding: 0 36px; box-sizing: border-box;
            background: linear-gradient(135deg, #15181e, #26344a); color: #f3f5f8; font-family: system-ui, sans-serif; }
          img { width: 112px; height: 112px; flex: none; }
          h1 { margin: 0 0 10px; font-size: 46px; letter-spacing: -0.5px; }
          p { margin: 0; font-size: 23px; line-height: 1.25; color: #c9d3e1; }
        </style>
        <img alt="" src="data:image/png;base64,${icon}"><div><h1></h1><p></p></div></html>`);
      // Text by DOM, not markup: the messages are data.
      await page.evaluate(([name, tagline]) => {
        document.querySelector("h1").textContent = name;
        document.querySelector("p").textContent = tagline.charAt(0).toUpperCase() + tagline.slice(1);
      }, [name, tagline]);
      await storeScreenshot(page, join(artifacts, locale, "promo-440x280.jpg"), TILE);
      await page.close();
    });
  });
}

