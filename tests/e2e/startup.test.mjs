// The background's start-up order, in the built bundle of each browser: the
// worker's wasm is asked for before any other call the background makes as
// it starts (background/core.js, imported first). Begun after them, our page
// came 13 to 28 ms later in Chromium's cold starts (tests/bench/notes.md,
// session 14). No browser: the bundle runs in a Node context whose extension
// API records each call and answers none.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import vm from "node:vm";

const dist = resolve(import.meta.dirname, "../../dist");
const never = new Promise(() => {});

/** Every call the bundle at `path` makes as it starts, in order. */
async function startUpCalls(path) {
  /** @type {string[]} */
  const calls = [];
  // Any member of the API is another such stub; a call is noted, and answered
  // by a promise that never settles (nothing after an answer is under test).
  const api = (name) => new Proxy(function () {}, {
    get: (_target, key) => (key === "then" || typeof key === "symbol" ? undefined : api(`${name}.${String(key)}`)),
    apply: (_target, _this, args) => {
      if (name.endsWith(".getURL")) return `chrome-extension://netwhy/${args[0] ?? ""}`;
      calls.push(name);
      return name.endsWith("Listener") ? undefined : never;
    },
  });
  const context = {
    chrome: api("api"), browser: api("api"), navigator: {}, console, URL, crypto, TextDecoder, TextEncoder, WebAssembly,
    fetch: (/** @type {string} */ url) => {
      calls.push(`fetch ${new URL(url).pathname}`);
      return never;
    },
    setTimeout: () => 0, clearTimeout: () => {},
  };
  vm.runInNewContext(await readFile(path, "utf8"), context);
  return calls;
}

describe("background start-up", () => {
  for (const kind of ["chrome", "firefox"]) {
    it(`${kind}: asks for the core's wasm before any other call`, async () => {
      const calls = await startUpCalls(resolve(dist, kind, "background.js"));
      assert.equal(calls[0], "fetch /core/netwhy_worker_bg.wasm", `calls as it starts: ${calls.slice(0, 5).join(", ")}`);
      // The rest of the start-up still runs: its reads and its listeners.
      assert.ok(calls.includes("api.storage.session.get"), calls.join(", "));
      assert.ok(calls.includes("api.webRequest.onErrorOccurred.addListener"), calls.join(", "));
    });
  }
});
