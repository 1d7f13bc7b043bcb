// Checks a built Chrome extension (dist/chrome) against the Manifest V3 rules
// that can be checked without Chrome or the Chrome Web Store: the ones behind
// load errors, "Unrecognized manifest key" warnings and store rejections.
// Firefox has `web-ext lint`; Chrome has no offline linter, hence this.
// Usage: node tools/check-chrome-manifest.mjs DIR    (exit 1 on any problem)
//
// Sources: developer.chrome.com/docs/extensions/reference/manifest (keys),
// …/reference/permissions-list (permissions), …/develop/concepts/match-patterns,
// …/reference/manifest/content-security-policy, …/reference/manifest/version,
// …/reference/manifest/description (132 characters), Chrome Web Store: name at
// most 75 characters, a 128×128 icon.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

// Every top-level key Chrome knows in an MV3 extension manifest.
const KEYS = new Set([
  "manifest_version", "name", "version", "description", "icons", "action", "author", "background",
  "chrome_settings_overrides", "chrome_url_overrides", "commands", "content_scripts", "content_security_policy",
  "cross_origin_embedder_policy", "cross_origin_opener_policy", "declarative_net_request", "default_locale",
  "devtools_page", "event_rules", "export", "externally_connectable", "file_browser_handlers",
  "file_system_provider_capabilities", "homepage_url", "host_permissions", "import", "incognito", "key",
  "minimum_chrome_version", "oauth2", "omnibox", "optional_host_permissions", "optional_permissions",
  "options_page", "options_ui", "permissions", "requirements", "sandbox", "short_name", "side_panel", "storage",
  "trial_tokens", "tts_engine", "update_url", "version_name", "web_accessible_resources",
]);
// Keys that mean another browser or manifest version: Chrome warns or refuses.
const FOREIGN_KEYS = new Set(["browser_action", "page_action", "browser_specific_settings", "applications",
  "sidebar_action", "user_scripts", "developer", "protocol_handlers", "theme_experiment"]);
// The permissions Chrome lists (permissions-list), less those an MV3 extension
// from the store cannot use (webRequestBlocking is for policy-installed ones).
const PERMISSIONS = new Set([
  "accessibilityFeatures.modify", "accessibilityFeatures.read", "activeTab", "alarms", "audio", "background",
  "bookmarks", "browsingData", "certificateProvider", "clipboardRead", "clipboardWrite", "contentSettings",
  "contextMenus", "cookies", "debugger", "declarativeContent", "declarativeNetRequest",
  "declarativeNetRequestWithHostAccess", "declarativeNetRequestFeedback", "dns", "desktopCapture",
  "documentScan", "downloads", "downloads.open", "downloads.ui", "enterprise.deviceAttributes",
  "enterprise.hardwarePlatform", "enterprise.networkingAttributes", "enterprise.platformKeys", "favicon",
  "fileBrowserHandler", "fileSystemProvider", "fontSettings", "gcm", "geolocation", "history", "identity",
  "identity.email", "idle", "loginState", "management", "nativeMessaging", "notifications", "offscreen",
  "pageCapture", "platformKeys", "power", "printerProvider", "printing", "printingMetrics", "privacy",
  "processes", "proxy", "readingList", "runtime", "scripting", "search", "sessions", "sidePanel", "storage",
  "system.cpu", "system.display", "system.memory", "system.storage", "tabCapture", "tabGroups", "tabs",
  "topSites", "tts", "ttsEngine", "unlimitedStorage", "userScripts", "vpnProvider", "wallpaper",
  "webAuthenticationProxy", "webNavigation", "webRequest", "webRequestAuthProvider",
]);
// Script sources an MV3 extension page may allow: no remote code, no eval.
const SCRIPT_SOURCES = /^('self'|'none'|'wasm-unsafe-eval'|http:\/\/(localhost|127\.0\.0\.1)(:\d+|:\*)?)$/;

