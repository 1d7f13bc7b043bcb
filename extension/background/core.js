// @ts-check
// The worker's core, its loading begun before any other part of the
// background runs: background.js imports this module first, so the wasm is
// asked for and compiled while the rest of the bundle's top-level code runs
// (the ring's and the settings' reads, the listeners). Begun from
// background.js's own body, after every module it imports, it started 5 to
// 10 ms into the script. Chromium, cold, our page came sooner in two sets:
// 210 against 223 ms (floor 203) and 185 against 213 (floor 162); Firefox,
// cold, the same: 167 against 163 (floor 127) (tests/bench/notes.md,
// session 14).
import init from "../core/netwhy_worker.js";
import { api } from "../api.js";

// By the extension's URL, not import.meta.url: the background ships as one
// classic script (build.sh), where import.meta is empty.
export const core = init({ module_or_path: api.runtime.getURL("core/netwhy_worker_bg.wasm") });
