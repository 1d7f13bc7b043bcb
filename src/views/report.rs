//! The report: a failure, its evidence and the page's diagnosis, as the
//! documented JSON of `docs/report.md`. Users can save one from the page and
//! `diagnose REPORT.json` replays it: the diagnosis is recomputed from the
//! failure and evidence, never trusted from the file.

use serde::{Deserialize, Serialize};

use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::diagnosis::{diagnose, Diagnosis, Finding};
use crate::evidence::failure::{effective_port, Failure};
use crate::evidence::host::HostKind;
use crate::evidence::Evidence;
use crate::i18n::{English, Messages, Text};

/// The report format this build writes: 2 added how each recent load
/// failed and how long loads took (`LoadSummary`), and made only `url`,
/// `error` and `time` required in the failure.
pub const VERSION: u32 = 2;
/// Every version this build reads: a version-1 report is a version-2 one
/// without the newer fields.
pub const READS: &[u32] = &[1, 2];

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub version: u32,
    pub failure: Failure,
    #[serde(default)]
    pub evidence: Evidence,
    /// One line for people: what failed and the likeliest cause, in the
    /// language of the page that wrote it. Ignored when read back.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Written for people reading the file; ignored when read back.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

impl Report {
    /// A report of `failure` and `evidence`, diagnosed.
    pub fn new(failure: Failure, evidence: Evidence) -> Report {
        let diagnosis = Some(diagnose(&failure, &evidence));
        Report {
            version: VERSION,
            failure,
            evidence,
            summary: None,
            diagnosis,
        }
    }

    /// The report with its one-line summary written in `messages`' language:
    /// "URL: the class title. Most likely: the top cause's title."
    pub fn summarized(mut self, messages: &dyn Messages) -> Report {
        let top = self.diagnosis.as_ref().and_then(|d| d.causes.first());
        let class = self.failure.class();
        let args = [
            self.failure.url.clone(),
            Text::new(class.title_key()).resolve(messages),
            top.map_or_else(String::new, |f| {
                Text::new(f.cause.title_key()).resolve(messages)
            }),
        ];
        self.summary = Some(Text::with("report_summary", args).resolve(messages));
        self
    }

    /// Reads a report, checking its version. What a pasted failure leaves
    /// out and its URL gives (scheme, host, port) is taken from the URL, or
    /// for the port, the scheme's default: never shown as "port 0".
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(json: &str) -> Result<Report, String> {
        let mut report: Report =
            serde_json::from_str(json).map_err(|e| format!("not a NetWhy report: {e}"))?;
        if !READS.contains(&report.version) {
            return Err(format!(
                "report version {} is not supported (this build reads versions {READS:?})",
                report.version
            ));
        }
        complete_from_url(&mut report.failure);
        Ok(report)
    }
}

/// Fills the failure's scheme, host and port from its URL where it left
/// them out. The browser's `URL` parser split it when the page wrote the
/// report; here the `url` crate, which follows the same standard, does.
#[cfg(not(target_arch = "wasm32"))]
fn complete_from_url(failure: &mut Failure) {
    let parsed = url::Url::parse(&failure.url).ok();
    if failure.scheme.is_empty() {
        failure.scheme = parsed.as_ref().map_or("", |u| u.scheme()).to_owned();
    }
    if failure.host.is_empty() {
        // `URL.hostname` keeps an IPv6 literal's brackets, as `host_str` does.
        failure.host = parsed
            .as_ref()
            .and_then(|u| u.host_str())
            .unwrap_or("")
            .to_owned();
    }
    if failure.port == 0 {
        failure.port = parsed
            .and_then(|u| u.port())
            .unwrap_or_else(|| effective_port(&failure.scheme, 0));
    }
}

/// The diagnosis of a replayed report, with every text resolved to English.
#[derive(Serialize)]
struct Replayed {
    class: Class,
    host: HostKind,
    causes: Vec<ReplayedCause>,
}

#[derive(Serialize)]
struct ReplayedCause {
    cause: Cause,
    confidence: u8,
    title: String,
    evidence: Vec<ResolvedText>,
    steps: Vec<ResolvedText>,
}

#[derive(Serialize)]
struct ResolvedText {
    key: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    args: Vec<String>,
    text: String,
}

impl ResolvedText {
    fn of(text: &Text) -> ResolvedText {
        ResolvedText {
            key: text.key.clone(),
            args: text.args.clone(),
            text: text.resolve(&English),
        }
    }
}

impl ReplayedCause {
    fn of(finding: &Finding) -> ReplayedCause {
        ReplayedCause {
            cause: finding.cause,
            confidence: finding.confidence,
            title: Text::new(finding.cause.title_key()).resolve(&English),
            evidence: finding.evidence.iter().map(ResolvedText::of).collect(),
            steps: finding.steps.iter().map(ResolvedText::of).collect(),
        }
    }
}

