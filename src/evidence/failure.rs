//! A failed top-level load, as recorded by the background.

use serde::{Deserialize, Serialize};

use crate::catalog::{self, Class, Interception};
use crate::evidence::lenient;
use crate::evidence::loads::MAX_HOST_LEN;

/// One failed navigation: what was asked for and what the browser said.
///
/// The URL is split by the browser's own `URL` parser in the background (we
/// write no URL parser); `host` is `URL.hostname`, so an IPv6 literal keeps its
/// brackets. All of it is attacker-controlled text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// The URL the user asked for; Try again loads exactly this. Only its
    /// beginning when it was too long to keep (see `original_url_length`).
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
    /// The class of `error`, decided once by the catalogue where a failure
    /// enters the core ([`Failure::classified`]: the worker's intercept, a
    /// report read back) and kept in the record, so the error page's module,
    /// which only reads records, holds no catalogue (~30 KB). Unknown until
    /// classified.
    #[serde(default)]
    pub class: Class,
    /// What `error` says about interception of the secure connection, found
    /// with the class and kept for the same reason: the error page's module then
    /// needs none of the catalogue's names. Written; recomputed when read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interception: Option<Interception>,
    /// The site that sent the tab here, as an origin (`https://a.example`):
    /// the last address that redirected the load, else the page that
    /// started it (Chromium's `initiator`, Firefox's `originUrl`). `None`
    /// for an address the user typed or picked, and for our own pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<String>,
    /// How long the URL asked for was, in bytes, when it was too long to
    /// keep and [`Failure::url`] holds only its beginning
    /// ([`Failure::bounded`]). A cut URL is never loaded again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_url_length: Option<usize>,
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

/// The longest origin a site can have: `https://`, a host of
/// [`MAX_HOST_LEN`] and a port.
const MAX_ORIGIN_LEN: usize = "https://".len() + MAX_HOST_LEN + ":65535".len();

/// Cuts `text` to at most `max` bytes, on a character boundary.
fn truncate(text: &mut String, max: usize) {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
}

/// The method of a failure that names none.
pub(crate) fn default_method() -> String {
    "GET".to_owned()
}

impl Failure {
    /// The failure with its error classified by the catalogue.
    pub fn classified(mut self) -> Failure {
        self.class = catalog::classify(&self.error);
        self.interception = catalog::interception(&self.error);
        self
    }

    /// The class of the reported error, as [`Failure::classified`] found it.
    pub fn class(&self) -> Class {
        self.class
    }

    /// Milliseconds from the request's start to its failure, when known.
    pub fn elapsed_ms(&self) -> Option<f64> {
        self.started.map(|started| (self.time - started).max(0.0))
    }

    /// The URL to load on Try again, only if it is plain http(s) (a record
    /// is data, and data never gets to navigate to `javascript:`) and whole.
    pub fn retry_url(&self) -> Option<&str> {
        if self.original_url_length.is_some() {
            return None;
        }
        let lower = self.url.get(..8).unwrap_or(&self.url).to_ascii_lowercase();
        (lower.starts_with("http://") || lower.starts_with("https://")).then_some(self.url.as_str())
    }

    /// The failure with its URL cut to at most `max_url` bytes, remembering
    /// how long it was, and with no other field longer than any real one:
    /// the host cut at the longest DNS name, an initiator longer than any
    /// origin left out. Browsers accept URLs of up to 2 MiB (Chromium) or
    /// 1 MiB (Firefox), hosts as long; kept whole, a few would fill the
    /// 10 MiB of session storage every record shares.
    pub fn bounded(mut self, max_url: usize) -> Failure {
        if self.url.len() > max_url {
            self.original_url_length = Some(self.url.len());
            truncate(&mut self.url, max_url);
        }
        if self.host.len() > MAX_HOST_LEN {
            truncate(&mut self.host, MAX_HOST_LEN);
            self.host.push('…');
        }
        self.initiator = self.initiator.filter(|o| o.len() <= MAX_ORIGIN_LEN);
        self
    }

    /// The site that sent the tab here, when it is another site: another
    /// host (a redirect from `http:` to `https:`, or between ports, of the
    /// same host is the site itself), and one an origin names (not `null`).
    pub fn sent_by(&self) -> Option<&str> {
        self.initiator
            .as_deref()
            .filter(|origin| origin_host(origin).is_some_and(|host| host != self.host))
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

/// The host of an origin (`https://[::1]:8443` gives `[::1]`).
fn origin_host(origin: &str) -> Option<&str> {
    let (_, authority) = origin.split_once("://")?;
    if authority.starts_with('[') {
        return authority.find(']').map(|end| &authority[..=end]);
    }
    authority.split(':').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(url: &str, scheme: &str, host: &str, port: u16) -> Failure {
        serde_json::from_value(serde_json::json!({
            "url": url, "scheme": scheme, "host": host, "port": port,
            "error": "net::ERR_CONNECTION_REFUSED", "time": 1.0,
        }))
        .unwrap()
    }

    #[test]
    fn keeps_a_long_url_cut_on_a_character_and_never_retries_it() {
        let long = format!("http://a.example/{}", "é".repeat(100));
        let kept = failure(&long, "http", "a.example", 80).bounded(20);
        assert_eq!(kept.url, "http://a.example/é");
        assert_eq!(kept.original_url_length, Some(long.len()));
        assert_eq!(kept.retry_url(), None);
        let short = failure("http://a.example/", "http", "a.example", 80).bounded(20);
        assert_eq!(short.original_url_length, None);
        assert_eq!(short.retry_url(), Some("http://a.example/"));
    }

    #[test]
    fn cuts_a_host_longer_than_any_name_and_drops_an_initiator_longer_than_any_origin() {
        let host = "h".repeat(1 << 20);
        let mut huge = failure("http://x/", "http", &host, 80);
        huge.initiator = Some(format!("https://{host}"));
        let kept = huge.bounded(100);
        assert_eq!(kept.host, format!("{}…", "h".repeat(MAX_HOST_LEN)));
        assert_eq!(kept.initiator, None);
        let mut fine = failure("http://x/", "http", "x", 80);
        fine.initiator = Some(format!("https://{}:8443", "a".repeat(MAX_HOST_LEN)));
        assert!(fine.bounded(100).initiator.is_some());
    }

    #[test]
    fn names_the_site_that_sent_the_tab_only_when_it_is_another() {
        let mut https = failure("https://a.example/x", "https", "a.example", 443);
        assert_eq!(https.sent_by(), None);
        for same in [
            "https://a.example",
            "http://a.example",
            "https://a.example:8443",
        ] {
            https.initiator = Some(same.into());
            assert_eq!(https.sent_by(), None, "{same}");
        }
        https.initiator = Some("https://evil.example".into());
        assert_eq!(https.sent_by(), Some("https://evil.example"));
        https.initiator = Some("https://a.example.evil.example".into());
        assert!(https.sent_by().is_some());
        let mut v6 = failure("http://[::1]:5173/", "http", "[::1]", 5173);
        v6.initiator = Some("http://[::1]:3000".into());
        assert_eq!(v6.sent_by(), None);
        v6.initiator = Some("http://[::2]:5173".into());
        assert_eq!(v6.sent_by(), Some("http://[::2]:5173"));
        // An opaque origin names no site.
        v6.initiator = Some("null".into());
        assert_eq!(v6.sent_by(), None);
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
