// Automatic re-checks: while our page shows, ask the failed address again
// after growing pauses (the core's schedule) and load it once it answers. For
// a development server this is the whole fix: start it, and the tab comes back.
// Behind a dead proxy or while offline no re-check can succeed, so the page
// first waits for that fix (the core names it in `data-waits-for`), says
// so, and checks at once when it comes.
import { retryDelayMs } from "./core/netwhy_pages.js";
import { api } from "./api.js";

const SECOND = 1000;
// Firefox does not fire proxy.settings.onChange for changes made in its own
// settings (they are preferences), so the setting is also read again this
// often: a local read, nothing leaves the browser.
const PROXY_POLL_MS = 2 * SECOND;

/** Re-checks `url` until it answers (then loads it) or the user presses Stop. */
export async function autoRetry(url) {
  const box = document.querySelector("[data-auto-retry]");
  const status = box?.querySelector('[data-field="retry-status"]');
  if (!status) return;
  const stop = new AbortController();
  box.querySelector('[data-action="stop-retry"]').addEventListener("click", (event) => {
    stop.abort();
    box.dataset.autoRetry = "stopped";
    status.textContent = api.i18n.getMessage("retry_stopped");
    event.currentTarget.remove();
  });
  const fix = FIXES[box.dataset.waitsFor];
  if (fix) {
    await fix(stop.signal);
    if (stop.signal.aborted) return;
  }
  for (let attempt = 0; !stop.signal.aborted; attempt++) {
    // Once the awaited fix came, the first check is at once.
    const pause = fix && attempt === 0 ? 0 : retryDelayMs(attempt, Number(box.dataset.maxSeconds));
    for (let left = Math.ceil(pause / SECOND); left > 0 && !stop.signal.aborted; left--) {
      status.textContent = api.i18n.getMessage("retry_countdown", [String(left)]);
      await new Promise((resolve) => setTimeout(resolve, SECOND));
    }
    if (stop.signal.aborted) return;
    box.dataset.autoRetry = "checking";
    status.textContent = api.i18n.getMessage("retry_checking");
    if (await answers(url)) {
      if (!stop.signal.aborted) location.replace(url);
      return;
    }
    box.dataset.autoRetry = "waiting";
  }
}

// What each `data-waits-for` waits for; each resolves when it happened or
// the user pressed Stop.
const FIXES = {
  network: (signal) => new Promise((resolve) => {
    if (navigator.onLine) return resolve();
    addEventListener("online", resolve, { once: true, signal });
    signal.addEventListener("abort", resolve, { once: true });
  }),
  "proxy-settings": async (signal) => {
    const setting = api.proxy?.settings;
    if (!setting) return;
    const read = () => setting.get({}).then(JSON.stringify, () => null);
    const before = await read();
    await new Promise((resolve) => {
      const done = () => {
        clearInterval(poll);
        setting.onChange?.removeListener(done);
        resolve();
      };
      const poll = setInterval(async () => (await read()) !== before && done(), PROXY_POLL_MS);
      setting.onChange?.addListener(done);
      signal.addEventListener("abort", done, { once: true });
    });
  },
};

// Any answer at all, even an error status or a redirect, means the server is
// back: the page itself will show what it has to say.
async function answers(url) {
  try {
    await fetch(url, { method: "HEAD", cache: "no-store", credentials: "omit", redirect: "manual" });
    return true;
  } catch {
    return false;
  }
}
