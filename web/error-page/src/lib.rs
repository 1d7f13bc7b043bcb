//! The error page's module: renders the diagnosis of a failure with web-sys
//! and drives the page: its actions, its re-checks, the search for the
//! server at this computer's other addresses. No decisions are made here:
//! the core builds the page as data (`netwhy::views::error_page`).
#![forbid(unsafe_code)]

/// The page: its record, its actions, its keyboard shortcut.
mod error_page;
/// Looking for the server at other addresses of this computer.
mod probes;
/// The page's DOM.
mod render;
/// The automatic re-checks.
mod retry;

use wasm_bindgen::prelude::*;

/// Shows the error page; `extension/page.js` calls it once the module is ready.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    netwhy_page::start(error_page::show)
}
