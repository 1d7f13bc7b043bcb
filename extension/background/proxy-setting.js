// @ts-check
// The browser's proxy setting (`proxy.settings.get({})`), as the failure's
// record keeps it: in either browser's shape (the core reads both,
// src/evidence/gathered.rs), but without the text of a PAC script. Chromium
// gives a script an extension set as `value.pacScript.data`, and proxy
// switchers write their whole rule lists into it, hundreds of KB that every
// record would carry; the core reads only the script's `url`.
import { api } from "../api.js";

/** @returns {Promise<Record<string, any> | null>} the setting, or null where there is none to read */
export async function proxySetting() {
  /** @type {Record<string, any> | null} */
  const setting = (await api.proxy?.settings.get({}).catch(() => null)) ?? null;
  const pacScript = setting?.value?.pacScript;
  if (!pacScript || !("data" in pacScript)) return setting;
  const { data: _text, ...kept } = pacScript;
  return { ...setting, value: { ...setting.value, pacScript: kept } };
}
