//! A failed top-level load, as recorded by the background.

use serde::{Deserialize, Serialize};

use crate::catalog::{self, Class};
use crate::evidence::lenient;

/// One failed navigation: what was asked for and what the browser said.
///
/// The URL is split by the browser's own `URL` parser in the background (we
/// write no URL parser); `host` is `URL.hostname`, so an IPv6 literal keeps its
/// brackets. All of it is attacker-controlled text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// The URL the user asked for; Try again loads exactly this.
    pub url: String,
    /// `http` or `https`, without the colon. Empty when a pasted report
    /// leaves it out; its replay takes it from the URL.
    #[serde(default)]
    pub scheme: String,
    /// Empty when a pasted report leaves it out, like `scheme`.
    #[serde(default)]
    pub host: String,
    /// The effective port: the explicit one, or the scheme's default.
    /// The background sends 0 for "the default" and [`crate::policy::intercept`]
    /// fills it in; a report's replay takes it from the URL.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub port: u16,
    /// The raw error string from `webRequest.onErrorOccurred`.
    pub error: String,
    /// The address the browser connected to, when it says (Firefox, after a TCP connect).
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default = "default_method", deserialize_with = "lenient::or_get")]
    pub method: String,
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub from_cache: bool,
    /// When the error was reported, in milliseconds since the Unix epoch.
    pub time: f64,
    /// When the request started (`onBeforeRequest`), if the background saw it.
    #[serde(default)]
    pub started: Option<f64>,
}

/// The port a URL of `scheme` uses when it names none (`URL.port` is then
/// empty, which the background sends as 0).
pub fn effective_port(scheme: &str, port: u16) -> u16 {
    match (port, scheme) {
        (0, "https") => 443,
        (0, _) => 80,
        (port, _) => port,
    }
}

/// The method of a failure that names none.
pub(crate) fn default_method() -> String {
    "GET".to_owned()
}

impl Failure {
    /// The class of the reported error.
    pub fn class(&self) -> Class {
        catalog::classify(&self.error)
    }

    /// Milliseconds from the request's start to its failure, when known.
    pub fn elapsed_ms(&self) -> Option<f64> {
        self.started.map(|started| (self.time - started).max(0.0))
    }

    /// The URL to load on Try again, only if it is plain http(s): a record
    /// is data, and data never gets to navigate to `javascript:`.
    pub fn retry_url(&self) -> Option<&str> {
        let lower = self.url.get(..8).unwrap_or(&self.url).to_ascii_lowercase();
        (lower.starts_with("http://") || lower.starts_with("https://")).then_some(self.url.as_str())
    }

    /// The origin of [`Failure::retry_url`] as a URL (`http://[::1]:5173/`),
    /// from the parts the browser's `URL` split off; the default port is left out.
    pub fn origin_url(&self) -> Option<String> {
        self.retry_url()?;
        let port = effective_port(&self.scheme, self.port);
        let default = effective_port(&self.scheme, 0);
        Some(match port == default {
            true => format!("{}://{}/", self.scheme, self.host),
            false => format!("{}://{}:{port}/", self.scheme, self.host),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(url: &str, scheme: &str, host: &str, port: u16) -> Failure {
        Failure {
            url: url.to_owned(),
            scheme: scheme.to_owned(),
            host: host.to_owned(),
            port,
            error: "net::ERR_CONNECTION_REFUSED".to_owned(),
            ip: None,
            method: default_method(),
            from_cache: false,
            time: 0.0,
            started: None,
        }
    }

    #[test]
    fn the_origin_keeps_no_path_query_or_default_port() {
        let dev = failure("http://[::1]:5173/app?token=1#x", "http", "[::1]", 5173);
        assert_eq!(dev.origin_url().as_deref(), Some("http://[::1]:5173/"));
        let site = failure("https://a.test/one-time?link=1", "https", "a.test", 443);
        assert_eq!(site.origin_url().as_deref(), Some("https://a.test/"));
        let unset = failure("http://a.test/", "http", "a.test", 0);
        assert_eq!(unset.origin_url().as_deref(), Some("http://a.test/"));
        let script = failure("javascript:alert(1)", "http", "a.test", 80);
        assert_eq!(script.origin_url(), None);
    }
}
