//! Every report in `tests/fixtures/reports` replayed: its top cause must be
//! the one its `expect` field names, and between them the fixtures must
//! cover every cause.
//!
//! Fixture fields besides the report's own (the parser ignores them):
//! `scenario` (what it is), `expect` (the top cause id), `mention` (text the
//! top cause's English evidence or steps must contain) and `minConfidence`.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use netwhy::diagnosis::cause::Cause;
use netwhy::diagnosis::diagnose;
use netwhy::i18n::english_catalogue;
use netwhy::views::report::{replay, Report};
use serde_json::Value;

struct Fixture {
    name: String,
    json: String,
    meta: Value,
}

fn fixtures() -> Vec<Fixture> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let mut fixtures: Vec<Fixture> = fs::read_dir(&dir)
        .expect("tests/fixtures/reports exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let json = fs::read_to_string(&path).unwrap();
            let meta =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Fixture {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                json,
                meta,
            }
        })
        .collect();
    fixtures.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(
        fixtures.len() >= Cause::ALL.len(),
        "fixtures missing from {}",
        dir.display()
    );
    fixtures
}

/// All English text of a replayed cause: title, evidence and steps.
fn english(cause: &Value) -> String {
    let texts = ["evidence", "steps"]
        .into_iter()
        .flat_map(|part| cause[part].as_array().unwrap().iter());
    let texts: Vec<&str> = texts.map(|text| text["text"].as_str().unwrap()).collect();
    format!("{}\n{}", cause["title"].as_str().unwrap(), texts.join("\n"))
}

#[test]
fn every_fixture_gets_its_expected_top_cause() {
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let replayed: Value = serde_json::from_str(&replay(&fixture.json).unwrap()).unwrap();
        let top = &replayed["causes"][0];
        let expected = fixture.meta["expect"]
            .as_str()
            .expect("every fixture has an expect field");
        let mut problems = Vec::new();
        if top["cause"] != expected {
            problems.push(format!("top cause {} (expected {expected})", top["cause"]));
        }
        if let Some(mention) = fixture.meta["mention"].as_str() {
            if !english(top).contains(mention) {
                problems.push(format!("no mention of {mention:?}"));
            }
        }
        if let Some(min) = fixture.meta["minConfidence"].as_u64() {
            if top["confidence"].as_u64().unwrap() < min {
                problems.push(format!("confidence {} below {min}", top["confidence"]));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n{replayed:#}",
                fixture.name,
                problems.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_fixtures_cover_every_cause() {
    let expected: BTreeSet<String> = fixtures()
        .iter()
        .map(|fixture| fixture.meta["expect"].as_str().unwrap().to_owned())
        .collect();
    let missing: Vec<&str> = Cause::ALL
        .iter()
        .map(|cause| cause.id())
        .filter(|id| !expected.contains(*id))
        .collect();
    assert!(missing.is_empty(), "no fixture expects {missing:?}");
}

/// Every text a diagnosis produces names a message that exists and fills
/// every placeholder the message has: a rule passing too few arguments
/// would otherwise leave a gap in the sentence.
#[test]
fn every_produced_text_fills_its_message() {
    for fixture in fixtures() {
        let report = Report::parse(&fixture.json).unwrap();
        let diagnosis = diagnose(&report.failure, &report.evidence);
        assert!(
            (1..=4).contains(&diagnosis.causes.len()),
            "{}: {} causes",
            fixture.name,
            diagnosis.causes.len()
        );
        for text in diagnosis
            .causes
            .iter()
            .flat_map(|finding| finding.evidence.iter().chain(&finding.steps))
        {
            let message = english_catalogue()
                .get(&text.key)
                .unwrap_or_else(|| panic!("no message {}", text.key));
            let placeholders = (1..=9)
                .filter(|n| message.contains(&format!("${n}")))
                .count();
            assert_eq!(
                placeholders,
                text.args.len(),
                "{}: {} has args {:?}",
                fixture.name,
                text.key,
                text.args
            );
        }
    }
}

#[test]
fn confidence_orders_the_causes() {
    for fixture in fixtures() {
        let report = Report::parse(&fixture.json).unwrap();
        let confidences: Vec<u8> = diagnose(&report.failure, &report.evidence)
            .causes
            .iter()
            .map(|f| f.confidence)
            .collect();
        assert!(
            confidences.windows(2).all(|pair| pair[0] >= pair[1]),
            "{}: {confidences:?}",
            fixture.name
        );
    }
}

/// Without any optional evidence (no `management` permission, no history,
/// Chromium's lack of `dns`), every failure still gets a diagnosis.
#[test]
fn every_fixture_still_diagnoses_with_no_evidence() {
    for fixture in fixtures() {
        let report = Report::parse(&fixture.json).unwrap();
        let diagnosis = diagnose(&report.failure, &Default::default());
        assert!(!diagnosis.causes.is_empty(), "{}", fixture.name);
    }
}

/// The example in `docs/report.md` is a valid report and gets the cause it illustrates.
#[test]
fn the_documented_example_replays() {
    let doc = fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/report.md"))
        .unwrap();
    let example = doc
        .split("## Example report")
        .nth(1)
        .expect("docs/report.md has an example");
    let json = example
        .split("```json")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let replayed: Value = serde_json::from_str(&replay(json).unwrap()).unwrap();
    assert_eq!(replayed["causes"][0]["cause"], "proxy-problem");
    assert!(english(&replayed["causes"][0]).contains("“Proxy Switcher”"));
}