/** Everything wrong with the extension in `dir`, one line each. */
export function problems(dir) {
  const found = [];
  const problem = (text) => found.push(text);
  const file = (path) => join(dir, path);
  const exists = (path, what) => {
    if (typeof path !== "string" || !existsSync(file(path)) || !statSync(file(path)).isFile()) {
      problem(`${what}: ${JSON.stringify(path)} is not a file in the package`);
      return false;
    }
    return true;
  };
  const manifest = JSON.parse(readFileSync(file("manifest.json"), "utf8"));

  if (manifest.manifest_version !== 3) problem(`manifest_version is ${manifest.manifest_version}, not 3`);
  for (const key of Object.keys(manifest)) {
    if (FOREIGN_KEYS.has(key)) problem(`"${key}" is not a Chrome MV3 key (another browser's, or MV2)`);
    else if (!KEYS.has(key)) problem(`"${key}" is not a manifest key Chrome knows`);
  }

  // Localized strings: __MSG_key__ from the default locale, which must exist.
  const messages = new Map();
  if (manifest.default_locale) {
    for (const locale of readdirSync(file("_locales"))) {
      const path = file(`_locales/${locale}/messages.json`);
      if (existsSync(path)) messages.set(locale, JSON.parse(readFileSync(path, "utf8")));
    }
    if (!messages.has(manifest.default_locale)) problem(`default_locale ${manifest.default_locale} has no messages.json`);
  } else if (existsSync(file("_locales"))) {
    problem("_locales/ exists, so default_locale is required");
  }
  /** The text of `value` in each locale (itself when not localized). */
  const texts = (value, what) => {
    const key = typeof value === "string" && value.match(/^__MSG_(\w+)__$/)?.[1];
    if (!key) return [["", value]];
    return [...messages].map(([locale, entries]) => {
      const entry = Object.entries(entries).find(([name]) => name.toLowerCase() === key.toLowerCase());
      if (!entry) problem(`${what}: ${locale} has no message ${key}`);
      return [locale, entry?.[1].message ?? ""];
    });
  };
  const limit = (value, what, max, required) => {
    if (value === undefined) {
      if (required) problem(`${what} is required`);
      return;
    }
    for (const [locale, text] of texts(value, what)) {
      if (typeof text !== "string" || text.length === 0) problem(`${what}${locale && ` (${locale})`} is empty`);
      else if ([...text].length > max) problem(`${what}${locale && ` (${locale})`} has ${[...text].length} characters, at most ${max}`);
    }
  };
  limit(manifest.name, "name", 75, true);
  limit(manifest.short_name, "short_name", 12, false);
  limit(manifest.description, "description", 132, false);
  limit(manifest.action?.default_title, "action.default_title", 1000, false);

  // One to four dot-separated integers, 0 to 65535, no leading zeros.
  const parts = String(manifest.version ?? "").split(".");
  if (parts.length > 4 || !parts.every((p) => /^(0|[1-9]\d*)$/.test(p) && Number(p) <= 65535)) {
    problem(`version ${JSON.stringify(manifest.version)} is not 1 to 4 integers from 0 to 65535`);
  }
  if (manifest.minimum_chrome_version !== undefined && !/^\d+(\.\d+){0,3}$/.test(manifest.minimum_chrome_version)) {
    problem(`minimum_chrome_version ${JSON.stringify(manifest.minimum_chrome_version)} is not a version`);
  }

  // MV3 background: one service worker file; no pages, no persistent scripts.
  const background = manifest.background ?? {};
  for (const key of ["scripts", "page", "persistent"]) {
    if (key in background) problem(`background.${key} is MV2 (or Firefox): Chrome MV3 takes background.service_worker`);
  }
  if (manifest.background) exists(background.service_worker, "background.service_worker");
  if (background.type !== undefined && background.type !== "module") problem(`background.type must be "module"`);

  // Permissions: API names only; host patterns belong in host_permissions.
  for (const key of ["permissions", "optional_permissions"]) {
    for (const name of manifest[key] ?? []) {
      if (name.includes("://") || name === "<all_urls>") problem(`${key}: ${name} is a host pattern: MV3 wants it in host_permissions`);
      else if (!PERMISSIONS.has(name)) problem(`${key}: "${name}" is not a permission Chrome knows`);
    }
  }
  const pattern = /^(<all_urls>|(\*|https?|wss?|file|ftp|urn):\/\/(\*|\*\.[^/*]+|[^/*]+)?\/.*)$/;
  for (const key of ["host_permissions", "optional_host_permissions"]) {
    for (const host of manifest[key] ?? []) {
      if (!pattern.test(host)) problem(`${key}: ${host} is not a match pattern`);
    }
  }

  // Content security policy: MV3's object form; no remote or eval'd script.
  const csp = manifest.content_security_policy;
  if (csp !== undefined) {
    if (typeof csp !== "object") problem("content_security_policy must be an object in MV3");
    for (const directive of String(csp.extension_pages ?? "").split(";")) {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (!["script-src", "object-src", "worker-src"].includes(name)) continue;
      for (const source of sources) {
        if (!SCRIPT_SOURCES.test(source)) problem(`content_security_policy: ${name} ${source} is not allowed in MV3`);
      }
    }
  }

  // Files the manifest names, and icons of the size they claim.
  for (const [size, path] of Object.entries(manifest.icons ?? {})) {
    if (exists(path, `icons.${size}`)) checkPng(file(path), Number(size), `icons.${size}`, problem);
  }
  if (!manifest.icons?.["128"]) problem("icons: the Chrome Web Store needs a 128×128 icon");
  for (const [size, path] of Object.entries(manifest.action?.default_icon ?? {})) {
    if (exists(path, `action.default_icon.${size}`)) checkPng(file(path), Number(size), `action.default_icon.${size}`, problem);
  }
  if (manifest.action?.default_popup) exists(manifest.action.default_popup, "action.default_popup");
  if (manifest.options_ui) exists(manifest.options_ui.page, "options_ui.page");
  if (manifest.options_page) exists(manifest.options_page, "options_page");
  if (manifest.storage?.managed_schema && exists(manifest.storage.managed_schema, "storage.managed_schema")) {
    const schema = JSON.parse(readFileSync(file(manifest.storage.managed_schema), "utf8"));
    if (schema.type !== "object") problem("storage.managed_schema: the schema's type must be \"object\"");
  }
  for (const entry of manifest.web_accessible_resources ?? []) {
    if (typeof entry !== "object" || !Array.isArray(entry.resources) || !(entry.matches || entry.extension_ids)) {
      problem("web_accessible_resources: MV3 wants objects with resources and matches or extension_ids");
    }
  }

  // Pages load only packaged scripts: no remotely hosted code.
  for (const page of htmlFiles(dir)) {
    const html = readFileSync(file(page), "utf8");
    for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi)) {
      if (/^([a-z]+:|\/\/)/i.test(src)) problem(`${page}: <script src="${src}"> is remote code, which MV3 forbids`);
      else exists(join(page, "..", src), `${page} <script src>`);
    }
    if (/<script\b(?![^>]*\bsrc\s*=)[^>]*>\s*\S/i.test(html)) problem(`${page}: inline <script>, which the MV3 policy blocks`);
  }
  return found;
}

function htmlFiles(dir, at = "") {
  return readdirSync(join(dir, at), { withFileTypes: true }).flatMap((entry) => {
    const path = at ? `${at}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return htmlFiles(dir, path);
    return path.endsWith(".html") ? [path] : [];
  });
}

/** Fails unless `path` is a PNG of `size`×`size` pixels. */
function checkPng(path, size, what, problem) {
  const bytes = readFileSync(path);
  const signature = "89504e470d0a1a0a";
  if (bytes.subarray(0, 8).toString("hex") !== signature) {
    problem(`${what}: not a PNG`);
    return;
  }
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  if (width !== size || height !== size) problem(`${what}: ${width}×${height} pixels, not ${size}×${size}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node tools/check-chrome-manifest.mjs DIR");
    process.exit(2);
  }
  const found = problems(dir);
  if (found.length > 0) {
    console.log(`${dir}/manifest.json breaks Chrome's MV3 rules:\n  ${found.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`${dir}/manifest.json follows the Chrome MV3 rules checked here`);
}
