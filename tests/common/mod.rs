//! What the cause tests share: failures and evidence written as JSON, as a
//! report has them, and the check of one cause against the diagnosis.
#![allow(dead_code)] // each test file uses its own part of it

use netwhy::diagnosis::cause::Cause;
use netwhy::diagnosis::diagnose;
use netwhy::evidence::failure::Failure;
use netwhy::evidence::Evidence;
use serde_json::{json, Value};

pub const T: f64 = 1_767_225_600_000.0;

/// What a case expects of its cause.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expect {
    /// The first cause.
    Top,
    /// Among the causes.
    Listed,
    /// Not among them.
    Absent,
}
pub use Expect::*;

/// A failure of `url` with `error`, `ms` after it started.
pub fn failure(url: &str, error: &str, ms: f64) -> Value {
    let parsed = url::Url::parse(url).unwrap();
    json!({
        "url": url, "scheme": parsed.scheme(), "host": parsed.host_str().unwrap(),
        "port": parsed.port_or_known_default().unwrap(), "error": error,
        "time": T, "started": T - ms,
    })
}

/// A summary in which other sites load, plus `extra` fields.
pub fn others_load(extra: Value) -> Value {
    let mut history = json!({"otherHostsOk": 3, "lastOtherSuccessAgoMs": 20_000});
    history
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    history
}

pub fn vpn_extension(name: &str) -> Value {
    json!([{"id": "abcdefghijklmnopabcdefghijklmnop", "name": name, "permissions": ["proxy"]}])
}

pub fn extension_proxy() -> Value {
    json!({"mode": "fixed_servers", "server": "nl.vpn.example:443",
        "levelOfControl": "controlled_by_other_extensions"})
}

pub fn check(case: &str, failure: Value, evidence: Value, cause: Cause, expect: Expect) {
    let failure: Failure = serde_json::from_value(failure).unwrap();
    let evidence: Evidence = serde_json::from_value(evidence).unwrap();
    let causes: Vec<(Cause, u8)> = diagnose(&failure, &evidence)
        .causes
        .iter()
        .map(|f| (f.cause, f.confidence))
        .collect();
    let at = causes.iter().position(|(c, _)| *c == cause);
    let ok = match expect {
        Top => at == Some(0),
        Listed => at.is_some(),
        Absent => at.is_none(),
    };
    assert!(ok, "{case}: expected {cause} {expect:?}, got {causes:?}");
}
