//! Every locale in `extension/_locales` is complete and consistent with `en`:
//! the same keys, no empty messages, the same `$1`…`$9` substitutions per key,
//! only substitution forms that `chrome.i18n` understands without a
//! `placeholders` object, and manifest strings within the store limits.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Chrome Web Store limit on the extension's name, in characters.
const MAX_NAME_CHARS: usize = 75;
/// Chrome Web Store limit on the extension's short description, in characters.
const MAX_DESCRIPTION_CHARS: usize = 132;

fn locales_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("extension/_locales")
}

fn load(path: &Path) -> Map<String, Value> {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("{} can't be read: {err}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => panic!("{} is not a JSON object", path.display()),
        Err(err) => panic!("{} is not valid JSON: {err}", path.display()),
    }
}

/// Every locale directory name with its parsed `messages.json`, sorted by name.
fn all_locales() -> Vec<(String, Map<String, Value>)> {
    let dir = locales_dir();
    let mut locales: Vec<(String, Map<String, Value>)> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{} can't be listed: {err}", dir.display()))
        .map(|entry| entry.expect("locale directory entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, load(&path.join("messages.json")))
        })
        .collect();
    locales.sort_by(|a, b| a.0.cmp(&b.0));
    locales
}

/// The `message` string of an entry, if the entry has one.
fn message<'a>(entries: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    entries.get(key)?.get("message")?.as_str()
}

/// The substitutions a message uses (`$1`…`$9`), or a description of each
/// `$` form that `chrome.i18n` would not treat as a positional substitution
/// or a literal `$$`. Named `$name$` placeholders are accepted only when the
/// entry's `placeholders` object declares them.
fn placeholders(text: &str, declared: &BTreeSet<String>) -> Result<BTreeSet<char>, Vec<String>> {
    let mut found = BTreeSet::new();
    let mut bad = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => i += 2,
            Some(&d @ '1'..='9') => {
                found.insert(d);
                i += 2;
            }
            _ => {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '@')
                    .collect();
                let end = i + 1 + name.chars().count();
                if !name.is_empty() && chars.get(end) == Some(&'$') {
                    if !declared.contains(&name.to_ascii_lowercase()) {
                        bad.push(format!("`${name}$` is not declared in `placeholders`"));
                    }
                    i = end + 1;
                } else {
                    bad.push(format!(
                        "stray `$` at character {i} (write `$$` for a literal dollar)"
                    ));
                    i += 1;
                }
            }
        }
    }
    if bad.is_empty() {
        Ok(found)
    } else {
        Err(bad)
    }
}

/// Names declared in an entry's `placeholders` object, lowercased as Chrome
/// matches them.
fn declared_placeholders(entry: &Value) -> BTreeSet<String> {
    entry
        .get("placeholders")
        .and_then(Value::as_object)
        .map(|object| object.keys().map(|k| k.to_ascii_lowercase()).collect())
        .unwrap_or_default()
}

/// Everything wrong with `locale` (named `name`) measured against `en`.
fn problems(name: &str, en: &Map<String, Value>, locale: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    let en_keys: BTreeSet<&String> = en.keys().collect();
    let keys: BTreeSet<&String> = locale.keys().collect();
    for key in en_keys.difference(&keys) {
        out.push(format!("{name}: missing key `{key}`"));
    }
    for key in keys.difference(&en_keys) {
        out.push(format!("{name}: extra key `{key}` (not in en)"));
    }

    for (key, entry) in locale {
        let Some(text) = message(locale, key) else {
            out.push(format!("{name}: `{key}` has no string `message`"));
            continue;
        };
        if text.trim().is_empty() {
            out.push(format!("{name}: `{key}` has an empty message"));
        }
        let used = match placeholders(text, &declared_placeholders(entry)) {
            Ok(used) => used,
            Err(bad) => {
                for problem in bad {
                    out.push(format!("{name}: `{key}`: {problem}"));
                }
                continue;
            }
        };
        if let (Some(en_text), Some(en_entry)) = (message(en, key), en.get(key)) {
            if let Ok(expected) = placeholders(en_text, &declared_placeholders(en_entry)) {
                if used != expected {
                    out.push(format!(
                        "{name}: `{key}` uses substitutions {used:?}, en uses {expected:?}"
                    ));
                }
            }
        }
    }

    for (key, limit) in [
        ("extension_name", MAX_NAME_CHARS),
        ("extension_description", MAX_DESCRIPTION_CHARS),
    ] {
        if let Some(text) = message(locale, key) {
            let length = text.chars().count();
            if length > limit {
                out.push(format!(
                    "{name}: `{key}` is {length} characters, over the store limit of {limit}"
                ));
            }
        }
    }
    out
}

