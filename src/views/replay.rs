//! Reading a report back: its version checked, what a pasted failure left
//! out taken from its URL, and its failure and evidence diagnosed afresh.

use serde::Serialize;

use super::{Report, READS};
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::diagnosis::{diagnose, Finding};
use crate::evidence::failure::{effective_port, Failure};
use crate::evidence::host::HostKind;
use crate::i18n::{English, Text};

impl Report {
    /// Reads a report, checking its version. What a pasted failure leaves
    /// out and its URL gives (scheme, host, port) is taken from the URL, or
    /// for the port, the scheme's default: never shown as "port 0".
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
