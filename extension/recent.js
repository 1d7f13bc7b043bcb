// Recent failures: the toolbar button's popup, which also works in a tab. The
// core renders the list the background keeps in storage.local; this file
// reads it, follows its changes and handles the page's two buttons.
import init, { renderRecent } from "./core/netwhy_pages.js";
import { api } from "./api.js";

await init({ module_or_path: new URL("./core/netwhy_pages_bg.wasm", import.meta.url) });
document.documentElement.lang = api.i18n.getUILanguage();

// Renders run one after another, so the last change is the one shown.
let rendering = Promise.resolve();
function render() {
  rendering = rendering.then(draw).catch((problem) => console.error("NetWhy could not show the list", problem));
}

async function draw() {
  const { recent } = await api.storage.local.get("recent");
  // Rendering replaces the page, so focus goes back where it was: the same
  // button, or the heading when that button is gone (Clear hides itself).
  const focused = document.activeElement;
  const action = focused?.dataset?.action;
  renderRecent(recent ?? null);
  if (action || focused?.localName === "h1") {
    const again = action && document.querySelector(`[data-action="${CSS.escape(action)}"]`);
    (again ?? document.querySelector("h1"))?.focus();
  }
}

document.addEventListener("click", async (event) => {
  const action = event.target.closest("[data-action]")?.dataset.action;
  if (action === "clear-recent") {
    await api.storage.local.remove("recent");
    render();
  } else if (action === "open-options") {
    await api.runtime.openOptionsPage();
  }
});
api.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "recent" in changes) render();
});
render();
