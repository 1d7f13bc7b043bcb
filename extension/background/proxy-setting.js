// @ts-check
// The browser's proxy setting (`proxy.settings.get({})`), as the failure's
// record keeps it: in either browser's shape (the core reads both,
// src/evidence/gathered.rs), but without the text of a PAC script. Chromium
// gives a script an extension set as `value.pacScript.data`, and proxy
// switchers write their whole rule lists into it, hundreds of KB that every
// record would carry; the core reads only the script's `url`.
//
// Asked as a failure is explained, Chromium answered `get` 26 to 32 ms
// after the failure, warm, and the gathering's other calls 5 to 7 ms after
// it (tests/bench/notes.md, session 12; the record was ready sooner, our page
// was not: Chromium starts it when its own navigation lets it). There
// `onChange` tells every change of the setting (by an extension, by policy),
// so the background keeps the answer from its start and asks again on each
// change: one read per wake-up, not one per failure. Firefox's `onChange`
// misses the changes made in its own settings and about:config
// (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/types/BrowserSetting/onChange):
// there every failure asks.
import { api, firefox } from "../api.js";

/** @typedef {Record<string, any> | null} Setting the setting, or null where there is none to read */

/** @type {any} */
const proxy = api.proxy;
const followed = Boolean(proxy?.settings?.onChange) && !firefox;

/** @type {Promise<Setting> | null} The newest read, where the setting is followed. */
let newest = null;
/** @type {Setting} What the newest read answered, once it has. */
let known = null;

/** @returns {Promise<Setting>} */
async function read() {
  /** @type {Setting} */
  const setting = (await proxy?.settings.get({}).catch(() => null)) ?? null;
  const pacScript = setting?.value?.pacScript;
  if (!pacScript || !("data" in pacScript)) return setting;
  const { data: _text, ...kept } = pacScript;
  return { ...setting, value: { ...setting.value, pacScript: kept } };
}

function follow() {
  const reading = read();
  newest = reading;
  reading.then((setting) => {
    if (newest === reading) known = setting;
  });
}

if (followed) {
  // The event's own details may be an incognito window's setting
  // (`incognitoSpecific`); the record keeps the regular one, so it is read again.
  proxy.settings.onChange.addListener(follow);
  follow();
}

/** The setting now, for a failure's record. */
export function proxySetting() {
  return newest ?? read();
}

/**
 * Whether page loads go through a proxy by the setting: a fixed or PAC
 * proxy means proxied; "direct" means not; "system" and "auto_detect" cannot
 * be told, and count as direct (null), as does a setting not followed or not
 * yet read. Synchronous: it runs on every finished load (loads.js).
 * @returns {boolean | null}
 */
export function settingProxies() {
  const mode = known?.value?.mode;
  return mode === "fixed_servers" || mode === "pac_script" ? true : mode === "direct" ? false : null;
}
