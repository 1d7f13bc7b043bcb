// @ts-check
// Where the background keeps things. The core owns these names
// (src/policy/stored.rs, KEYS); a native test keeps this file identical.
export const FAILURE_PREFIX = "failure:";
export const PENDING_PREFIX = "pending:";
export const LOADS = "history";
export const FAILURE_LIST = "recent";
export const SETTINGS_COPY = "settings";
export const PLATFORM = "platform";
