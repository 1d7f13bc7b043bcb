//! The options page's module: the settings form, rendered with web-sys from
//! the settings in force, read back and saved. The core owns the settings
//! (`netwhy::policy::settings`).
#![forbid(unsafe_code)]

/// The form: rendered, read back, saved.
mod options;

use wasm_bindgen::prelude::*;

/// Shows the options page; `extension/page.js` calls it once the module is ready.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    netwhy_page::start(options::show)
}
