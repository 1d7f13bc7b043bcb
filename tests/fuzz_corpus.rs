//! The fuzz targets' checks over a small fixed corpus, as a normal test.
//!
//! `tests/fixtures/fuzz/<target>/` holds edge cases (and any crasher the
//! fuzzer ever found); inputs too big to commit are generated below. Every
//! input goes through exactly what `cargo fuzz run <target>` does with it
//! (`fuzz/checks.rs`). See `docs/fuzzing.md`.

use std::fs;
use std::path::Path;

use netwhy::catalog::{self, Class};
use netwhy::views::report;

#[path = "../fuzz/checks.rs"]
mod checks;

/// Every file of one target's corpus, by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(files.len() >= 24, "{target}: only {} inputs", files.len());
    files
}

/// `check` on every input, naming the one that panicked.
fn run(target: &str, inputs: Vec<(String, Vec<u8>)>, check: fn(&[u8])) {
    for (name, data) in inputs {
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{target}/{name} panicked");
        }
    }
}

/// Big inputs, generated rather than committed.
fn huge() -> Vec<(String, Vec<u8>)> {
    let repeat =
        |name: &str, unit: &str, times: usize| (name.to_owned(), unit.repeat(times).into());
    vec![
        repeat("a megabyte of A", "A", 1 << 20),
        repeat(
            "names over and over",
            "net::ERR_CONNECTION_REFUSED ",
            40_000,
        ),
        repeat("security words over and over", "ssl certificate ", 60_000),
        repeat("digits", "9", 100_000),
        repeat("generate forms", "NS_ERROR_GENERATE_FAILURE(", 10_000),
        repeat("right-to-left overrides", "\u{202e}", 100_000),
        ("invalid UTF-8".to_owned(), [0xff, 0xc3].repeat(100_000)),
        ("NUL bytes".to_owned(), vec![0; 1 << 20]),
    ]
}

#[test]
fn classify_corpus() {
    run("classify", corpus("classify"), checks::classify);
    run("classify", huge(), checks::classify);
}

#[test]
fn host_corpus() {
    run("host", corpus("host"), checks::host);
    run("host", huge(), checks::host);
}

#[test]
fn report_corpus() {
    run("report", corpus("report"), checks::report);
    run("report", huge(), checks::report);
}

#[test]
fn the_documented_reports_pass_the_report_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let replayed = report::replay(&fs::read_to_string(&path).unwrap());
        checks::check_replayed(&replayed.unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    }
}

#[test]
fn garbage_classifies_as_unknown_and_replays_as_an_error() {
    for garbage in [
        "",
        "\0",
        "\u{fffd}\u{fffd}",
        "0x",
        "-",
        "NS_ERROR_GENERATE_FAILURE(",
        "\u{202e}DESUFER_NOITCENNOC_RRE::ten",
    ] {
        assert_eq!(catalog::classify(garbage), Class::Unknown, "{garbage:?}");
        assert!(report::replay(garbage).is_err(), "{garbage:?}");
    }
    let bidi_after = "net::ERR_CONNECTION_REFUSED\u{202e}";
    assert_eq!(
        catalog::classify(bidi_after),
        Class::Unknown,
        "not trimmed away"
    );
    assert_eq!(
        catalog::classify(" net::ERR_CONNECTION_REFUSED\n"),
        Class::ConnectionRefused
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    const DEPTH: usize = 10_000;
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let objects = format!("{}null{}", r#"{"a":"#.repeat(DEPTH), "}".repeat(DEPTH));
    let minimal = r#""failure": {"url": "http://h/", "scheme": "http", "host": "h",
        "error": "net::ERR_FAILED", "time": 1}"#;
    for nested in [&arrays, &objects] {
        // serde_json stops at depth 128 ("recursion limit exceeded"), or
        // earlier where the shape is already wrong.
        for json in [
            nested.clone(),
            format!(r#"{{"version": 1, "failure": {nested}}}"#),
        ] {
            let error = report::replay(&json).unwrap_err();
            assert!(error.starts_with("not a NetWhy report"), "{error}");
        }
        // Ignored fields are skipped without recursing, at any depth; where a
        // struct's fields all have defaults, nested unknown keys are ignored.
        for json in [
            format!(r#"{{"version": 1, "x": {nested}, {minimal}}}"#),
            format!(r#"{{"version": 1, "diagnosis": {nested}, {minimal}}}"#),
            format!(r#"{{"version": 1, "evidence": {{"proxy": {nested}}}, {minimal}}}"#),
        ] {
            if let Ok(replayed) = report::replay(&json) {
                checks::check_replayed(&replayed);
            }
        }
    }
    // Unclosed: runs out of input at the limit too.
    assert!(report::replay(&"[".repeat(1 << 20)).is_err());
}

#[test]
fn reports_with_huge_strings_and_arrays_replay() {
    let big = "a".repeat(1 << 18);
    let many = |item: serde_json::Value| serde_json::Value::Array(vec![item; 5_000]);
    for (error, host) in [
        ("net::ERR_NAME_NOT_RESOLVED", big.as_str()),
        ("net::ERR_BLOCKED_BY_CLIENT", "example.com"),
        (big.as_str(), "127.0.0.1"),
    ] {
        let report = serde_json::json!({
            "version": 1,
            "failure": {"url": format!("http://{host}/"), "scheme": "http", "host": host,
                "port": 80, "error": error, "time": 1e6, "started": 1e6 - 5.0},
            "evidence": {
                "online": true,
                "proxy": {"mode": "fixed_servers", "server": big, "levelOfControl": "controlled_by_other_extensions"},
                "proxyErrors": many(serde_json::json!({"error": big.get(..1000), "time": 1e6 - 1.0})),
                "extensions": many(serde_json::json!({"id": "x", "name": "Blocker",
                    "permissions": ["declarativeNetRequest", "proxy"]})),
                "history": {"otherHostsOk": 3, "similarHost": big},
                "dns": {"addresses": many("0.0.0.0".into()), "error": big},
            },
        });
        let replayed = report::replay(&report.to_string()).unwrap();
        checks::check_replayed(&replayed);
    }
}
