//! The report: a failure, its evidence and the page's diagnosis, as the
//! documented JSON of `docs/report.md`. Users can save one from the page and
//! `diagnose REPORT.json` replays it: the diagnosis is recomputed from the
//! failure and evidence, never trusted from the file.

use serde::{Deserialize, Serialize};

use crate::diagnosis::{diagnose, Diagnosis};
use crate::evidence::failure::Failure;
use crate::evidence::{Evidence, ProxyMode};
use crate::i18n::{Messages, Text};

/// The report format this build writes: 2 (NetWhy 0.1.0) added how each
/// recent load failed and how long loads took (`LoadSummary`), and made only
/// `url`, `error` and `time` required in the failure; 3 added the evidence
/// NetWhy goes and gets (probes, the system resolver's lookup, the captive
/// portal, the address a site loaded from) and the causes found with it.
pub const VERSION: u32 = 3;
/// Every version this build reads: an older report is a newer one without
/// the newer fields.
pub const READS: &[u32] = &[1, 2, 3];

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

    /// The report the page copies for the user to share: the failure and
    /// its evidence less what the user did not choose to share. The URL
    /// loses its query and fragment (tokens, session ids) unless `full_url`;
    /// only the extensions the diagnosis blames are listed, without their
    /// options page (a per-profile id in Firefox); a PAC script's URL is
    /// reduced to its host. Replayed, it gets the same diagnosis.
    pub fn shared(mut failure: Failure, mut evidence: Evidence, full_url: bool) -> Report {
        let blamed: Vec<String> = diagnose(&failure, &evidence)
            .causes
            .into_iter()
            .flat_map(|finding| finding.extensions)
            .collect();
        if let Some(extensions) = &mut evidence.extensions {
            extensions.retain(|extension| blamed.contains(&extension.id));
            for extension in extensions {
                extension.options_url = None;
            }
        }
        if let Some(proxy) = &mut evidence.proxy {
            if proxy.mode == ProxyMode::PacScript {
                proxy.server = proxy.server.as_deref().map(host_of);
            }
        }
        if !full_url {
            let end = without_query(&failure.url).len();
            failure.url.truncate(end);
        }
        Report::new(failure, evidence)
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
}

/// Reading a report back and replaying it: only the command line (and the
/// tests) do, so the wasm modules leave it out.
#[cfg(not(target_arch = "wasm32"))]
#[path = "replay.rs"]
mod replaying;
#[cfg(not(target_arch = "wasm32"))]
pub use replaying::replay;

/// `url` up to its query (`?`) or fragment (`#`). The browser's `URL`
/// writes neither character unescaped before them in an http(s) URL.
pub fn without_query(url: &str) -> &str {
    url.find(['?', '#']).map_or(url, |end| &url[..end])
}

/// Whether `url` has a query or a fragment to leave out.
pub fn has_query(url: &str) -> bool {
    without_query(url).len() < url.len()
}

