//! The error page as data: what to show, in what order, before any DOM.
//!
//! Built from a failure and its diagnosis; rendered by `dom` in the browser
//! and inspected directly by native tests.

use serde::Serialize;

use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::diagnosis::{Diagnosis, Finding};
use crate::evidence::failure::Failure;
use crate::evidence::platform::Browser;
use crate::evidence::{Evidence, Extension};
use crate::i18n::Text;
use crate::policy::settings::Settings;

/// The Wayback Machine's address for the latest copy of a URL (the URL follows).
const ARCHIVE: &str = "https://web.archive.org/web/2/";
/// A public up-or-down checker (the host name follows).
const STATUS_CHECK: &str = "https://downforeveryoneorjustme.com/";

/// The most characters of an address the page shows. Browsers accept
/// megabyte URLs, and laying out 100 KB of one unbroken word takes Chromium
/// seconds (measured: 8 s at 1280 px, 50 s at 360 px); Try again and the
/// report keep the whole address.
pub const MAX_SHOWN: usize = 2_000;

/// `text` cut to [`MAX_SHOWN`] characters, with an ellipsis when cut.
fn shown(text: &str) -> String {
    match text.char_indices().nth(MAX_SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Everything the error page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPage {
    /// The tab's title.
    pub document_title: Text,
    /// What went wrong, in plain words (the class's title).
    pub headline: Text,
    /// One sentence on what happened (the class's explanation).
    pub explanation: Text,
    pub class: Class,
    /// The failed URL as shown: exactly as requested, cut at [`MAX_SHOWN`]
    /// characters. Attacker-controlled text.
    pub url: String,
    /// The host as shown, cut likewise.
    pub host: String,
    pub port: u16,
    /// The browser's raw error string, for experts and bug reports.
    pub error: String,
    /// Likely causes, most likely first.
    pub causes: Vec<CauseView>,
    /// Whether to offer to read the installed extensions (the optional
    /// `management` permission) so a cause can name one.
    pub offer_extension_list: bool,
    /// What Try again loads; `None` when the URL is not plain http(s).
    pub retry_url: Option<String>,
    /// A copy of the page in the Internet Archive's Wayback Machine, for
    /// sites on the internet. A link: nothing is asked until it is followed.
    pub archive_url: Option<String>,
    /// A public "is it down for everyone" check of the host, likewise a link.
    pub status_url: Option<String>,
    /// The longest pause between re-checks, in seconds, when the page keeps
    /// re-checking the address and loads it once it answers: only when trying
    /// again unchanged can help, and the settings allow it.
    pub auto_retry: Option<u32>,
}

/// One likely cause as shown: why we think so and what to do.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CauseView {
    /// Stable id, shown as `data-cause`.
    pub id: String,
    pub title: Text,
    /// 0–100.
    pub confidence: u8,
    pub evidence: Vec<Text>,
    pub steps: Vec<Text>,
    /// What the page offers for each extension the cause blames.
    pub extensions: Vec<ExtensionAction>,
}

/// An extension a cause blames, and what the page can do about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionAction {
    pub id: String,
    /// Its name, as it calls itself: data, never markup.
    pub name: String,
    /// Where its settings are: its own options page, else (Chrome) its
    /// entry in chrome://extensions. Opened in a new tab on request.
    pub settings_url: Option<String>,
    /// Whether the page offers to turn it off: only in Chrome, since
    /// Firefox lets extensions turn off themes only
    /// (https://bugzilla.mozilla.org/show_bug.cgi?id=1282982), and never one
    /// an administrator installed.
    pub can_turn_off: bool,
}

impl ExtensionAction {
    fn of(extension: &Extension, browser: Option<Browser>) -> ExtensionAction {
        let own_page = extension.options_url.clone().filter(|url| match browser {
            // Only a page of that very extension: the list is data.
            Some(Browser::Chromium) => {
                url.starts_with(&format!("chrome-extension://{}/", extension.id))
            }
            // Firefox's extension URLs carry a per-profile UUID, not the id.
            Some(Browser::Firefox) => url.starts_with("moz-extension://"),
            None => false,
        });
        let chromium = browser == Some(Browser::Chromium);
        let chrome_id = extension.id.bytes().all(|b| (b'a'..=b'p').contains(&b));
        let entry =
            (chromium && chrome_id).then(|| format!("chrome://extensions/?id={}", extension.id));
        ExtensionAction {
            id: extension.id.clone(),
            name: extension.name.clone(),
            settings_url: own_page.or(entry),
            can_turn_off: chromium && extension.enabled && extension.may_disable,
        }
    }
}

