// Automatic re-checks: while our page shows, ask the failed address again
// after growing pauses (the core's schedule) and load it once it answers. For
// a development server this is the whole fix: start it, and the tab comes back.
import { retryDelayMs } from "./core/netwhy_pages.js";
import { api } from "./api.js";

const SECOND = 1000;

/** Re-checks `url` until it answers (then loads it) or the user presses Stop. */
export async function autoRetry(url) {
  const box = document.querySelector("[data-auto-retry]");
  const status = box?.querySelector('[data-field="retry-status"]');
  if (!status) return;
  let stopped = false;
  box.querySelector('[data-action="stop-retry"]').addEventListener("click", (event) => {
    stopped = true;
    box.dataset.autoRetry = "stopped";
    status.textContent = api.i18n.getMessage("retry_stopped");
    event.currentTarget.remove();
  });
  for (let attempt = 0; !stopped; attempt++) {
    const pause = retryDelayMs(attempt, Number(box.dataset.maxSeconds));
    for (let left = Math.ceil(pause / SECOND); left > 0 && !stopped; left--) {
      status.textContent = api.i18n.getMessage("retry_countdown", [String(left)]);
      await new Promise((resolve) => setTimeout(resolve, SECOND));
    }
    if (stopped) return;
    box.dataset.autoRetry = "checking";
    status.textContent = api.i18n.getMessage("retry_checking");
    if (await answers(url)) {
      if (!stopped) location.replace(url);
      return;
    }
    box.dataset.autoRetry = "waiting";
  }
}

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