/// The host of `url` (`http://user@pac.example:8080/x.pac?k` gives
/// `pac.example`), or its scheme (`data:`, `file:`) when it names no host.
fn host_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url
            .split_inclusive(':')
            .next()
            .unwrap_or_default()
            .to_owned();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => format!("[{}]", v6.split(']').next().unwrap_or_default()),
        None => host_port.split(':').next().unwrap_or_default().to_owned(),
    };
    if host.is_empty() {
        format!("{scheme}:")
    } else {
        host
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::English;

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
        let future = MINIMAL.replace(r#""version": 1"#, r#""version": 4"#);
        assert!(replay(&future)
            .unwrap_err()
            .contains("version 4 is not supported"));
        for version in READS {
            let older = MINIMAL.replace(r#""version": 1"#, &format!(r#""version": {version}"#));
            assert!(replay(&older).is_ok(), "version {version} reads");
        }
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
            r#"{"version": 3, "failure": {"url": "https://example.com/", "error": "net::ERR_CONNECTION_RESET",
            "time": 1000, "ip": null, "started": null},
            "evidence": {"online": null, "proxy": {"mode": null, "server": null, "levelOfControl": null},
            "proxyErrors": null, "extensions": [{"id": null, "name": null, "enabled": null,
            "permissions": null, "optionsUrl": null, "mayDisable": null}],
            "history": {"lastSuccessAgoMs": null, "otherHostsOk": null, "otherHostsFailing": null,
            "lastOtherSuccessAgoMs": null, "similarHost": null, "otherHostsFailingAt": null,
            "lastSuccessMs": null, "siteLoaded": null, "siteFailed": null, "networkChangedAgoMs": null,
            "loadedFrom": null, "loadedFromAgoMs": null},
            "dns": {"addresses": null, "error": null, "trr": null, "bypassedCache": null},
            "systemDns": {"addresses": null, "error": null, "isTRR": null, "bypassedCache": null},
            "probes": [{"host": null, "port": null, "answered": null}],
            "captivePortal": {"state": null, "canonicalUrl": null},
            "platform": {"browser": null, "os": null}}}"#,
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

    #[test]
    fn a_shared_report_keeps_only_what_the_user_chose_to_share() {
        let report: Report = serde_json::from_value(serde_json::json!({
            "version": 1,
            "failure": {"url": "https://shop.example/pay?token=SECRET#frag", "scheme": "https",
                "host": "shop.example", "port": 443, "error": "net::ERR_BLOCKED_BY_CLIENT", "time": 1000},
            "evidence": {
                "extensions": [
                    {"id": "blocker", "name": "Blocker", "permissions": ["declarativeNetRequest"],
                        "optionsUrl": "moz-extension://6f1c-profile-id/options.html"},
                    {"id": "notes", "name": "My Notes", "permissions": ["storage"]},
                ],
                "proxy": {"mode": "pac_script", "levelOfControl": "not_controllable",
                    "server": "https://user:pw@pac.corp.example:8443/proxy.pac?key=SECRET"},
            },
        }))
        .unwrap();
        // As the worker stores it: classified.
        let failure = report.failure.clone().classified();
        let shared =
            Report::shared(failure.clone(), report.evidence.clone(), false).summarized(&English);
        let json = serde_json::to_string(&shared).unwrap();
        assert!(!json.contains("SECRET") && !json.contains("frag"), "{json}");
        assert!(
            !json.contains("My Notes") && !json.contains("profile-id"),
            "{json}"
        );
        assert!(!json.contains("user:pw"), "{json}");
        assert_eq!(shared.failure.url, "https://shop.example/pay");
        assert_eq!(
            shared.evidence.proxy.unwrap().server.unwrap(),
            "pac.corp.example"
        );
        let names: Vec<&str> = shared
            .evidence
            .extensions
            .as_ref()
            .unwrap()
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["Blocker"]);

        // The user's choice: the whole address.
        let full =
            Report::shared(failure.clone(), report.evidence.clone(), true).summarized(&English);
        assert_eq!(
            full.failure.url,
            "https://shop.example/pay?token=SECRET#frag"
        );
        assert!(full.summary.unwrap().contains("token=SECRET"));

        // Replayed, the shared report gets the diagnosis the page showed.
        let fresh = replay(&json).unwrap();
        let original =
            replay(&serde_json::to_string(&Report::new(report.failure, report.evidence)).unwrap())
                .unwrap();
        let causes = |out: &str| {
            serde_json::from_str::<serde_json::Value>(out).unwrap()["causes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["cause"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(causes(&fresh), causes(&original));
    }

    #[test]
    fn cuts_queries_and_finds_hosts_without_a_url_parser() {
        assert_eq!(
            without_query("http://a.example/p?q#f"),
            "http://a.example/p"
        );
        assert_eq!(
            without_query("http://a.example/p#f?q"),
            "http://a.example/p"
        );
        assert_eq!(without_query("http://a.example/"), "http://a.example/");
        assert!(has_query("http://a.example/#") && !has_query("http://a.example/"));
        assert_eq!(host_of("http://wpad/wpad.dat"), "wpad");
        assert_eq!(host_of("http://[fd00::1]:8080/p.pac"), "[fd00::1]");
        assert_eq!(host_of("https://u@h.example?x"), "h.example");
        assert_eq!(host_of("data:application/x-javascript,function"), "data:");
        assert_eq!(host_of("file:///etc/proxy.pac"), "file:");
    }
}
