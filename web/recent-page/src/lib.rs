//! The recent failures' module (the toolbar button's popup): the list the
//! background keeps, rendered with web-sys and redrawn as it changes. The
//! core builds the list as data (`netwhy::views::failure_list`).
#![forbid(unsafe_code)]

/// The list: drawn, redrawn, and its two buttons.
mod failure_list;

use wasm_bindgen::prelude::*;

/// Shows the recent failures; `extension/page.js` calls it once the module is ready.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    netwhy_page::start(failure_list::show)
}