#[test]
fn every_locale_matches_en() {
    let locales = all_locales();
    let en = &locales
        .iter()
        .find(|(name, _)| name == "en")
        .expect("extension/_locales/en exists (the manifest's default_locale)")
        .1;
    assert!(!en.is_empty(), "en/messages.json has no messages");

    let mut all = Vec::new();
    for (name, locale) in &locales {
        all.extend(problems(name, en, locale));
    }
    assert!(
        all.is_empty(),
        "{} locale problem(s):\n{}",
        all.len(),
        all.join("\n")
    );
    println!(
        "checked {} locales ({}) × {} keys",
        locales.len(),
        locales
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        en.len()
    );
}

#[test]
fn the_manifest_strings_exist() {
    let en = load(&locales_dir().join("en/messages.json"));
    for key in ["extension_name", "extension_description"] {
        assert!(message(&en, key).is_some(), "en lacks `{key}`");
    }
}

/// The check itself catches each kind of mistake, on in-memory copies of en.
#[test]
fn the_check_catches_broken_locales() {
    let en = load(&locales_dir().join("en/messages.json"));
    assert!(problems("en", &en, &en).is_empty());

    let first = en.keys().next().expect("en has a key").clone();
    let mut missing = en.clone();
    missing.remove(&first);
    let found = problems("xx", &en, &missing);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("missing key"), "{found:?}");

    let mut extra = en.clone();
    extra.insert(
        "not_in_en".into(),
        serde_json::json!({ "message": "Extra", "description": "Not in en." }),
    );
    let found = problems("xx", &en, &extra);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("extra key"), "{found:?}");

    let with_substitution = en
        .keys()
        .find(|key| message(&en, key).is_some_and(|text| text.contains("$1")))
        .expect("en has a message with $1")
        .clone();
    let mut dropped = en.clone();
    dropped[&with_substitution]["message"] = Value::from("No substitution here.");
    let found = problems("xx", &en, &dropped);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("substitutions"), "{found:?}");

    let mut empty = en.clone();
    empty[&first]["message"] = Value::from("  ");
    assert!(problems("xx", &en, &empty)
        .iter()
        .any(|p| p.contains("empty message")));

    let mut no_message = en.clone();
    no_message[&first] = serde_json::json!({ "description": "No message." });
    assert!(problems("xx", &en, &no_message)
        .iter()
        .any(|p| p.contains("no string `message`")));

    let mut too_long = en.clone();
    too_long["extension_name"]["message"] = Value::from("N".repeat(MAX_NAME_CHARS + 1));
    too_long["extension_description"]["message"] =
        Value::from("D".repeat(MAX_DESCRIPTION_CHARS + 1));
    let found = problems("xx", &en, &too_long);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|p| p.contains("store limit")), "{found:?}");
}

#[test]
fn only_positional_and_dollar_forms_pass() {
    let none = BTreeSet::new();
    assert_eq!(
        placeholders("port $1 on $2, costs $$5", &none),
        Ok(BTreeSet::from(['1', '2']))
    );
    assert!(placeholders("hello $name$", &none).is_err());
    assert!(placeholders("costs $5.00", &none).is_ok());
    assert!(placeholders("a lone $ sign", &none).is_err());
    assert!(placeholders("ends with $", &none).is_err());
    let declared = BTreeSet::from(["name".to_string()]);
    assert_eq!(placeholders("hello $NAME$", &declared), Ok(BTreeSet::new()));
}
