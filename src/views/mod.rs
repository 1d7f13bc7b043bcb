//! What the user is shown, as data: built by the core, rendered by the
//! adapters (`web/error-page`, `web/options-page`, `web/recent-page`),
//! inspected directly by native tests.

/// What a person can do on our pages, by the id of each control.
pub mod action;
/// The error page: the failure, the ranked causes, steps and actions.
pub mod error_page;
/// The bounded list of recent failures (the toolbar button) and its page.
pub mod failure_list;
/// The error page's search for the development server: status and Open buttons.
pub mod probe_panel;
/// The documented JSON report of a failure, and its replay.
pub mod report;

/// `text` cut to `max` characters, with an ellipsis when cut: hostile text
/// can be megabytes long, and a page or a list shows a bounded part of it.
pub(crate) fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
