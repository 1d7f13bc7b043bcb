//! NetWhy's core: explains why a page failed to load.
//!
//! Everything here but `wasm` is plain Rust that builds and tests natively.

/// Every error string the browsers report, classified ([`catalog::Class`]).
pub mod catalog;
/// The causes a diagnosis can name, with their ids and message keys.
pub mod cause;
/// From a failure and its evidence, the ranked likely causes.
pub mod diagnosis;
/// What the browser knew around a failure: proxy, extensions, DNS, history.
pub mod evidence;
/// A failed top-level load, as recorded by the background.
pub mod failure;
/// Evidence from what the extension APIs return, in their own shapes.
pub mod gather;
/// The bounded ring of recent page loads, and what it says about one host.
pub mod history;
/// Where a host is: this computer, the local network or the internet.
pub mod host;
/// Message keys resolved to text, in English natively and via `chrome.i18n` in the browser.
pub mod i18n;
/// Which failures get our page and which keep the browser's.
pub mod intercept;
/// The error page as data, before any DOM.
pub mod page;
/// The user's browser and system, so steps name the exact places.
pub mod platform;
/// The recent failures the toolbar button lists, bounded, and their page.
pub mod recent;
/// The documented JSON report of a failure, and its replay.
pub mod report;
/// How long failure records are kept, and how often the page re-checks.
pub mod retention;
/// The user's and the administrator's settings, and which win.
pub mod settings;

/// Renders the page with web-sys.
#[cfg(target_arch = "wasm32")]
mod dom;
/// serde to and from JS values, small: for the adapter.
#[cfg(target_arch = "wasm32")]
mod js_value;
/// Renders and reads the options page with web-sys.
#[cfg(target_arch = "wasm32")]
mod options_page;
/// Renders the recent-failures page with web-sys.
#[cfg(target_arch = "wasm32")]
mod recent_page;
/// The wasm-bindgen adapter; the only module that knows about JS.
#[cfg(target_arch = "wasm32")]
mod wasm;
