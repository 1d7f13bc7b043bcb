//! One error explained: what the table (or the security library) says about
//! it, with its class's words in the reader's language. Used by the CLI.

use serde::Serialize;

use super::{classify, lookup, tls_text, Browser, Class, Entry};
use crate::i18n::Messages;

/// Everything known about one error string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The table name (`ERR_CONNECTION_REFUSED`) or security-library name, when known.
    pub name: Option<String>,
    /// Chromium's negative code, or Firefox's unsigned nsresult.
    pub code: Option<i64>,
    /// Firefox's code in hex (`0x804B000D`).
    pub code_hex: Option<String>,
    pub browser: Option<Browser>,
    /// The class id, e.g. `connection-refused`.
    pub class: Class,
    pub retryable: bool,
    pub certificate: bool,
    /// Whether our page replaces the browser's for this error.
    pub intercepted: bool,
    pub title: String,
    pub explanation: String,
    /// Short technical line (English).
    pub detail: String,
    pub legacy: bool,
}

/// Explains a raw error string in any spelling; unknown strings explain as [`Class::Unknown`].
pub fn explain(error: &str, messages: &dyn Messages) -> Explanation {
    if let Some(entry) = lookup(error) {
        return from_entry(entry, messages);
    }
    if let Some(security) = tls_text::security(error) {
        let code = security.code.map(i64::from);
        let detail = match security.name {
            Some(_) => "Firefox security-library (NSS) error",
            None => "Firefox security-library (NSS) message",
        };
        return build(
            security.class,
            messages,
            Explanation {
                name: security.name.map(str::to_owned),
                code,
                code_hex: code.map(hex),
                browser: Some(Browser::Firefox),
                detail: detail.to_owned(),
                ..blank()
            },
        );
    }
    let class = classify(error);
    let detail = match class {
        Class::Unknown => "Not in the catalogue",
        _ => "Not in the catalogue; classified by its name",
    };
    build(
        class,
        messages,
        Explanation {
            detail: detail.to_owned(),
            ..blank()
        },
    )
}

fn from_entry(entry: &Entry, messages: &dyn Messages) -> Explanation {
    build(
        entry.class,
        messages,
        Explanation {
            name: Some(entry.name.to_owned()),
            code: Some(entry.code()),
            code_hex: entry.code_hex(),
            browser: Some(entry.browser),
            detail: entry.detail().to_owned(),
            legacy: entry.legacy,
            ..blank()
        },
    )
}

/// Fills in everything the class decides.
fn build(class: Class, messages: &dyn Messages, partial: Explanation) -> Explanation {
    let text = |key: String| messages.get(&key, &[]).unwrap_or(key);
    Explanation {
        class,
        retryable: class.retryable(),
        certificate: class.certificate(),
        intercepted: class.intercept(),
        title: text(class.title_key()),
        explanation: text(class.explanation_key()),
        ..partial
    }
}

fn blank() -> Explanation {
    Explanation {
        name: None,
        code: None,
        code_hex: None,
        browser: None,
        class: Class::Unknown,
        retryable: false,
        certificate: false,
        intercepted: false,
        title: String::new(),
        explanation: String::new(),
        detail: String::new(),
        legacy: false,
    }
}

fn hex(code: i64) -> String {
    format!("0x{code:08X}")
}
