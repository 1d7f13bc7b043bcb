//! NetWhy's core: explains why a page failed to load.
//!
//! Plain Rust that builds and tests natively, in layers, each using only
//! those above it. The browser adapters (wasm-bindgen, web-sys) are crates
//! of their own under `web/`, so the compiler keeps JS out of here.
#![forbid(unsafe_code)]

/// The macro for tables of named things (classes, causes, actions).
#[macro_use]
mod id_enum;

/// 1. Every error string the browsers report, classified ([`catalog::Class`]).
pub mod catalog;
/// 3. From a failure and its evidence, the ranked likely causes and their steps.
pub mod diagnosis;
/// 2. What is known about a failure: the failure, its host, the recent loads
///    and what the extension APIs return.
pub mod evidence;
/// Message keys and their text: the vocabulary every layer speaks in.
pub mod i18n;
/// 4. Which failures get our page, the settings, and how long records stay.
pub mod policy;
/// 5. What the pages and the report show, as data before any DOM.
pub mod views;