impl CauseView {
    fn of(finding: &Finding, evidence: &Evidence) -> CauseView {
        let browser = evidence.platform.unwrap_or_default().browser;
        let known = evidence.extensions.as_deref().unwrap_or_default();
        let blamed = finding
            .extensions
            .iter()
            .filter_map(|id| known.iter().find(|e| &e.id == id));
        CauseView {
            id: finding.cause.id().to_owned(),
            title: Text::new(finding.cause.title_key()),
            confidence: finding.confidence,
            evidence: finding.evidence.clone(),
            steps: finding.steps.clone(),
            extensions: blamed.map(|e| ExtensionAction::of(e, browser)).collect(),
        }
    }
}

impl ErrorPage {
    /// The page for `failure` as `diagnosis` explains it, given what the
    /// `evidence` behind it knew, under `settings`.
    pub fn new(
        failure: &Failure,
        evidence: &Evidence,
        diagnosis: &Diagnosis,
        settings: &Settings,
    ) -> ErrorPage {
        // Only these causes name extensions, and only a known list can.
        let names_extensions = |finding: &Finding| {
            matches!(
                finding.cause,
                Cause::ExtensionInterference | Cause::ProxyProblem
            )
        };
        let class = diagnosis.class;
        // Outside services know nothing of local hosts, and only plain
        // http(s) URLs are handed to them.
        let public = !diagnosis.host.is_local() && failure.retry_url().is_some();
        ErrorPage {
            document_title: Text::with("page_document_title", [failure.host.as_str()]),
            headline: Text::new(class.title_key()),
            explanation: Text::new(class.explanation_key()),
            class,
            url: shown(&failure.url),
            host: shown(&failure.host),
            port: failure.port,
            error: failure.error.clone(),
            causes: diagnosis
                .causes
                .iter()
                .map(|finding| CauseView::of(finding, evidence))
                .collect(),
            offer_extension_list: evidence.extensions.is_none()
                && diagnosis.causes.first().is_some_and(names_extensions),
            retry_url: failure.retry_url().map(str::to_owned),
            archive_url: public.then(|| format!("{ARCHIVE}{url}", url = failure.url)),
            status_url: public.then(|| format!("{STATUS_CHECK}{host}", host = failure.host)),
            auto_retry: (settings.auto_retry && class.retryable() && failure.retry_url().is_some())
                .then_some(settings.max_retry_seconds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::diagnose;
    use crate::i18n::English;

    fn page(failure: &Failure) -> ErrorPage {
        page_with(failure, &Evidence::default())
    }

    fn page_with(failure: &Failure, evidence: &Evidence) -> ErrorPage {
        ErrorPage::new(
            failure,
            evidence,
            &diagnose(failure, evidence),
            &Settings::default(),
        )
    }

    fn failure(url: &str, error: &str) -> Failure {
        serde_json::from_value(serde_json::json!({
            "url": url, "scheme": "http", "host": "127.0.0.1", "port": 5173,
            "error": error, "time": 2.0,
        }))
        .unwrap()
    }

    #[test]
    fn a_refused_connection_reads_as_such_in_english() {
        let page = page(&failure(
            "http://127.0.0.1:5173/",
            "net::ERR_CONNECTION_REFUSED",
        ));
        assert_eq!(page.class, Class::ConnectionRefused);
        assert_eq!(page.retry_url.as_deref(), Some("http://127.0.0.1:5173/"));
        for text in [&page.document_title, &page.headline, &page.explanation] {
            let english = text.resolve(&English);
            assert_ne!(english, text.key, "missing English for {}", text.key);
        }
        assert!(page.document_title.resolve(&English).contains("127.0.0.1"));
        assert_eq!(page.causes[0].id, "local-server-down");
        let title = page.causes[0].title.resolve(&English);
        assert_ne!(title, page.causes[0].title.key);
    }

    #[test]
    fn re_checks_by_itself_only_when_waiting_can_help() {
        let refused = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
        assert_eq!(page(&refused).auto_retry, Some(60));
        let off = Settings {
            auto_retry: false,
            ..Settings::default()
        };
        let diagnosis = diagnose(&refused, &Evidence::default());
        assert_eq!(
            ErrorPage::new(&refused, &Evidence::default(), &diagnosis, &off).auto_retry,
            None
        );
        for never in ["net::ERR_NAME_NOT_RESOLVED", "net::ERR_BLOCKED_BY_CLIENT"] {
            assert_eq!(page(&failure("http://x.example/", never)).auto_retry, None);
        }
    }

    #[test]
    fn links_to_outside_services_only_for_public_sites() {
        let mut public = failure("https://example.org/a?b", "net::ERR_CONNECTION_RESET");
        public.host = "example.org".into();
        let page = page(&public);
        assert_eq!(
            page.archive_url.as_deref(),
            Some("https://web.archive.org/web/2/https://example.org/a?b")
        );
        assert_eq!(
            page.status_url.as_deref(),
            Some("https://downforeveryoneorjustme.com/example.org")
        );
        let local = page_with(
            &failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED"),
            &Evidence::default(),
        );
        assert_eq!((local.archive_url, local.status_url), (None, None));
    }

    #[test]
    fn shows_at_most_max_shown_characters_but_retries_the_whole_address() {
        let long = format!("http://127.0.0.1:5173/{}", "ש".repeat(50_000));
        let page = page(&failure(&long, "net::ERR_CONNECTION_REFUSED"));
        assert_eq!(page.url.chars().count(), MAX_SHOWN + 1);
        assert!(page.url.ends_with('…') && long.starts_with(page.url.trim_end_matches('…')));
        assert_eq!(page.retry_url.as_deref(), Some(long.as_str()));
        let short = page_with(
            &failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED"),
            &Evidence::default(),
        );
        assert_eq!(short.url, "http://127.0.0.1:5173/");
    }

    #[test]
    fn a_script_url_is_never_offered_for_retry() {
        let page = page(&failure("javascript:alert(1)//http://x", "net::ERR_FAILED"));
        assert_eq!(page.retry_url, None);
    }

    #[test]
    fn offers_the_extension_list_only_when_it_would_name_the_blocker() {
        let blocked = failure("http://blocked.example/", "net::ERR_BLOCKED_BY_CLIENT");
        assert!(page(&blocked).offer_extension_list);
        let known = Evidence {
            extensions: Some(Vec::new()),
            ..Evidence::default()
        };
        assert!(!page_with(&blocked, &known).offer_extension_list);
        let refused = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
        assert!(!page(&refused).offer_extension_list);
    }

    #[test]
    fn offers_what_each_browser_allows_for_a_blamed_extension() {
        let blocked = failure("http://blocked.example/", "net::ERR_BLOCKED_BY_CLIENT");
        let id = "abcdefghijklmnopabcdefghijklmnop";
        let evidence = |browser, options_url: &str, may_disable| {
            serde_json::from_value::<Evidence>(serde_json::json!({
                "extensions": [{"id": id, "name": "Blocker <b>", "optionsUrl": options_url,
                    "mayDisable": may_disable, "permissions": ["declarativeNetRequest"]}],
                "platform": {"browser": browser},
            }))
            .unwrap()
        };
        let actions =
            |evidence: &Evidence| page_with(&blocked, evidence).causes[0].extensions.clone();

        let own = format!("chrome-extension://{id}/options.html");
        let chrome = actions(&evidence("chrome", &own, true));
        assert_eq!(chrome.len(), 1);
        assert_eq!(chrome[0].name, "Blocker <b>");
        assert_eq!(chrome[0].settings_url.as_deref(), Some(own.as_str()));
        assert!(chrome[0].can_turn_off);

        // Another extension's page, or none: its entry in chrome://extensions.
        let elsewhere = actions(&evidence(
            "chrome",
            "chrome-extension://other/x.html",
            false,
        ));
        let entry = format!("chrome://extensions/?id={id}");
        assert_eq!(elsewhere[0].settings_url.as_deref(), Some(entry.as_str()));
        assert!(!elsewhere[0].can_turn_off, "installed by policy");

        let firefox = actions(&evidence(
            "firefox",
            "moz-extension://6f1c/options.html",
            true,
        ));
        assert_eq!(
            firefox[0].settings_url.as_deref(),
            Some("moz-extension://6f1c/options.html")
        );
        assert!(!firefox[0].can_turn_off);
        assert_eq!(
            actions(&evidence("firefox", "", true))[0].settings_url,
            None
        );
        assert!(
            actions(&Evidence::default()).is_empty(),
            "unknown extensions: no actions"
        );
    }
}
