//! The pages' module: renders the error page, the options page and the list
//! of recent failures with web-sys, and drives them. No decisions are made
//! here: the core builds each page as data (`netwhy::views`).
#![forbid(unsafe_code)]

/// The recent-failures page.
mod failure_list;
/// The options form: rendered from the settings in force, read back.
mod options;
/// Builds elements and text nodes; the error page's DOM.
mod render;

use wasm_bindgen::prelude::*;

use netwhy::diagnosis::diagnose;
use netwhy::evidence::failure::Failure;
use netwhy::evidence::gathered;
use netwhy::evidence::Evidence;
use netwhy::policy::retention;
use netwhy::policy::settings::{self, InForce};
use netwhy::views::error_page::ErrorPage;
use netwhy::views::failure_list::FailureList;
use netwhy::views::report::Report;
use netwhy_boundary::{from_js, to_js, BrowserMessages};

use render::Builder;

/// `evidence` completed with the extension list the user let the page read
/// (`management.getAll()`), NetWhy itself left out.
#[wasm_bindgen(js_name = withExtensions)]
pub fn with_extensions(
    evidence: JsValue,
    extensions: JsValue,
    self_id: &str,
) -> Result<JsValue, JsValue> {
    let mut evidence: Evidence = from_js(evidence).unwrap_or_default();
    let extensions = from_js(extensions)?;
    evidence.extensions = Some(gathered::others(extensions, Some(self_id)));
    to_js(&evidence)
}

/// The URL to load again for a recorded failure, or `undefined` when it is
/// not a plain http(s) URL.
#[wasm_bindgen(js_name = retryUrl)]
pub fn retry_url(failure: JsValue) -> Result<Option<String>, JsValue> {
    let failure: Failure = from_js(failure)?;
    Ok(failure.retry_url().map(str::to_owned))
}

/// The pause before automatic re-check number `attempt`, in milliseconds,
/// at most `max_seconds`.
#[wasm_bindgen(js_name = retryDelayMs)]
pub fn retry_delay_ms(attempt: u32, max_seconds: u32) -> u32 {
    retention::retry_delay_ms(attempt, max_seconds)
}

/// The report of a recorded failure, as the Copy report button puts it in
/// the clipboard (`docs/report.md`): failure, evidence, diagnosis, summary.
#[wasm_bindgen(js_name = reportFor)]
pub fn report_for(failure: JsValue, evidence: JsValue) -> Result<JsValue, JsValue> {
    let failure: Failure = from_js(failure)?;
    let evidence: Evidence = from_js(evidence).unwrap_or_default();
    to_js(&Report::new(failure, evidence).summarized(&BrowserMessages))
}

/// The settings in force; unreadable stored settings read as none.
fn settings_in_force(user: JsValue, managed: JsValue) -> InForce {
    let read = |stored| from_js(stored).unwrap_or_default();
    settings::in_force(read(user), read(managed))
}

/// Renders the options page into `#app`.
#[wasm_bindgen(js_name = renderOptions)]
pub fn render_options(user: JsValue, managed: JsValue) -> Result<(), JsValue> {
    let (document, root) = root()?;
    let in_force = settings_in_force(user, managed);
    Builder::new(document.clone(), &BrowserMessages).options(&root, &in_force)?;
    mark_ready(&document)
}

/// The options form's values, for `storage.sync`.
#[wasm_bindgen(js_name = readOptions)]
pub fn read_options() -> Result<JsValue, JsValue> {
    let (document, _) = root()?;
    to_js(&options::read_form(&document)?)
}

fn root() -> Result<(web_sys::Document, web_sys::Element), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let root = document.get_element_by_id("app").ok_or("no #app element")?;
    Ok((document, root))
}

fn mark_ready(document: &web_sys::Document) -> Result<(), JsValue> {
    if let Some(html) = document.document_element() {
        html.set_attribute("data-ready", "true")?;
    }
    Ok(())
}

/// Diagnoses a recorded failure and its evidence and renders the page into `#app`.
#[wasm_bindgen(js_name = renderFailure)]
pub fn render_failure(
    failure: JsValue,
    evidence: JsValue,
    user: JsValue,
    managed: JsValue,
) -> Result<(), JsValue> {
    let failure: Failure = from_js(failure)?;
    // Evidence is optional by design: without it the diagnosis is vaguer, not absent.
    let evidence: Evidence = from_js(evidence).unwrap_or_default();
    let settings = settings_in_force(user, managed).settings;
    let page = ErrorPage::new(
        &failure,
        &evidence,
        &diagnose(&failure, &evidence),
        &settings,
    );
    let (document, root) = root()?;
    Builder::new(document.clone(), &BrowserMessages).page(&root, &page)?;
    mark_ready(&document)
}

/// Renders the neutral page shown for an unknown or expired token.
#[wasm_bindgen(js_name = renderMissing)]
pub fn render_missing() -> Result<(), JsValue> {
    let (document, root) = root()?;
    Builder::new(document.clone(), &BrowserMessages).missing(&root)?;
    mark_ready(&document)
}

#[wasm_bindgen]
extern "C" {
    // The browser's UI language, a BCP 47 tag such as "en-US"; the list's
    // times are formatted in it, like its texts.
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getUILanguage)]
    fn get_ui_language() -> String;
}

/// Renders the stored list of recent failures into `#app`.
#[wasm_bindgen(js_name = renderRecent)]
pub fn render_recent(stored: JsValue) -> Result<(), JsValue> {
    let recent: FailureList = from_js(stored).unwrap_or_default();
    let (document, root) = root()?;
    Builder::new(document.clone(), &BrowserMessages).recent(
        &root,
        &recent.page(),
        &get_ui_language(),
    )?;
    mark_ready(&document)
}
