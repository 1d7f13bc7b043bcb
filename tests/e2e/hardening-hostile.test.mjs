// Issue 6, hostile addresses (Chromium): whatever a site puts in the URL is
// shown as the browser normalized it, as isolated text: no element, attribute
// or script gets in, and a long address wraps instead of widening the page.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, resolverRules, waitForErrorPage, ERROR_PAGE } from "./browsers.mjs";
import { closedPort } from "./servers.mjs";
import { HOSTILE_RULES, HOSTILE_URLS } from "./hostile-urls.mjs";

// Everything the page may contain; anything else was injected.
const TAGS = new Set([
  // LINK only as `linkTags` says.
  "HTML", "HEAD", "META", "TITLE", "LINK", "STYLE", "SCRIPT", "BODY", "MAIN", "HEADER", "H1", "H2", "P", "BDI", "SECTION",
  "ARTICLE", "DETAILS", "SUMMARY", "UL", "OL", "LI", "DIV", "BUTTON", "SPAN", "DL", "DT", "DD", "A",
  // The report's one choice (include the whole address), and only it: see `inputs`.
  "LABEL", "INPUT",
]);

/** What the page looks like, read inside it. */
function inspect() {
  const app = document.getElementById("app");
  const all = [...document.querySelectorAll("*")];
  const url = document.querySelector('[data-field="url"]');
  return {
    tags: [...new Set(all.map((element) => element.tagName))],
    links: [...document.links].map((link) => link.href).filter((href) => !/^https:\/\//.test(href)),
    scripts: [...document.scripts].map((script) => script.getAttribute("src")),
    linkTags: [...document.querySelectorAll("link")].map((link) => `${link.parentElement?.tagName} ${link.rel} ${link.getAttribute("href")}`),
    handlers: all.flatMap((element) => [...element.attributes].map((a) => a.name)).filter((name) => /^on/i.test(name)),
    fields: app.querySelectorAll("bdi").length,
    // What the probes found ("none", "found"), or nothing for a name off this computer.
    probes: document.querySelector("section.probes")?.dataset.probes,
    // Every input but the report's checkbox for the whole address.
    inputs: [...document.querySelectorAll("input")]
      .filter((input) => !(input.type === "checkbox" && input.dataset.field === "report-full-url")).length,
    url: url?.textContent,
    urlTag: url?.tagName,
    isolation: url && getComputedStyle(url).unicodeBidi,
    hostIsolation: getComputedStyle(document.querySelector('[data-field="host"]')).unicodeBidi,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    pwned: window.__pwned,
  };
}

/**
 * Waits for our page to be rendered, asking the page itself: after a 100 KB
 * address, Playwright's waitForSelector (polled on animation frames) measured
 * never to see the page become ready although it had.
 */
async function rendered(tab) {
  await tab.waitForUrl((url) => ERROR_PAGE.test(url));
  const deadline = Date.now() + 15_000;
  // Ready, and done asking this computer's other ports (issue 11's probes),
  // whose answers add sentences.
  const settled = () => document.documentElement.dataset.ready === "true"
    && !document.querySelector('section.probes[data-probes="checking"]');
  while (!(await tab.page.evaluate(settled).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`our page never rendered at ${tab.url().slice(0, 100)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The address as the page shows it: cut at 2,000 characters (src/views/error_page.rs MAX_SHOWN). */
function shown(href) {
  const characters = [...href];
  return characters.length > 2_000 ? `${characters.slice(0, 2_000).join("")}…` : href;
}

// Three tabs, each taking every third address: quicker on two cores than one.
const BATCHES = 3;

describe("chromium: hostile addresses", () => {
  let browser;
  let tabs;
  const dialogs = [];
  before(async () => {
    browser = await launch("chromium", { args: [resolverRules(...HOSTILE_RULES)] });
    tabs = [];
    for (let i = 0; i < BATCHES; i++) {
      const tab = await browser.newTab();
      // A phone's width: long text has to wrap here to fit.
      await tab.page.setViewportSize({ width: 360, height: 640 });
      tab.page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        dialog.dismiss().catch(() => {});
      });
      tabs.push(tab);
    }
  });
  after(async () => {
    await browser?.close();
  });

  /** Shows each of `entries` in `tab`; returns what is wrong with the pages. */
  async function check(tab, entries) {
    const benign = `http://127.0.0.1:${await closedPort()}/`;
    await tab.navigate(benign);
    await rendered(tab);
    const baseline = await tab.page.evaluate(inspect);
    const problems = [];
    for (const { name, url: make } of entries) {
      // A port of its own: the same address twice in a row is a user going
      // back to it, which the background leaves to the browser.
      const input = make(await closedPort());
      const expected = shown(new URL(input).href);
      const before = tab.url();
      await tab.navigate(input);
      await tab.waitForUrl((current) => current !== before && ERROR_PAGE.test(current));
      await rendered(tab);
      const page = await tab.page.evaluate(inspect);
      const wrong = [];
      const injected = page.tags.filter((tag) => !TAGS.has(tag));
      if (injected.length > 0) wrong.push(`elements ${injected}`);
      // Only the two error.html names (Chromium's): the core's early compile and the page's entry.
      if (page.scripts.join() !== "page-early.js,error-page.js") wrong.push(`scripts ${page.scripts}`);
      // And its one link element, Chromium's preload of the page's module.
      if (page.linkTags.join() !== "HEAD preload core/netwhy_error_page_bg.wasm") wrong.push(`link elements ${page.linkTags}`);
      if (page.handlers.length > 0) wrong.push(`handler attributes ${page.handlers}`);
      if (page.pwned !== undefined) wrong.push("a payload ran");
      if (page.url !== expected) wrong.push(`url field ${JSON.stringify(page.url?.slice(0, 200))}`);
      if (page.urlTag !== "BDI" || page.isolation !== "isolate" || page.hostIsolation !== "isolate") {
        wrong.push(`not isolated: ${page.urlTag} ${page.isolation} ${page.hostIsolation}`);
      }
      if (page.links.length > 0) wrong.push(`links ${page.links}`);
      if (page.inputs > 0) wrong.push(`${page.inputs} inputs besides the report's choice`);
      // Compared with a benign address on the same host: a public name gets
      // other causes, with other sentences, than this computer.
      // A server found on a neighbouring port (another tab's) adds its own.
      const sameHost = new URL(input).hostname === new URL(benign).hostname;
      if (sameHost && page.probes === baseline.probes && page.fields !== baseline.fields) wrong.push(`${page.fields} text fields, ${baseline.fields} for a benign address`);
      if (page.scrollWidth > page.clientWidth) wrong.push(`scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
      if (wrong.length > 0) problems.push(`${name} (${JSON.stringify(input.slice(0, 120))}): ${wrong.join("; ")}`);
    }
    return problems;
  }

  it(`renders ${HOSTILE_URLS.length} hostile addresses as text only`, async () => {
    assert.ok(HOSTILE_URLS.length >= 50);
    const batches = tabs.map((tab, b) => check(tab, HOSTILE_URLS.filter((_, i) => i % BATCHES === b)));
    const problems = (await Promise.all(batches)).flat();
    assert.deepEqual(dialogs, [], "a payload opened a dialog");
    assert.deepEqual(problems, []);
  });
});
