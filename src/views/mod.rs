//! What the user is shown, as data: built by the core, rendered by the
//! adapter (`web/pages`), inspected directly by native tests.

/// The error page: the failure, the ranked causes, steps and actions.
pub mod error_page;
/// The bounded list of recent failures (the toolbar button) and its page.
pub mod failure_list;
/// The error page's search for the development server: status and Open buttons.
pub mod probe_panel;
/// The documented JSON report of a failure, and its replay.
pub mod report;
