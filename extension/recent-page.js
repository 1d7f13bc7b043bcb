// @ts-check
// The recent failures (the toolbar button's popup): its module (web/recent-page), started by page.js.
import init, { start } from "./core/netwhy_recent_page.js";
import { run } from "./page.js";

run(init, start, new URL("./core/netwhy_recent_page_bg.wasm", import.meta.url));
