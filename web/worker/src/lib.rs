//! The background's module: what the worker (Chrome) or event page
//! (Firefox) asks of the core. It decides nothing itself and holds no DOM
//! code, so the worker loads only this.
#![forbid(unsafe_code)]

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use netwhy::evidence::failure::Failure;
use netwhy::evidence::gathered::{Gathered, Load};
use netwhy::evidence::loads::LoadRing;
use netwhy::evidence::Evidence;
use netwhy::policy::intercept::{self, ErrorEvent};
use netwhy::policy::{retention, settings};
use netwhy::views::failure_list::{Entry, FailureList};
use netwhy_boundary::{from_js, to_js};

/// Decides a `webRequest.onErrorOccurred` event (with the URL split by the
/// browser's `URL`) under the user's (`storage.sync`) and the administrator's
/// (`storage.managed`) settings: the failure to record, or `null` to leave
/// the browser's page.
#[wasm_bindgen]
pub fn intercept(event: JsValue, user: JsValue, managed: JsValue) -> Result<JsValue, JsValue> {
    let event: ErrorEvent = from_js(event)?;
    let read = |stored| from_js(stored).unwrap_or_default();
    let settings = settings::in_force(read(user), read(managed)).settings;
    match intercept::decide(event, &settings) {
        Ok(failure) => to_js(&failure),
        Err(_) => Ok(JsValue::NULL),
    }
}

thread_local! {
    /// The ring of recent loads, in this worker's memory: a finished load
    /// costs an insert here, not a trip through storage. The background
    /// writes it behind ([`stored_loads`]) and the next worker restores it.
    static LOADS: RefCell<LoadRing> = RefCell::new(LoadRing::default());
}

/// Takes the ring an earlier worker wrote (`storage.session`); a missing or
/// unreadable one leaves the ring as it is.
#[wasm_bindgen(js_name = restoreLoads)]
pub fn restore_loads(stored: JsValue) {
    if let Ok(ring) = from_js::<LoadRing>(stored) {
        LOADS.with(|loads| *loads.borrow_mut() = ring);
    }
}

/// Adds a finished top-level load to the ring of recent loads; false when
/// the load says nothing about the network (stopped, a download) and the
/// ring stays as it was, so there is nothing to write.
#[wasm_bindgen(js_name = recordLoad)]
pub fn record_load(load: JsValue) -> Result<bool, JsValue> {
    let load: Load = from_js(load)?;
    let Some(outcome) = load.outcome() else {
        return Ok(false);
    };
    LOADS.with(|loads| loads.borrow_mut().record(outcome));
    Ok(true)
}

/// The ring as the background writes it to `storage.session`.
#[wasm_bindgen(js_name = storedLoads)]
pub fn stored_loads() -> Result<JsValue, JsValue> {
    LOADS.with(|loads| to_js(&*loads.borrow()))
}

/// Turns what the background gathered with the extension APIs, and the
/// ring of recent loads, into the evidence stored with `failure`.
#[wasm_bindgen(js_name = collectEvidence)]
pub fn collect_evidence(failure: JsValue, gathered: JsValue) -> Result<JsValue, JsValue> {
    let failure: Failure = from_js(failure)?;
    let mut gathered: Gathered = from_js(gathered)?;
    gathered.history = Some(LOADS.with(|loads| loads.borrow().clone()));
    to_js(&gathered.evidence(&failure))
}

/// The keys of failure records to delete from session storage (`stored` is
/// all of it, as `storage.session.get(null)` gives it).
#[wasm_bindgen(js_name = staleRecords)]
pub fn stale_records(stored: JsValue) -> Result<JsValue, JsValue> {
    let stored = from_js(stored)?;
    to_js(&retention::stale_records(stored, js_sys::Date::now()))
}

/// Adds a failure to the stored list of recent failures (`storage.local`)
/// and returns the new list; a missing or unreadable list starts afresh.
#[wasm_bindgen(js_name = recordRecent)]
pub fn record_recent(
    stored: JsValue,
    failure: JsValue,
    evidence: JsValue,
) -> Result<JsValue, JsValue> {
    let mut list: FailureList = from_js(stored).unwrap_or_default();
    let failure: Failure = from_js(failure)?;
    let evidence: Evidence = from_js(evidence).unwrap_or_default();
    list.record(Entry::of(&failure, &evidence));
    to_js(&list)
}

/// The keys of the private windows' failure records in session storage
/// (`stored` is all of it): removed when the private session ends.
#[wasm_bindgen(js_name = privateRecords)]
pub fn private_records(stored: JsValue) -> Result<JsValue, JsValue> {
    let stored = from_js(stored)?;
    to_js(&retention::private_records(stored))
}
