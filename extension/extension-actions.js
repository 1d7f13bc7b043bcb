// What the error page offers for an extension a cause blames (the core
// renders the buttons): open its settings, or turn it off after a
// confirmation and try the page again.
import { api } from "./api.js";

/** Handles a click on the page; `retry` loads the failed address again. */
export async function onExtensionAction(event, retry) {
  const button = event.target.closest("[data-action]");
  const group = button?.closest(".extension-actions[data-extension]");
  if (!group) return;
  const confirm = group.querySelector(".confirm");
  const turnOff = group.querySelector('[data-action="turn-off-extension"]');
  switch (button.dataset.action) {
    case "open-extension-settings":
      await api.tabs.create({ url: button.dataset.url });
      break;
    case "turn-off-extension":
      confirm.hidden = false;
      turnOff.setAttribute("aria-expanded", "true");
      confirm.querySelector('[data-action="confirm-turn-off"]').focus();
      break;
    case "cancel-turn-off":
      confirm.hidden = true;
      turnOff.setAttribute("aria-expanded", "false");
      turnOff.focus();
      break;
    case "confirm-turn-off":
      // Within the click's user gesture, as management.setEnabled wants.
      await api.management.setEnabled(group.dataset.extension, false);
      retry();
      break;
  }
}
