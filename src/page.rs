//! The error page as data: what to show, in what order, before any DOM.
//!
//! Built from a failure (and, once issue 4 lands, its diagnosis); rendered
//! by `dom` in the browser and inspected directly by native tests.

use serde::Serialize;

use crate::catalog::Class;
use crate::failure::Failure;
use crate::i18n::Text;

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
    /// What Try again loads; `None` when the URL is not plain http(s).
    pub retry_url: Option<String>,
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

impl Page {
    /// The page for `failure`, with `causes` already ranked.
    pub fn new(failure: &Failure, causes: Vec<CauseView>) -> Page {
        let class = failure.class();
        Page {
            document_title: Text::with("page_document_title", [failure.host.as_str()]),
            headline: Text::new(class.title_key()),
            explanation: Text::new(class.explanation_key()),
            class,
            url: failure.url.clone(),
            host: failure.host.clone(),
            port: failure.port,
            error: failure.error.clone(),
            causes,
            retry_url: failure.retry_url().map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::English;

    fn failure(url: &str, error: &str) -> Failure {
        serde_json::from_value(serde_json::json!({
            "url": url, "scheme": "http", "host": "127.0.0.1", "port": 5173,
            "error": error, "time": 2.0,
        }))
        .unwrap()
    }

    #[test]
    fn a_refused_connection_reads_as_such_in_english() {
        let page = Page::new(
            &failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED"),
            vec![],
        );
        assert_eq!(page.class, Class::ConnectionRefused);
        assert_eq!(page.retry_url.as_deref(), Some("http://127.0.0.1:5173/"));
        for text in [&page.document_title, &page.headline, &page.explanation] {
            let english = text.resolve(&English);
            assert_ne!(english, text.key, "missing English for {}", text.key);
        }
        assert!(page.document_title.resolve(&English).contains("127.0.0.1"));
    }

    #[test]
    fn a_script_url_is_never_offered_for_retry() {
        let page = Page::new(
            &failure("javascript:alert(1)//http://x", "net::ERR_FAILED"),
            vec![],
        );
        assert_eq!(page.retry_url, None);
    }
}
