// Where the settings live: the user's in storage.sync, an administrator's in
// storage.managed. The core decides which win.
import { api } from "./api.js";

/** The administrator's settings; none where managed storage is unavailable. */
export function managedSettings() {
  // Firefox rejects when no policy provides managed storage for the add-on.
  return api.storage.managed?.get(null).catch(() => ({})) ?? {};
}

/** The user's and the administrator's settings, for the core. */
export async function storedSettings() {
  const [user, managed] = await Promise.all([api.storage.sync.get(null), managedSettings()]);
  return { user, managed };
}
