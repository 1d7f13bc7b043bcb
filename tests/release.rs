//! One version everywhere: the crate, the extension's manifest (which names
//! the store zips), package.json and the newest CHANGELOG.md section agree.
//! `./build.sh version X.Y.Z` (tools/version.mjs) sets them together.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{} can't be read: {err}", path.display()))
}

fn json_version(path: &str) -> String {
    let value: Value = serde_json::from_str(&read(path)).unwrap();
    value["version"]
        .as_str()
        .unwrap_or_else(|| panic!("{path} has no version"))
        .to_owned()
}

#[test]
fn the_manifest_and_package_json_carry_the_crate_version() {
    assert_eq!(
        json_version("extension/manifest.json"),
        VERSION,
        "extension/manifest.json"
    );
    assert_eq!(json_version("package.json"), VERSION, "package.json");
}

#[test]
fn the_changelog_has_an_unreleased_section_and_then_this_version() {
    let changelog = read("CHANGELOG.md");
    let sections: Vec<&str> = changelog
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .collect();
    assert_eq!(
        sections.first(),
        Some(&"Unreleased"),
        "CHANGELOG.md's first section"
    );
    let newest = sections.get(1).copied().unwrap_or_default();
    assert!(
        newest.starts_with(&format!("{VERSION} — ")),
        "CHANGELOG.md's newest version is {newest:?}, the crate's {VERSION}: run ./build.sh version"
    );
}
