// Prepares our pages in DIR, the extension as it ships to BROWSER.
//
// Each page's stylesheets go into the page itself: every
// `<link rel="stylesheet" href="NAME.css">` becomes a `<style>` with that
// file's text, and the stylesheets are removed. A stylesheet still loading
// holds the scripts after it (HTML's "script-blocking style sheet"), and in
// Firefox each file an extension page loads is a request of its own: this
// takes one off our page's way. The gain is small and not yet measured apart
// from the noise (BENCHMARKS.md, session 10). The sources keep one stylesheet
// shared by the pages; only dist/ is rewritten.
//
// A line of a page marked `data-only="BROWSER"` is kept, without the mark,
// only in that browser's build; elsewhere it goes, with the comment just
// above it, and so does a script it loads that no page left loads. (The
// pages' core is preloaded and compiled early in Chromium only: error.html.)
// Usage: node tools/pages.mjs DIR chrome|firefox
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const BROWSERS = ["chrome", "firefox"];
const [dir, browser] = process.argv.slice(2);
if (!BROWSERS.includes(browser)) throw new Error(`usage: pages.mjs DIR ${BROWSERS.join("|")}, not ${browser}`);
const LINK = /^( *)<link rel="stylesheet" href="([\w-]+\.css)">$/gm;
const ONLY = / data-only="([\w-]+)"/;
/** Drops from `kept` the comment that ends on its last line, if one does. */
function dropCommentAbove(kept) {
  const last = kept.length - 1;
  if (last < 0 || !kept[last].trimEnd().endsWith("-->")) return;
  for (let start = last; start >= 0; start--) {
    if (kept[start].trimStart().startsWith("<!--")) {
      kept.length = start;
      return;
    }
  }
}

/** The page's `html` with the lines for other browsers gone; `dropped` gets the scripts they loaded. */
function forThisBrowser(html, dropped) {
  const lines = html.split(/(?<=\n)/);
  const kept = [];
  for (const line of lines) {
    // Only an element's own attribute counts, not a comment's words.
    const only = /^ *<[a-z]/.test(line) ? ONLY.exec(line)?.[1] : undefined;
    if (only === undefined) {
      kept.push(line);
      continue;
    }
    if (!BROWSERS.includes(only)) throw new Error(`data-only="${only}": not one of ${BROWSERS}`);
    if (only === browser) {
      kept.push(line.replace(ONLY, ""));
      continue;
    }
    const script = /<script src="([\w-]+\.js)"/.exec(line)?.[1];
    if (script) dropped.add(script);
    dropCommentAbove(kept);
  }
  return kept.join("");
}

const inlined = new Set();
const dropped = new Set();
const pages = readdirSync(dir).filter((name) => name.endsWith(".html"));
for (const page of pages) {
  const path = join(dir, page);
  const html = forThisBrowser(readFileSync(path, "utf8"), dropped).replace(LINK, (_, indent, name) => {
    const css = readFileSync(join(dir, name), "utf8");
    // The one text that would end the element early; no stylesheet of ours has it.
    if (/<\/style/i.test(css)) throw new Error(`${name} contains "</style"`);
    inlined.add(name);
    return `${indent}<style>\n${css}${indent}</style>`;
  });
  if (/<link rel="stylesheet"/.test(html)) throw new Error(`${page}: a stylesheet link not of the form ${LINK}`);
  writeFileSync(path, html);
}
for (const name of readdirSync(dir).filter((name) => name.endsWith(".css"))) {
  if (!inlined.has(name)) throw new Error(`${name} is linked by no page`);
  rmSync(join(dir, name));
}
const stillLoaded = pages.map((page) => readFileSync(join(dir, page), "utf8")).join("");
for (const script of dropped) {
  if (!stillLoaded.includes(`src="${script}"`) && existsSync(join(dir, script))) rmSync(join(dir, script));
}
