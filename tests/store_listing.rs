//! The store listing texts in `store/listing/<locale>/` (store/README.md):
//! one listing for every locale the extension speaks, each complete, within
//! the stores' length limits, and shaped like the English one.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Firefox Add-ons: the longest add-on summary, in characters.
const AMO_MAX_SUMMARY: usize = 250;
/// Chrome Web Store: the longest detailed description, in characters
/// (Firefox Add-ons sets none).
const CWS_MAX_DESCRIPTION: usize = 16_000;
/// Firefox Add-ons: the longest add-on name (the Chrome Web Store allows 75,
/// which tests/locales.rs checks).
const AMO_MAX_NAME: usize = 50;
/// Fewer characters than this is a stub, not a description.
const MIN_DESCRIPTION: usize = 500;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn subdirectories(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{} can't be listed: {err}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|err| panic!("{} can't be read: {err}", path.display()))
}

/// Characters as the stores count them: the larger of code points and UTF-16 units.
fn length(text: &str) -> usize {
    text.chars().count().max(text.encode_utf16().count())
}

struct Listing {
    locale: String,
    summary: String,
    description: String,
}

fn listings() -> Vec<Listing> {
    let dir = root().join("store/listing");
    subdirectories(&dir)
        .into_iter()
        .map(|locale| Listing {
            summary: read(&dir.join(&locale).join("summary.txt")),
            description: read(&dir.join(&locale).join("description.txt")),
            locale,
        })
        .collect()
}

/// Paragraphs and bullet points: a translation has as many as the English.
fn shape(text: &str) -> (usize, usize) {
    let paragraphs = text.split("\n\n").count();
    let bullets = text.lines().filter(|line| line.starts_with("• ")).count();
    (paragraphs, bullets)
}

#[test]
fn every_locale_of_the_extension_has_a_listing() {
    let locales = subdirectories(&root().join("extension/_locales"));
    let listed = subdirectories(&root().join("store/listing"));
    assert_eq!(listed, locales, "store/listing/ and extension/_locales/");
}

#[test]
fn listings_are_within_the_store_limits() {
    let mut problems = Vec::new();
    for Listing {
        locale,
        summary,
        description,
    } in listings()
    {
        let summary = summary.strip_suffix('\n').unwrap_or(&summary);
        if summary.contains('\n') || summary.trim() != summary || summary.is_empty() {
            problems.push(format!("{locale}: the summary must be one line of text"));
        }
        if length(summary) > AMO_MAX_SUMMARY {
            problems.push(format!(
                "{locale}: summary has {} characters, Firefox Add-ons takes {AMO_MAX_SUMMARY}",
                length(summary)
            ));
        }
        let chars = length(description.trim_end());
        if !(MIN_DESCRIPTION..=CWS_MAX_DESCRIPTION).contains(&chars) {
            problems.push(format!(
                "{locale}: description has {chars} characters, not {MIN_DESCRIPTION} to {CWS_MAX_DESCRIPTION}"
            ));
        }
        // The Chrome Web Store shows plain text: no markup of any kind.
        if description.contains('<') || description.contains("**") || description.contains("](") {
            problems.push(format!(
                "{locale}: description has markup; the stores want plain text"
            ));
        }
        if !description.contains("NetWhy") || !summary.contains("NetWhy") {
            problems.push(format!("{locale}: summary and description name NetWhy"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn translations_have_the_english_shape() {
    let listings = listings();
    let english = listings
        .iter()
        .find(|l| l.locale == "en")
        .expect("store/listing/en");
    let expected = shape(&english.description);
    for listing in &listings {
        assert_eq!(
            shape(&listing.description),
            expected,
            "{}: paragraphs and bullet points of description.txt, against en",
            listing.locale
        );
    }
}

#[test]
fn extension_names_fit_firefox_add_ons() {
    for locale in subdirectories(&root().join("extension/_locales")) {
        let path = root()
            .join("extension/_locales")
            .join(&locale)
            .join("messages.json");
        let messages: Value = serde_json::from_str(&read(&path)).unwrap();
        let name = messages["extension_name"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{locale}: no extension_name"));
        assert!(
            length(name) <= AMO_MAX_NAME,
            "{locale}: the name {name:?} has {} characters, Firefox Add-ons takes {AMO_MAX_NAME}",
            length(name)
        );
    }
}
