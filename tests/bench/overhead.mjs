// What NetWhy costs normal browsing: a page with 100 sub-resources from
// 127.0.0.1, loaded with and without the extension. The figure is the page's
// own Navigation Timing (navigation start to the end of its load event), so
// nothing outside the browser is timed. Nothing is cached (no-store, and a
// fresh query string per load).
import { serve } from "../e2e/servers.mjs";
import { go, open } from "./latency.mjs";

export const SUBRESOURCES = 100;
// The smallest GIF: one transparent pixel.
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

function handler(request, response) {
  const url = new URL(request.url, "http://127.0.0.1");
  const headers = { "cache-control": "no-store" };
  if (url.pathname.startsWith("/r/")) {
    response.writeHead(200, { ...headers, "content-type": "image/gif" });
    response.end(PIXEL);
    return;
  }
  const run = url.searchParams.get("run");
  const images = Array.from({ length: SUBRESOURCES }, (_, i) => `<img src="/r/${i}.gif?run=${run}" alt="">`);
  response.writeHead(200, { ...headers, "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><title>${SUBRESOURCES} resources</title>${images.join("")}`);
}

function loaded() {
  const nav = performance.getEntriesByType("navigation")[0];
  return location.pathname === "/page" && nav?.loadEventEnd > 0 ? nav.loadEventEnd : null;
}

/**
 * `runs` timed loads (after `warmup`) without any extension ("none"), with
 * the floor extension ("floor": what any webRequest listener costs) and with
 * NetWhy ("netwhy"). Returns samples[variant] = [ms].
 */
export async function measureOverhead(kind, { runs, warmup = 3, log = () => {} }) {
  const server = await serve(handler);
  const samples = {};
  let run = 0;
  try {
    // Two rounds, A B C A B C, so a machine getting busier mid-way hits all three.
    const rounds = [["none", "native"], ["floor", "floor"], ["netwhy", "netwhy"]];
    for (const [variant, option] of [...rounds, ...rounds]) {
      const { browser, driver } = await open(kind, option);
      try {
        const list = (samples[variant] ??= []);
        const load = async () => {
          await driver.blank();
          await driver.navigate(`${server.url}/page?run=${run++}`);
          return driver.value(loaded);
        };
        for (let i = 0; i < warmup + Math.ceil(runs / 2); i++) {
          // Once (2026-11-24) a load asked for in headless Firefox never
          // ended: such a load is measured again rather than ending a
          // seven-minute run.
          const ms = await load().catch((problem) => {
            log(`${kind} overhead ${variant}: a load did not end (${problem.name}), measured again`);
            return load();
          });
          if (i >= warmup) list.push(ms);
        }
        log(`${kind} overhead ${variant}: ${list.map(Math.round).join(" ")}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  return samples;
}
