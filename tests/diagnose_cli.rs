//! The `diagnose` binary, run as a user would.

use std::process::{Command, Output};

use serde_json::Value;

fn diagnose(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .args(args)
        .output()
        .expect("diagnose runs")
}

/// `--explain ERROR`: exactly one line, one JSON object.
fn explain(error: &str) -> Value {
    let output = diagnose(&["--explain", error]);
    assert!(
        output.status.success(),
        "{error}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    serde_json::from_str(stdout.trim_end()).unwrap()
}

#[test]
fn explains_a_chromium_error() {
    let json = explain("net::ERR_CONNECTION_REFUSED");
    assert_eq!(json["name"], "ERR_CONNECTION_REFUSED");
    assert_eq!(json["code"], -102);
    assert_eq!(json["browser"], "chromium");
    assert_eq!(json["class"], "connection-refused");
    assert_eq!(json["retryable"], true);
    assert_eq!(json["certificate"], false);
    assert_eq!(json["intercepted"], true);
    assert_eq!(json["title"], "The server refused the connection");
    assert!(json["explanation"]
        .as_str()
        .is_some_and(|s| s.ends_with('.')));
    assert!(json["detail"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(json["legacy"], false);
}

#[test]
fn explains_firefox_spellings_alike() {
    for spelling in [
        "0x804B000D",
        "Error code 2152398861",
        "NS_ERROR_CONNECTION_REFUSED",
    ] {
        let json = explain(spelling);
        assert_eq!(json["name"], "NS_ERROR_CONNECTION_REFUSED", "{spelling}");
        assert_eq!(json["code"], 0x804B000D_i64);
        assert_eq!(json["code_hex"], "0x804B000D");
        assert_eq!(json["browser"], "firefox");
        assert_eq!(json["class"], "connection-refused");
    }
}

#[test]
fn explains_a_firefox_certificate_sentence() {
    let json = explain("Peer’s Certificate has expired.");
    assert_eq!(json["class"], "certificate");
    assert_eq!(json["certificate"], true);
    assert_eq!(json["intercepted"], false);
    assert_eq!(json["name"], "SEC_ERROR_EXPIRED_CERTIFICATE");
    assert!(json["title"].as_str().is_some_and(|s| !s.is_empty()));
}

#[test]
fn unknown_errors_explain_as_unknown() {
    let json = explain("net::ERR_SOMETHING_FROM_THE_FUTURE");
    assert_eq!(json["class"], "unknown");
    assert_eq!(json["name"], Value::Null);
}

#[test]
fn explains_every_entry() {
    let output = diagnose(&["--explain", "--all"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), netwhy::catalog::entries().count());
    let mut names = std::collections::HashSet::new();
    for line in lines {
        let json: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            json["class"].is_string() && json["title"].is_string(),
            "{line}"
        );
        assert!(
            names.insert(json["name"].as_str().unwrap().to_owned()),
            "{line}"
        );
    }
}

#[test]
fn bad_arguments_give_usage_and_fail() {
    for args in [
        &[][..],
        &["--explain"],
        &["--explain", "a", "b"],
        &["--explain", "--bogus"],
        &["--frobnicate"],
    ] {
        let output = diagnose(args);
        assert!(!output.status.success(), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("usage:"),
            "{args:?}"
        );
    }
}

/// A scenario fixture, as a user would save a report from the page.
const PROXY_REPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/reports/chromium-command-line-proxy.json"
);

#[test]
fn replays_a_report_file_and_standard_input_alike() {
    let from_file = diagnose(&[PROXY_REPORT]);
    assert!(
        from_file.status.success(),
        "{}",
        String::from_utf8_lossy(&from_file.stderr)
    );
    let json: Value = serde_json::from_slice(&from_file.stdout).unwrap();
    assert_eq!(json["causes"][0]["cause"], "proxy-problem");
    assert!(json["causes"][0]["title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));

    let mut child = Command::new(env!("CARGO_BIN_EXE_diagnose"))
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("diagnose runs");
    let report = std::fs::read(PROXY_REPORT).unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &report).unwrap();
    let from_stdin = child.wait_with_output().unwrap();
    assert!(from_stdin.status.success());
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn rejects_a_broken_report_with_a_message() {
    let missing = diagnose(&["/nonexistent/report.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("reading /nonexistent/report.json"));
    let dir = std::env::temp_dir().join(format!("netwhy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"version\": 1}").unwrap();
    let output = diagnose(&[broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a NetWhy report"));
    std::fs::remove_dir_all(dir).unwrap();
}
