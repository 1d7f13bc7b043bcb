//! What NetWhy does about failures: which it explains, under which settings,
//! and how long it keeps what it recorded.

/// Which failures get our page and which keep the browser's.
pub mod intercept;
/// How long failure records are kept, and how often the page re-checks.
pub mod retention;
/// The user's and the administrator's settings, and which win.
pub mod settings;
/// What is kept in the browser's storage, under which keys.
pub mod stored;
