// Error page: finds the failure recorded under the token in our URL's fragment
// and lets the core render it.
import init, { renderFailure, renderMissing, reportFor, retryUrl, withExtensions } from "./core/netwhy_pages.js";
import { api } from "./api.js";
import { onExtensionAction } from "./extension-actions.js";
import { autoRetry } from "./retry.js";
import { storedSettings } from "./settings.js";

// When each step ended, in ms since the epoch, on <html data-t-*>, for tests/bench/.
const stamp = (step) => (value) => ((document.documentElement.dataset[step] = Date.now()), value);
stamp("tScript")();
const key = `failure:${location.hash.slice(1)}`;
const [stored, { user, managed }, tab] = await Promise.all([
  api.storage.session.get(key).then((items) => items[key]).then(stamp("tStorage")),
  storedSettings(),
  api.tabs.getCurrent(),
  init({ module_or_path: new URL("./core/netwhy_pages_bg.wasm", import.meta.url) }).then(stamp("tWasm")),
]);
// A record belongs to the tab it was made for: its address copied into
// another tab, or a duplicated tab, gets the neutral page.
const record = stored?.tabId === tab?.id ? stored : undefined;
// Reloading the error page is a person asking to try again, not to see it again.
const reloaded = performance.getEntriesByType("navigation")[0]?.type === "reload";
const again = record && reloaded ? readable(() => retryUrl(record.failure)) : undefined;

if (again) {
  location.replace(again);
} else if (record && render(record)) {
  stamp("tRendered")();
  document.addEventListener("click", (event) => {
    if (event.target.closest('[data-action="show-extensions"]')) showExtensions();
    const copy = event.target.closest('[data-action="copy-report"]');
    if (copy) copyReport(copy);
    onExtensionAction(event, () => location.replace(retryUrl(record.failure) ?? location.href));
  });
  autoRetry(record.failure.url);
} else {
  renderMissing();
}

// A record the core cannot read (a newer build's, a damaged one) gets the
// neutral page, never a blank one.
function render(record) {
  return readable(() => (renderFailure(record.failure, record.evidence, user, managed), true)) ?? false;
}

function readable(read) {
  try {
    return read();
  } catch (problem) {
    console.error("NetWhy could not read this failure", problem);
    return undefined;
  }
}

// `management` is optional, so the page works without it; asked for here, on
// the user's click, the page can name the extension that blocked the load.
async function showExtensions() {
  if (!(await api.permissions.request({ permissions: ["management"] }))) return;
  record.evidence = withExtensions(record.evidence, await api.management.getAll(), api.runtime.id);
  await api.storage.session.set({ [key]: record });
  renderFailure(record.failure, record.evidence, user, managed);
}

// The report is JSON that `diagnose -` replays, with a one-line summary on top.
async function copyReport(button) {
  const report = reportFor(record.failure, record.evidence);
  await navigator.clipboard.writeText(JSON.stringify(report, null, 2));
  button.textContent = api.i18n.getMessage("action_copied");
  button.dataset.copied = "true";
}
