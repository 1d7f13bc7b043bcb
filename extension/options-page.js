// @ts-check
// The options page: its module (web/options-page), started by page.js.
import init, { start } from "./core/netwhy_options_page.js";
import { run } from "./page.js";

run(init, start, new URL("./core/netwhy_options_page_bg.wasm", import.meta.url));
