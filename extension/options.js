// Options page: the core renders the form from the settings in force and reads
// it back; this file only moves values between the form and storage.sync.
import init, { readOptions, renderOptions } from "./core/netwhy_pages.js";
import { api } from "./api.js";
import { managedSettings } from "./settings.js";

await init({ module_or_path: new URL("./core/netwhy_pages_bg.wasm", import.meta.url) });
renderOptions(await api.storage.sync.get(null), await managedSettings());
document.documentElement.lang = api.i18n.getUILanguage();

const status = document.querySelector('[data-field="saved"]');
document.querySelector("form").addEventListener("change", async () => {
  await api.storage.sync.set(readOptions());
  status.textContent = api.i18n.getMessage("options_saved");
  status.dataset.saved = String(Date.now());
});
