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
// Firefox: no page preloads the core's module (`<link rel="preload"
// href="core/netwhy_pages_bg.wasm">`). Its error page takes the module the
// background compiled (page-early.js), and a preload nothing reads would cost
// a read of the whole file and a console warning on every failure.
// Usage: node tools/pages.mjs DIR chrome|firefox
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, browser] = process.argv.slice(2);
if (browser !== "chrome" && browser !== "firefox") throw new Error(`usage: pages.mjs DIR chrome|firefox, not ${browser}`);
const LINK = /^( *)<link rel="stylesheet" href="([\w-]+\.css)">$/gm;
// The preload with the comment above it, if any.
const PRELOAD = /^(?: *<!--(?:(?!-->)[\s\S])*-->\n)? *<link rel="preload" href="core\/netwhy_pages_bg\.wasm"[^>]*>\n/gm;

const inlined = new Set();
for (const page of readdirSync(dir).filter((name) => name.endsWith(".html"))) {
  const path = join(dir, page);
  let html = readFileSync(path, "utf8").replace(LINK, (_, indent, name) => {
    const css = readFileSync(join(dir, name), "utf8");
    // The one text that would end the element early; no stylesheet of ours has it.
    if (/<\/style/i.test(css)) throw new Error(`${name} contains "</style"`);
    inlined.add(name);
    return `${indent}<style>\n${css}${indent}</style>`;
  });
  if (/<link rel="stylesheet"/.test(html)) throw new Error(`${page}: a stylesheet link not of the form ${LINK}`);
  if (browser === "firefox") {
    html = html.replace(PRELOAD, "");
    if (/<link rel="preload"/.test(html)) throw new Error(`${page}: a preload not of the form ${PRELOAD}`);
  }
  writeFileSync(path, html);
}
for (const name of readdirSync(dir).filter((name) => name.endsWith(".css"))) {
  if (!inlined.has(name)) throw new Error(`${name} is linked by no page`);
  rmSync(join(dir, name));
}
