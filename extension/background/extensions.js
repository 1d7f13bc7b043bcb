// @ts-check
// The installed extensions (`management.getAll`, with the optional
// `management` permission), as the failure's record keeps them: only what
// the core reads of each. The entries also carry descriptions, icons and
// host permissions, which would only swell every record. The core owns the
// list (src/evidence/mod.rs, `Extension`); a native test keeps this one the same.
import { api } from "../api.js";

export const EXTENSION_FIELDS = ["id", "name", "enabled", "permissions", "optionsUrl", "mayDisable"];

/**
 * The installed extensions with EXTENSION_FIELDS only, or null without the
 * permission. Chrome keeps getSelf and friends without it; the page works
 * without the list.
 * @returns {Promise<Record<string, unknown>[] | null>}
 */
export async function installed() {
  const management = /** @type {any} */ (api).management;
  const all = await management?.getAll?.().catch(() => null);
  if (!Array.isArray(all)) return null;
  return all.map((/** @type {Record<string, unknown>} */ entry) =>
    Object.fromEntries(EXTENSION_FIELDS.filter((field) => field in entry).map((field) => [field, entry[field]])),
  );
}
