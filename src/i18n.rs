//! Message lookup: the page names texts by `_locales` key, never by English.
//!
//! In the browser the keys resolve through `chrome.i18n.getMessage`, in the
//! user's language. Natively (the `diagnose` tool, tests) they resolve against
//! the English catalogue compiled in from `extension/_locales/en/messages.json`,
//! the one place English text lives.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Something that turns a message key and its substitutions into text.
pub trait Messages {
    /// The text for `key` with `$1`…`$9` replaced by `substitutions`, or
    /// `None` when the key is unknown.
    fn get(&self, key: &str, substitutions: &[&str]) -> Option<String>;
}

/// The English messages shipped with the extension.
pub struct English;

const EN_JSON: &str = include_str!("../extension/_locales/en/messages.json");

#[derive(serde::Deserialize)]
struct Entry {
    message: String,
}

/// Every English message by key.
pub fn english_catalogue() -> &'static BTreeMap<String, String> {
    static CATALOGUE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let entries: BTreeMap<String, Entry> =
            serde_json::from_str(EN_JSON).expect("extension/_locales/en/messages.json is valid");
        entries
            .into_iter()
            .map(|(key, entry)| (key, entry.message))
            .collect()
    })
}

impl Messages for English {
    fn get(&self, key: &str, substitutions: &[&str]) -> Option<String> {
        english_catalogue()
            .get(key)
            .map(|message| substitute(message, substitutions))
    }
}

/// Applies the `$1`…`$9` and `$$` rules of the `chrome.i18n` message format.
pub fn substitute(message: &str, substitutions: &[&str]) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('$') => {
                chars.next();
                out.push('$');
            }
            Some(d @ '1'..='9') => {
                chars.next();
                let index = d as usize - '1' as usize;
                out.push_str(substitutions.get(index).copied().unwrap_or(""));
            }
            _ => out.push('$'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_positional_arguments_and_dollars() {
        assert_eq!(substitute("port $1 on $2", &["80", "x"]), "port 80 on x");
        assert_eq!(substitute("costs $$5 $3", &["a"]), "costs $5 ");
        assert_eq!(substitute("ends with $", &[]), "ends with $");
    }

    #[test]
    fn english_catalogue_loads_and_resolves() {
        assert!(!english_catalogue().is_empty());
        assert_eq!(English.get("no-such-key", &[]), None);
        assert!(English.get("extension_name", &[]).is_some());
    }
}

/// A message to show: a `_locales` key and its substitutions, resolved only
/// when rendered, so the core never holds user-facing English.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
}

impl Text {
    /// A message without substitutions.
    pub fn new(key: impl Into<String>) -> Text {
        Text {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// A message with substitutions for `$1`, `$2`, …
    pub fn with(key: impl Into<String>, args: impl IntoIterator<Item = impl Into<String>>) -> Text {
        Text {
            key: key.into(),
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// The text in `messages`, or the bare key when it is missing (visible in
    /// tests, never a blank).
    pub fn resolve(&self, messages: &dyn Messages) -> String {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        messages
            .get(&self.key, &args)
            .unwrap_or_else(|| self.key.clone())
    }
}
