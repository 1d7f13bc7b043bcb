//! Which failed requests get our page, and which keep the browser's.

use serde::Deserialize;

use crate::evidence::failure::{effective_port, Failure};
use crate::policy::retention::MAX_STORED_URL;
use crate::policy::settings::Settings;

/// The parts of a `webRequest.onErrorOccurred` event the decision needs,
/// with the URL already split by the browser's `URL`.
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "FlatEvent")]
pub struct ErrorEvent {
    pub failure: Failure,
    /// `main_frame`, `sub_frame`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// -1 for requests outside a tab (prerender, prefetch, the extension's own).
    /// Chromium tab ids exceed 32 bits, hence i64 (JS numbers are exact to 2^53).
    pub tab_id: i64,
    pub frame_id: i64,
}

/// The event as the background sends it: the failure's fields and the
/// event's side by side. Read through this flat struct rather than with
/// `#[serde(flatten)]`, whose buffering deserializer was ~11 KB of the wasm
/// module; the fields and defaults are [`Failure`]'s.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FlatEvent {
    url: String,
    scheme: String,
    host: String,
    #[serde(default)]
    port: u16,
    error: String,
    #[serde(default)]
    ip: Option<String>,
    #[serde(default = "crate::evidence::failure::default_method")]
    method: String,
    #[serde(default)]
    from_cache: bool,
    time: f64,
    #[serde(default)]
    started: Option<f64>,
    #[serde(default)]
    initiator: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    tab_id: i64,
    frame_id: i64,
}

impl From<FlatEvent> for ErrorEvent {
    fn from(event: FlatEvent) -> ErrorEvent {
        ErrorEvent {
            failure: Failure {
                url: event.url,
                scheme: event.scheme,
                host: event.host,
                port: event.port,
                error: event.error,
                ip: event.ip,
                method: event.method,
                from_cache: event.from_cache,
                time: event.time,
                started: event.started,
                initiator: event.initiator,
                original_url_length: None,
            },
            kind: event.kind,
            tab_id: event.tab_id,
            frame_id: event.frame_id,
        }
    }
}

/// Why a failure was left to the browser; `None` from [`decide`] means intercept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Not a top-level page load: sub-frames, images, scripts, prefetches.
    NotTopLevel,
    /// Not in a tab the user sees.
    NoTab,
    /// Not http(s): files, `data:`, extension pages stay the browser's business.
    Scheme,
    /// The class is one we must not replace: aborts, downloads, certificate errors, …
    Class,
    /// Switched off in the settings.
    Disabled,
    /// The user keeps the browser's page for this class or this host.
    Excluded,
}

/// Decides whether `event` gets our page under `settings`. `Ok` carries the
/// failure to record.
pub fn decide(event: ErrorEvent, settings: &Settings) -> Result<Failure, Pass> {
    if event.kind != "main_frame" || event.frame_id != 0 {
        return Err(Pass::NotTopLevel);
    }
    if event.tab_id < 0 {
        return Err(Pass::NoTab);
    }
    if !matches!(event.failure.scheme.as_str(), "http" | "https") {
        return Err(Pass::Scheme);
    }
    let class = event.failure.class();
    if !class.intercept() {
        return Err(Pass::Class);
    }
    if !settings.enabled {
        return Err(Pass::Disabled);
    }
    if settings.skips(class) || settings.excludes(&event.failure.host) {
        return Err(Pass::Excluded);
    }
    let mut failure = event.failure.bounded(MAX_STORED_URL);
    failure.port = effective_port(&failure.scheme, failure.port);
    Ok(failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(error: &str) -> ErrorEvent {
        serde_json::from_value(serde_json::json!({
            "url": "http://127.0.0.1:5173/", "scheme": "http", "host": "127.0.0.1", "port": 5173,
            "error": error, "time": 1.0, "type": "main_frame", "tabId": 5_000_000_000_i64, "frameId": 0,
        }))
        .unwrap()
    }

    fn decide_default(event: ErrorEvent) -> Result<Failure, Pass> {
        decide(event, &Settings::default())
    }

    #[test]
    fn the_settings_can_switch_off_skip_a_class_or_exclude_a_host() {
        let refused = || event("net::ERR_CONNECTION_REFUSED");
        let off = Settings {
            enabled: false,
            ..Settings::default()
        };
        assert_eq!(decide(refused(), &off).unwrap_err(), Pass::Disabled);
        let skip = Settings {
            skipped_classes: vec![crate::catalog::Class::ConnectionRefused],
            ..Settings::default()
        };
        assert_eq!(decide(refused(), &skip).unwrap_err(), Pass::Excluded);
        let exclude = Settings {
            excluded_hosts: vec!["127.0.0.1".into()],
            ..Settings::default()
        };
        assert_eq!(decide(refused(), &exclude).unwrap_err(), Pass::Excluded);
        // Certificate errors stay the browser's whatever the settings say.
        assert_eq!(
            decide(event("net::ERR_CERT_DATE_INVALID"), &off).unwrap_err(),
            Pass::Class
        );
    }

    #[test]
    fn refused_top_level_loads_are_intercepted_in_both_spellings() {
        for error in ["net::ERR_CONNECTION_REFUSED", "NS_ERROR_CONNECTION_REFUSED"] {
            let failure = decide_default(event(error)).unwrap();
            assert_eq!(failure.url, "http://127.0.0.1:5173/");
        }
    }

    #[test]
    fn aborts_sub_frames_other_schemes_and_tabless_requests_pass() {
        assert_eq!(
            decide_default(event("net::ERR_ABORTED")).unwrap_err(),
            Pass::Class
        );
        assert_eq!(
            decide_default(event("NS_BINDING_ABORTED")).unwrap_err(),
            Pass::Class
        );
        let mut sub = event("net::ERR_CONNECTION_REFUSED");
        sub.kind = "sub_frame".into();
        assert_eq!(decide_default(sub).unwrap_err(), Pass::NotTopLevel);
        let mut nested = event("net::ERR_CONNECTION_REFUSED");
        nested.frame_id = 7;
        assert_eq!(decide_default(nested).unwrap_err(), Pass::NotTopLevel);
        let mut prerender = event("net::ERR_CONNECTION_REFUSED");
        prerender.tab_id = -1;
        assert_eq!(decide_default(prerender).unwrap_err(), Pass::NoTab);
        let mut default_port = event("net::ERR_CONNECTION_REFUSED");
        default_port.failure.port = 0;
        assert_eq!(decide_default(default_port).unwrap().port, 80);
        let mut file = event("net::ERR_CONNECTION_REFUSED");
        file.failure.scheme = "ftp".into();
        assert_eq!(decide_default(file).unwrap_err(), Pass::Scheme);
    }

    #[test]
    fn keeps_at_most_max_stored_url_bytes_and_the_site_that_sent_the_tab() {
        let mut long = event("net::ERR_CONNECTION_REFUSED");
        long.failure.url = format!("http://127.0.0.1:5173/{}", "a".repeat(2 << 20));
        long.failure.initiator = Some("https://a.example".into());
        let failure = decide_default(long).unwrap();
        assert_eq!(failure.url.len(), MAX_STORED_URL);
        assert_eq!(failure.original_url_length, Some((2 << 20) + 22));
        assert_eq!(failure.initiator.as_deref(), Some("https://a.example"));
        assert_eq!(failure.retry_url(), None);
    }
}
