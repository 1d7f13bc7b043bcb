//! Every message key in `extension/_locales` is used by something: a table
//! of the core (causes, classes, steps and their per-platform wordings), a
//! string in the Rust sources, the manifest, or the JS. A key nothing uses is
//! a translation nobody reads, and usually a sign that a page lost a text.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use netwhy::catalog::Class;
use netwhy::diagnosis::cause::Cause;
use netwhy::diagnosis::{keys, wording};
use netwhy::i18n::english_catalogue;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` whose name ends in one of `endings`.
fn files(dir: &Path, endings: &[&str], found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, endings, found);
        } else if endings
            .iter()
            .any(|end| path.to_string_lossy().ends_with(end))
        {
            found.push(path);
        }
    }
}

/// The quoted strings of `text` that look like message keys.
fn quoted_keys(text: &str) -> impl Iterator<Item = &str> {
    text.split('"').skip(1).step_by(2).filter(|s| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    })
}

fn used_keys() -> BTreeSet<String> {
    let mut used: BTreeSet<String> = keys::ALL.iter().map(|key| key.to_string()).collect();
    used.extend(
        Cause::ALL
            .iter()
            .flat_map(|c| [c.title_key(), c.summary_key()]),
    );
    used.extend(
        Class::ALL
            .iter()
            .flat_map(|c| [c.title_key(), c.explanation_key()]),
    );
    used.extend(wording::all_variant_keys());
    let mut sources = Vec::new();
    files(&root().join("src"), &[".rs"], &mut sources);
    files(&root().join("web"), &[".rs"], &mut sources);
    files(
        &root().join("extension"),
        &[".js", ".json", ".html"],
        &mut sources,
    );
    for path in sources {
        if path.components().any(|part| part.as_os_str() == "_locales") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        used.extend(quoted_keys(&text).map(str::to_owned));
        // The manifest's `__MSG_name__`.
        for piece in text.split("__MSG_").skip(1) {
            if let Some((key, _)) = piece.split_once("__") {
                used.insert(key.to_owned());
            }
        }
    }
    used
}

#[test]
fn every_message_is_used() {
    let used = used_keys();
    let unused: Vec<&String> = english_catalogue()
        .keys()
        .filter(|key| !used.contains(*key))
        .collect();
    assert!(
        unused.is_empty(),
        "keys in _locales that nothing uses: {unused:?}"
    );
}

/// Every key the pages' modules name (a quoted `prefix_rest` whose prefix
/// starts some message key: `action_retry`, `options_saved`, …) is in
/// `_locales`: a misspelt key would show the browser's empty string.
#[test]
fn every_message_a_page_names_exists() {
    let catalogue = english_catalogue();
    let prefixes: BTreeSet<&str> = catalogue
        .keys()
        .filter_map(|key| key.split_once('_').map(|(prefix, _)| prefix))
        .collect();
    let mut sources = Vec::new();
    // The pages' shared crate, web/page, and each page's, web/*-page.
    for crate_dir in fs::read_dir(root().join("web")).unwrap() {
        let crate_dir = crate_dir.unwrap().path();
        if crate_dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with("page")
        {
            files(&crate_dir.join("src"), &[".rs"], &mut sources);
        }
    }
    let mut named = 0;
    for path in sources {
        let text = fs::read_to_string(&path).unwrap();
        for key in quoted_keys(&text) {
            let Some((prefix, _)) = key.split_once('_') else {
                continue;
            };
            if prefixes.contains(prefix) {
                named += 1;
                assert!(
                    catalogue.contains_key(key),
                    "{}: {key} is not in _locales",
                    path.display()
                );
            }
        }
    }
    assert!(
        named >= 30,
        "only {named} keys found in the pages' crates: is the scan still reading them?"
    );
}
