// @ts-check
// The error page: its module (web/error-page), started by page.js.
import init, { start } from "./core/netwhy_error_page.js";
import { run } from "./page.js";

run(init, start, new URL("./core/netwhy_error_page_bg.wasm", import.meta.url), { fromBackground: true });
