//! The background's module: what the worker (Chrome) or event page
//! (Firefox) asks of the core. It decides nothing itself and holds no DOM
//! code, so the worker loads only this.
#![forbid(unsafe_code)]

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use netwhy::evidence::gathered::Load;
use netwhy::evidence::loads::LoadRing;
use netwhy::policy::intercept::{self, ErrorEvent};
use netwhy::policy::{retention, settings};
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

/// Adds a finished top-level load of `scheme://host:port` (0 for the
/// scheme's default), seen to start at `started` and to end at `time`,
/// failed with `error` or not, from the server at `ip`, the cache
/// (`from_cache`) or through a proxy (`proxied`, when the browser can
/// tell), to the ring of recent loads; false when the load says nothing
/// about the network (stopped, a download) and the ring stays as it was,
/// so there is nothing to write. Plain arguments, not an object: it runs
/// on every page load, and reading an object through serde cost ~500 µs
/// a load at a full ring (BENCHMARKS.md).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = recordLoad)]
pub fn record_load(
    scheme: String,
    host: String,
    port: u16,
    time: f64,
    started: Option<f64>,
    error: Option<String>,
    ip: Option<String>,
    from_cache: bool,
    proxied: Option<bool>,
) -> bool {
    let load = Load {
        scheme,
        host,
        port,
        time,
        started,
        error,
        ip,
        from_cache,
        proxied,
    };
    let Some(outcome) = load.outcome() else {
        return false;
    };
    LOADS.with(|loads| loads.borrow_mut().record(outcome));
    true
}

/// The ring as the background writes it to `storage.session`.
#[wasm_bindgen(js_name = storedLoads)]
pub fn stored_loads() -> Result<JsValue, JsValue> {
    LOADS.with(|loads| to_js(&*loads.borrow()))
}

/// What the ring of recent loads says about the site `host`:`port` (as the
/// failure gives them) at `time`, stored with the failure. The page reads it
/// into the evidence with what the background gathered; this module holds
/// none of that (`policy::stored`).
#[wasm_bindgen(js_name = siteHistory)]
pub fn site_history(host: &str, port: u16, time: f64) -> Result<JsValue, JsValue> {
    LOADS.with(|loads| to_js(&loads.borrow().summary(host, port, time)))
}

/// The keys of failure records to delete from session storage (`stored` is
/// all of it, as `storage.session.get(null)` gives it).
#[wasm_bindgen(js_name = staleRecords)]
pub fn stale_records(stored: JsValue) -> Result<JsValue, JsValue> {
    let stored = from_js(stored)?;
    to_js(&retention::stale_records(stored, js_sys::Date::now()))
}

/// The keys of the private windows' failure records in session storage
/// (`stored` is all of it): removed when the private session ends.
#[wasm_bindgen(js_name = privateRecords)]
pub fn private_records(stored: JsValue) -> Result<JsValue, JsValue> {
    let stored = from_js(stored)?;
    to_js(&retention::private_records(stored))
}
