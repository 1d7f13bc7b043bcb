//! The whole JS contract of the pages: the extension APIs, as
//! `extension/page-api.js` provides them. Each call starts at once and
//! returns a promise; [`done`] waits for one.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// `raw_module`: each page's generated glue (`core/netwhy_*_page.js`) imports the page's own
// copy of the module (one instance), not a copy under `snippets/`.
#[wasm_bindgen(raw_module = "../page-api.js")]
extern "C" {
    /// A failure record (`extension/record-area.js` says where they live).
    #[wasm_bindgen(js_name = recordItem)]
    pub fn record_item(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = setRecordItem)]
    pub fn set_record_item(key: &str, value: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = localItem)]
    pub fn local_item(key: &str) -> js_sys::Promise;
    /// Replaces the value under `key` with `update(value)` (null removes
    /// it), under a lock every page of ours shares.
    #[wasm_bindgen(js_name = updateLocalItem)]
    pub fn update_local_item(key: &str, update: &JsValue) -> js_sys::Promise;
    /// `{ user, managed }`.
    pub fn settings() -> js_sys::Promise;
    #[wasm_bindgen(js_name = userSettings)]
    pub fn user_settings() -> js_sys::Promise;
    #[wasm_bindgen(js_name = saveUserSettings)]
    pub fn save_user_settings(values: &JsValue) -> js_sys::Promise;
    /// Calls `listener(area, keys)` on every change.
    #[wasm_bindgen(js_name = onStorageChanged)]
    pub fn on_storage_changed(listener: &Closure<dyn FnMut(String, Vec<String>)>);
    /// `tabs.getCurrent()`: `{ id, incognito, … }`, or undefined in a popup.
    #[wasm_bindgen(js_name = currentTab)]
    pub fn current_tab() -> js_sys::Promise;
    #[wasm_bindgen(js_name = openTab)]
    pub fn open_tab(url: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = openOptions)]
    pub fn open_options() -> js_sys::Promise;
    #[wasm_bindgen(js_name = selfId)]
    pub fn self_id() -> String;
    #[wasm_bindgen(js_name = uiLanguage)]
    pub fn ui_language() -> String;
    /// Resolves to whether `management` was granted; call within a click.
    #[wasm_bindgen(js_name = requestManagement)]
    pub fn request_management() -> js_sys::Promise;
    #[wasm_bindgen(js_name = allExtensions)]
    pub fn all_extensions() -> js_sys::Promise;
    #[wasm_bindgen(js_name = turnOffExtension)]
    pub fn turn_off_extension(id: &str) -> js_sys::Promise;
    /// Resolves to the proxy setting as a string, to compare with a later one.
    #[wasm_bindgen(js_name = proxySettings)]
    pub fn proxy_settings() -> js_sys::Promise;
    /// Firefox's captive portal state, or null without detection.
    #[wasm_bindgen(js_name = captivePortalState)]
    pub fn captive_portal_state() -> js_sys::Promise;
    /// Calls `listener(state)` on each change, `listener("connectivity")`
    /// when the network lets pages through again.
    #[wasm_bindgen(js_name = onCaptivePortalChanged)]
    pub fn on_captive_portal_changed(listener: &Closure<dyn FnMut(String)>);
}

/// What `promise` resolves to.
pub async fn done(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}
