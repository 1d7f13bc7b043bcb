//! The wasm-bindgen adapter: converts JS values at the boundary and calls
//! the core. No decisions are made here.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::diagnosis::diagnose;
use crate::dom::Builder;
use crate::evidence::Evidence;
use crate::failure::Failure;
use crate::gather::{self, Gathered, Load};
use crate::history::History;
use crate::i18n::Messages;
use crate::intercept::{self, ErrorEvent};
use crate::js_value;
use crate::options_page;
use crate::page::Page;
use crate::report::Report;
use crate::retention;
use crate::settings::{self, InForce};

#[wasm_bindgen]
extern "C" {
    // `chrome.i18n` exists in both browsers' extension pages and workers.
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn get_message(key: &str, substitutions: js_sys::Array) -> String;
}

/// Messages in the user's language, from the extension's `_locales`.
struct BrowserMessages;

impl Messages for BrowserMessages {
    fn get(&self, key: &str, substitutions: &[&str]) -> Option<String> {
        let args: js_sys::Array = substitutions.iter().map(|s| JsValue::from_str(s)).collect();
        // getMessage answers "" for an unknown key.
        Some(get_message(key, args)).filter(|text| !text.is_empty())
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    Ok(js_value::to_value(value)?)
}

/// Decides a `webRequest.onErrorOccurred` event (with the URL split by the
/// browser's `URL`) under the user's (`storage.sync`) and the administrator's
/// (`storage.managed`) settings: the failure to record, or `null` to leave
/// the browser's page.
#[wasm_bindgen]
pub fn intercept(event: JsValue, user: JsValue, managed: JsValue) -> Result<JsValue, JsValue> {
    let event: ErrorEvent = js_value::from_value(event)?;
    let settings = settings_in_force(user, managed).settings;
    match intercept::decide(event, &settings) {
        Ok(failure) => to_js(&failure),
        Err(_) => Ok(JsValue::NULL),
    }
}

/// Adds a finished top-level load to the background's ring of recent
/// loads and returns the new ring (a missing or unreadable ring starts
/// afresh), or `undefined` when the load says nothing about the network
/// (stopped, a download) and the ring stays as it was.
#[wasm_bindgen(js_name = recordLoad)]
pub fn record_load(history: JsValue, load: JsValue) -> Result<JsValue, JsValue> {
    let load: Load = js_value::from_value(load)?;
    let Some(outcome) = load.outcome() else {
        return Ok(JsValue::UNDEFINED);
    };
    let mut history: History = js_value::from_value(history).unwrap_or_default();
    history.record(outcome);
    to_js(&history)
}

/// Turns what the background gathered with the extension APIs into the
/// evidence stored with `failure`.
#[wasm_bindgen(js_name = collectEvidence)]
pub fn collect_evidence(failure: JsValue, gathered: JsValue) -> Result<JsValue, JsValue> {
    let failure: Failure = js_value::from_value(failure)?;
    let gathered: Gathered = js_value::from_value(gathered)?;
    to_js(&gathered.evidence(&failure))
}

/// `evidence` completed with the extension list the user let the page read
/// (`management.getAll()`), NetWhy itself left out.
#[wasm_bindgen(js_name = withExtensions)]
pub fn with_extensions(
    evidence: JsValue,
    extensions: JsValue,
    self_id: &str,
) -> Result<JsValue, JsValue> {
    let mut evidence: Evidence = js_value::from_value(evidence).unwrap_or_default();
    let extensions = js_value::from_value(extensions)?;
    evidence.extensions = Some(gather::others(extensions, Some(self_id)));
    to_js(&evidence)
}

/// The keys of failure records to delete from session storage (`stored` is
/// all of it, as `storage.session.get(null)` gives it).
#[wasm_bindgen(js_name = staleRecords)]
pub fn stale_records(stored: JsValue) -> Result<JsValue, JsValue> {
    let stored = js_value::from_value(stored)?;
    to_js(&retention::stale_records(stored, js_sys::Date::now()))
}

/// The URL to load again for a recorded failure, or `undefined` when it is
/// not a plain http(s) URL.
#[wasm_bindgen(js_name = retryUrl)]
pub fn retry_url(failure: JsValue) -> Result<Option<String>, JsValue> {
    let failure: Failure = js_value::from_value(failure)?;
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
    let failure: Failure = js_value::from_value(failure)?;
    let evidence: Evidence = js_value::from_value(evidence).unwrap_or_default();
    to_js(&Report::new(failure, evidence).summarized(&BrowserMessages))
}

/// The settings in force; unreadable stored settings read as none.
fn settings_in_force(user: JsValue, managed: JsValue) -> InForce {
    let read = |stored| js_value::from_value(stored).unwrap_or_default();
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
    to_js(&options_page::read_form(&document)?)
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
    let failure: Failure = js_value::from_value(failure)?;
    // Evidence is optional by design: without it the diagnosis is vaguer, not absent.
    let evidence: Evidence = js_value::from_value(evidence).unwrap_or_default();
    let settings = settings_in_force(user, managed).settings;
    let page = Page::new(
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

/// Adds a failure to the stored list of recent failures (`storage.local`)
/// and returns the new list; a missing or unreadable list starts afresh.
#[wasm_bindgen(js_name = recordRecent)]
pub fn record_recent(
    stored: JsValue,
    failure: JsValue,
    evidence: JsValue,
) -> Result<JsValue, JsValue> {
    use crate::recent::{Entry, Recent};
    let mut recent: Recent = js_value::from_value(stored).unwrap_or_default();
    let failure: Failure = js_value::from_value(failure)?;
    let evidence: Evidence = js_value::from_value(evidence).unwrap_or_default();
    recent.record(Entry::of(&failure, &evidence));
    to_js(&recent)
}

/// Renders the stored list of recent failures into `#app`.
#[wasm_bindgen(js_name = renderRecent)]
pub fn render_recent(stored: JsValue) -> Result<(), JsValue> {
    let recent: crate::recent::Recent = js_value::from_value(stored).unwrap_or_default();
    let (document, root) = root()?;
    Builder::new(document.clone(), &BrowserMessages).recent(
        &root,
        &recent.page(),
        &get_ui_language(),
    )?;
    mark_ready(&document)
}
