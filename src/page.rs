//! The error page as data: what to show, in what order, before any DOM.
//!
//! Built from a failure and its diagnosis; rendered by `dom` in the browser
//! and inspected directly by native tests.

use serde::Serialize;

use crate::catalog::Class;
use crate::cause::Cause;
use crate::diagnosis::{Diagnosis, Finding};
use crate::evidence::Evidence;
use crate::failure::Failure;
use crate::i18n::Text;

/// The Wayback Machine's address for the latest copy of a URL (the URL follows).
const ARCHIVE: &str = "https://web.archive.org/web/2/";
/// A public up-or-down checker (the host name follows).
const STATUS_CHECK: &str = "https://downforeveryoneorjustme.com/";

/// Everything the error page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The tab's title.
    pub document_title: Text,
    /// What went wrong, in plain words (the class's title).
    pub headline: Text,
    /// One sentence on what happened (the class's explanation).
    pub explanation: Text,
    pub class: Class,
    /// The failed URL, exactly as requested. Attacker-controlled text.
    pub url: String,
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
    /// Whether the page keeps re-checking the address and loads it once it
    /// answers: only when trying again unchanged can help.
    pub auto_retry: bool,
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
}

impl CauseView {
    fn of(finding: &Finding) -> CauseView {
        CauseView {
            id: finding.cause.id().to_owned(),
            title: Text::new(finding.cause.title_key()),
            confidence: finding.confidence,
            evidence: finding.evidence.clone(),
            steps: finding.steps.clone(),
        }
    }
}

impl Page {
    /// The page for `failure` as `diagnosis` explains it, given what the
    /// `evidence` behind it knew.
    pub fn new(failure: &Failure, evidence: &Evidence, diagnosis: &Diagnosis) -> Page {
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
        Page {
            document_title: Text::with("page_document_title", [failure.host.as_str()]),
            headline: Text::new(class.title_key()),
            explanation: Text::new(class.explanation_key()),
            class,
            url: failure.url.clone(),
            host: failure.host.clone(),
            port: failure.port,
            error: failure.error.clone(),
            causes: diagnosis.causes.iter().map(CauseView::of).collect(),
            offer_extension_list: evidence.extensions.is_none()
                && diagnosis.causes.first().is_some_and(names_extensions),
            retry_url: failure.retry_url().map(str::to_owned),
            archive_url: public.then(|| format!("{ARCHIVE}{url}", url = failure.url)),
            status_url: public.then(|| format!("{STATUS_CHECK}{host}", host = failure.host)),
            auto_retry: class.retryable() && failure.retry_url().is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::diagnose;
    use crate::i18n::English;

    fn page(failure: &Failure) -> Page {
        page_with(failure, &Evidence::default())
    }

    fn page_with(failure: &Failure, evidence: &Evidence) -> Page {
        Page::new(failure, evidence, &diagnose(failure, evidence))
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
        assert!(
            page(&failure(
                "http://127.0.0.1:5173/",
                "net::ERR_CONNECTION_REFUSED"
            ))
            .auto_retry
        );
        assert!(!page(&failure("http://x.example/", "net::ERR_NAME_NOT_RESOLVED")).auto_retry);
        assert!(!page(&failure("http://x.example/", "net::ERR_BLOCKED_BY_CLIENT")).auto_retry);
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
}
