//! Where the core meets JS, shared by the worker's and the pages' modules.
//!
//! It holds no `#[wasm_bindgen]` export: wasm-bindgen exports every one in
//! the dependency tree, and each module exports only its own.
#![forbid(unsafe_code)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use netwhy::i18n::Messages;

/// Both modules' allocator: talc in place of std's dlmalloc, 6.8 KB smaller
/// in each (the worker's 156,731 → 149,944 bytes) and as fast per call in
/// the bench's wasm rows (BENCHMARKS.md). The modules are single-threaded.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// `value` as a plain JS value, as `JSON.parse` would give it: objects,
/// not `Map`s, and `null`, not `undefined`, for `None`, so what the core
/// writes reads back the same from storage and from a saved report.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// A JS value read as `T`.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
    Ok(serde_wasm_bindgen::from_value(value)?)
}

#[wasm_bindgen]
extern "C" {
    // `chrome.i18n` exists in both browsers' extension pages and workers.
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn get_message(key: &str, substitutions: js_sys::Array) -> String;
}

/// Messages in the user's language, from the extension's `_locales`.
pub struct BrowserMessages;

impl Messages for BrowserMessages {
    fn get(&self, key: &str, substitutions: &[&str]) -> Option<String> {
        let args: js_sys::Array = substitutions.iter().map(|s| JsValue::from_str(s)).collect();
        // getMessage answers "" for an unknown key.
        Some(get_message(key, args)).filter(|text| !text.is_empty())
    }
}
