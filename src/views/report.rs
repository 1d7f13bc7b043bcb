//! The report: a failure, its evidence and the page's diagnosis, as the
//! documented JSON of `docs/report.md`. Users can save one from the page and
//! `diagnose REPORT.json` replays it: the diagnosis is recomputed from the
//! failure and evidence, never trusted from the file.

use serde::{Deserialize, Serialize};

use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::diagnosis::{diagnose, Diagnosis, Finding};
use crate::evidence::failure::Failure;
use crate::evidence::host::HostKind;
use crate::evidence::Evidence;
use crate::i18n::{English, Messages, Text};

/// The report format this build writes. Version 2 added evidence NetWhy
/// goes and gets (probes, the system resolver's lookup, the captive portal,
/// the address a site loaded from); every field it added is optional, so a
/// version 1 report reads as one without them.
pub const VERSION: u32 = 2;
/// The oldest version this build still reads.
pub const OLDEST_READ: u32 = 1;

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

    /// Reads a report, checking its version.
    pub fn parse(json: &str) -> Result<Report, String> {
        let report: Report =
            serde_json::from_str(json).map_err(|e| format!("not a NetWhy report: {e}"))?;
        if !(OLDEST_READ..=VERSION).contains(&report.version) {
            return Err(format!(
                "report version {} is not supported (this build reads versions {OLDEST_READ} to {VERSION})",
                report.version
            ));
        }
        Ok(report)
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
            (r#"{"version": 3, "failure": {}}"#, "not a NetWhy report"),
        ] {
            let error = replay(input).unwrap_err();
            assert!(error.contains(expected), "{input:?} gave {error:?}");
        }
        let future = MINIMAL.replace(r#""version": 1"#, r#""version": 3"#);
        assert!(replay(&future)
            .unwrap_err()
            .contains("version 3 is not supported"));
        let current = MINIMAL.replace(r#""version": 1"#, r#""version": 2"#);
        assert!(replay(&current).is_ok(), "this version");
        assert!(replay(MINIMAL).is_ok(), "version 1 still reads");
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