/// Parses a report, diagnoses it afresh and returns the ranked causes as
/// pretty JSON, in English. Malformed input is an `Err` saying what is wrong.
#[cfg(not(target_arch = "wasm32"))]
pub fn replay(report_json: &str) -> Result<String, String> {
    let report = Report::parse(report_json)?;
    let diagnosis = diagnose(&report.failure, &report.evidence);
    let replayed = Replayed {
        class: diagnosis.class,
        host: diagnosis.host,
        causes: diagnosis.causes.iter().map(ReplayedCause::of).collect(),
    };
    serde_json::to_string_pretty(&replayed).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"version": 1, "failure": {"url": "http://127.0.0.1:5173/", "scheme": "http",
        "host": "127.0.0.1", "port": 5173, "error": "net::ERR_CONNECTION_REFUSED", "time": 1000}}"#;

    #[test]
    fn replays_a_minimal_report() {
        let out: serde_json::Value = serde_json::from_str(&replay(MINIMAL).unwrap()).unwrap();
        assert_eq!(out["causes"][0]["cause"], "local-server-down");
        assert_eq!(out["host"], "loopback");
        let step = &out["causes"][0]["steps"][0];
        assert_eq!(step["key"], "step_start_dev_server");
        assert!(step["text"].as_str().unwrap().contains("5173"), "{step}");
    }

    #[test]
    fn explains_bad_input_without_panicking() {
        for (input, expected) in [
            ("", "not a NetWhy report"),
            ("{", "not a NetWhy report"),
            ("[]", "not a NetWhy report"),
            (r#"{"version": 1}"#, "missing field `failure`"),
            (r#"{"version": 2, "failure": {}}"#, "not a NetWhy report"),
            (
                r#"{"version": 2, "failure": {"url": "x"}}"#,
                "missing field `error`",
            ),
        ] {
            let error = replay(input).unwrap_err();
            assert!(error.contains(expected), "{input:?} gave {error:?}");
        }
        let future = MINIMAL.replace(r#""version": 1"#, r#""version": 3"#);
        assert!(replay(&future)
            .unwrap_err()
            .contains("version 3 is not supported"));
        let current = MINIMAL.replace(r#""version": 1"#, r#""version": 2"#);
        assert!(replay(&current).is_ok(), "both versions read");
    }

    #[test]
    fn takes_what_a_pasted_failure_leaves_out_from_its_url() {
        let parse = |failure: &str| {
            Report::parse(&format!(r#"{{"version": 2, "failure": {failure}}}"#))
                .unwrap()
                .failure
        };
        let bare = parse(
            r#"{"url": "https://example.com/a?b", "error": "net::ERR_TIMED_OUT", "time": 5}"#,
        );
        assert_eq!(
            (bare.scheme.as_str(), bare.host.as_str(), bare.port),
            ("https", "example.com", 443)
        );
        let explicit =
            parse(r#"{"url": "http://[::1]:5173/", "error": "x", "time": 5, "port": null}"#);
        assert_eq!((explicit.host.as_str(), explicit.port), ("[::1]", 5173));
        let given = parse(
            r#"{"url": "http://a.example:81/", "scheme": "http", "host": "a.example",
            "port": 8080, "error": "x", "time": 5, "method": null, "fromCache": null}"#,
        );
        assert_eq!(
            (given.port, given.method.as_str()),
            (8080, "GET"),
            "given fields stay"
        );
        let junk = parse(r#"{"url": "not a url", "error": "x", "time": 5}"#);
        assert_eq!((junk.host.as_str(), junk.port), ("", 80));
        let replayed = replay(
            r#"{"version": 1, "failure": {"url": "http://127.0.0.1:5173/",
            "error": "net::ERR_CONNECTION_REFUSED", "time": 1000}}"#,
        )
        .unwrap();
        assert!(
            replayed.contains("port 5173") && !replayed.contains("port 0"),
            "{replayed}"
        );
    }

    #[test]
    fn every_evidence_field_may_be_null() {
        let report = Report::parse(
            r#"{"version": 2, "failure": {"url": "https://example.com/", "error": "net::ERR_CONNECTION_RESET",
            "time": 1000, "ip": null, "started": null},
            "evidence": {"online": null, "proxy": {"mode": null, "server": null, "levelOfControl": null},
            "proxyErrors": null, "extensions": [{"id": null, "name": null, "enabled": null,
            "permissions": null, "optionsUrl": null, "mayDisable": null}],
            "history": {"lastSuccessAgoMs": null, "otherHostsOk": null, "otherHostsFailing": null,
            "lastOtherSuccessAgoMs": null, "similarHost": null, "otherHostsFailingAt": null,
            "lastSuccessMs": null, "siteLoaded": null, "siteFailed": null, "networkChangedAgoMs": null},
            "dns": {"addresses": null, "error": null}, "platform": {"browser": null, "os": null}}}"#,
        )
        .unwrap();
        assert!(report.evidence.proxy_errors.is_empty());
        assert!(
            report.evidence.extensions.unwrap()[0].enabled,
            "unknown reads as on"
        );
        let nulls = r#"{"version": 2, "failure": {"url": "https://example.com/", "error": "x", "time": 1},
            "evidence": {"proxyErrors": [{"error": null, "time": null}], "history": null, "dns": null,
            "extensions": null, "platform": null, "proxy": null}}"#;
        assert!(replay(nulls).is_ok());
    }

    #[test]
    fn summarizes_in_one_line_and_replays_with_the_summary_in_it() {
        let report = Report::parse(MINIMAL).unwrap();
        let written = Report::new(report.failure, report.evidence).summarized(&English);
        let summary = written.summary.clone().unwrap();
        assert!(summary.contains("http://127.0.0.1:5173/"), "{summary}");
        assert!(
            summary.contains("Nothing is running at this address"),
            "{summary}"
        );
        let json = serde_json::to_string(&written).unwrap();
        assert!(replay(&json).is_ok());
    }

    #[test]
    fn ignores_the_stored_diagnosis_and_writes_a_fresh_one() {
        let with_junk = MINIMAL.replace(
            r#""version": 1,"#,
            r#""version": 1, "diagnosis": "anything", "expect": 5,"#,
        );
        assert!(replay(&with_junk).is_ok());
        let report = Report::parse(MINIMAL).unwrap();
        let written = serde_json::to_value(Report::new(report.failure, report.evidence)).unwrap();
        assert_eq!(
            written["diagnosis"]["causes"][0]["cause"],
            "local-server-down"
        );
        assert_eq!(written["version"], VERSION);
    }
}
