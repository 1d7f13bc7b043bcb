//! The error page's search for a development server elsewhere on this
//! computer, as data: what is being checked, what answered, and the Open
//! buttons. Built again each time a probe answers, so the page can show
//! answers as they arrive.

use serde::Serialize;

use crate::diagnosis::keys::EVIDENCE_ANSWERS_AT;
use crate::evidence::failure::Failure;
use crate::evidence::host::HostKind;
use crate::evidence::probe::{alternative_url, Probe, ProbeResult, PROBE_TIMEOUT_MS};
use crate::i18n::Text;

/// The most alternatives the page offers to open.
pub const MAX_ALTERNATIVES: usize = 3;

/// What the page shows about its probes, in an `aria-live` region.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbePanel {
    /// The addresses to ask (the page sends these requests).
    pub plan: Vec<Probe>,
    /// How long each may take, in ms.
    pub timeout_ms: u32,
    /// "Looking at N addresses…" while nothing answered and some are
    /// pending; "Nothing answers at the N addresses" once all are in and
    /// none answered; none once something answered (the answers say it).
    pub status: Option<Text>,
    /// Where a server answers, each with its Open button, in plan order.
    pub alternatives: Vec<Alternative>,
    /// Whether every probe has come back.
    pub done: bool,
}

/// A loopback address where a server answers, and the failed page there.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    /// `host:port`, as shown (`[::1]:5174`).
    pub address: String,
    /// "A server answers at [::1]:5174."
    pub found: Text,
    /// The button's label: "Open [::1]:5174".
    pub label: Text,
    /// The failed URL's path and query at that address: what Open loads
    /// (action `open-alternative`).
    pub url: String,
}

impl ProbePanel {
    /// The panel for `failure` with the `results` in so far, or `None`
    /// when its plan is empty (nothing to look for).
    pub fn new(failure: &Failure, plan: Vec<Probe>, results: &[ProbeResult]) -> Option<ProbePanel> {
        if plan.is_empty() {
            return None;
        }
        // Only answers to this plan count: a stored record is data.
        let answered = |probe: &Probe| {
            results
                .iter()
                .any(|r| r.answered && r.host == probe.host && r.port == probe.port)
        };
        let alternatives: Vec<Alternative> = plan
            .iter()
            .filter(|probe| HostKind::of(&probe.host) == HostKind::Loopback && answered(probe))
            .filter_map(|probe| {
                let address = format!("{}:{}", probe.host, probe.port);
                Some(Alternative {
                    url: alternative_url(failure, &probe.host, probe.port)?,
                    found: Text::with(EVIDENCE_ANSWERS_AT, [&address]),
                    label: Text::with("action_open_alternative", [&address]),
                    address,
                })
            })
            .take(MAX_ALTERNATIVES)
            .collect();
        let returned = plan
            .iter()
            .filter(|probe| {
                results
                    .iter()
                    .any(|r| r.host == probe.host && r.port == probe.port)
            })
            .count();
        let done = returned == plan.len();
        let count = plan.len().to_string();
        let status = match (alternatives.is_empty(), done) {
            (false, _) => None,
            (true, false) => Some(Text::with("probe_checking", [count])),
            (true, true) => Some(Text::with("probe_none", [count])),
        };
        Some(ProbePanel {
            plan,
            timeout_ms: PROBE_TIMEOUT_MS,
            status,
            alternatives,
            done,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::probe::plan;
    use crate::i18n::English;

    fn refused(url: &str, host: &str, port: u16) -> Failure {
        serde_json::from_value(serde_json::json!({
            "url": url, "scheme": "http", "host": host, "port": port,
            "error": "net::ERR_CONNECTION_REFUSED", "time": 1.0,
        }))
        .map(Failure::classified)
        .unwrap()
    }

    fn result(host: &str, port: u16, answered: bool) -> ProbeResult {
        ProbeResult {
            host: host.into(),
            port,
            answered,
        }
    }

    #[test]
    fn says_what_it_checks_then_what_answered() {
        let failure = refused("http://127.0.0.1:5173/app?x=1", "127.0.0.1", 5173);
        let panel =
            |results: &[ProbeResult]| ProbePanel::new(&failure, plan(&failure), results).unwrap();
        let start = panel(&[]);
        assert!(!start.done && start.alternatives.is_empty());
        assert_eq!(
            start.status.unwrap().resolve(&English),
            "Looking for your server at 17 other addresses on this computer…"
        );

        let found = panel(&[result("[::1]", 5174, true), result("[::1]", 5173, false)]);
        assert_eq!(found.status, None, "the answer speaks for itself");
        assert!(!found.done);
        assert_eq!(found.alternatives[0].url, "http://[::1]:5174/app?x=1");
        assert_eq!(
            found.alternatives[0].label.resolve(&English),
            "Open [::1]:5174"
        );

        let all: Vec<ProbeResult> = plan(&failure)
            .into_iter()
            .map(|p| result(&p.host, p.port, false))
            .collect();
        let none = panel(&all);
        assert!(none.done);
        assert_eq!(
            none.status.unwrap().resolve(&English),
            "Nothing answers at the 17 other addresses checked on this computer."
        );
    }

    #[test]
    fn offers_only_planned_loopback_answers_and_at_most_three() {
        let failure = refused("http://localhost:5173/", "localhost", 5173);
        let forged = [
            result("198.51.100.1", 5174, true),
            result("127.0.0.1", 9, true),
        ];
        let panel = ProbePanel::new(&failure, plan(&failure), &forged).unwrap();
        assert!(panel.alternatives.is_empty());
        let everything: Vec<ProbeResult> = plan(&failure)
            .into_iter()
            .map(|p| result(&p.host, p.port, true))
            .collect();
        let panel = ProbePanel::new(&failure, plan(&failure), &everything).unwrap();
        assert_eq!(panel.alternatives.len(), MAX_ALTERNATIVES);
        assert!(ProbePanel::new(&failure, Vec::new(), &everything).is_none());
    }
}
