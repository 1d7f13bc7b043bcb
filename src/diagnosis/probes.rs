//! What the error page found at other addresses of this computer: a
//! development server that listens on one loopback family only, or that
//! moved to another port.

use std::net::IpAddr;

use super::facts::Facts;
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::host::{parse_address, HostKind};
use crate::evidence::probe::{ProbeResult, NEXT_PORTS};
use crate::i18n::Text;

/// The most found addresses one finding names.
const MAX_NAMED: usize = 3;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let Some(probes) = facts.evidence.probes.as_deref() else {
        return Vec::new();
    };
    let probed = facts.class == Class::ConnectionRefused && facts.host == HostKind::Loopback;
    if !probed || probes.is_empty() {
        return Vec::new();
    }
    // Only loopback answers count: a report is data, and its probes too.
    let answered: Vec<&ProbeResult> = probes
        .iter()
        .filter(|probe| probe.answered && HostKind::of(&probe.host) == HostKind::Loopback)
        .collect();
    if answered.is_empty() {
        return vec![nothing_else(facts, probes.len())];
    }
    let port = facts.failure.port;
    let other_family = answered.iter().find(|probe| probe.port == port);
    let moved: Vec<&ProbeResult> = answered
        .iter()
        .copied()
        .filter(|p| p.port != port)
        .collect();
    let mut findings: Vec<Finding> = other_family
        .map(|probe| on_other_family(facts, probe))
        .into_iter()
        .collect();
    if !moved.is_empty() {
        findings.push(on_another_port(facts, &moved));
    }
    findings
}

/// `host:port` as a person reads it.
fn address(probe: &ProbeResult) -> String {
    format!("{}:{}", probe.host, probe.port)
}

fn is_ipv6(host: &str) -> bool {
    parse_address(host).is_some_and(|ip| matches!(ip, IpAddr::V6(_)))
}

/// The same port answers at the other loopback address.
fn on_other_family(facts: &Facts, probe: &ProbeResult) -> Finding {
    let port = facts.port();
    let (found, step) = if is_ipv6(&probe.host) {
        (EVIDENCE_ANSWERS_ON_IPV6, STEP_LISTEN_ON_IPV4_TOO)
    } else {
        (EVIDENCE_ANSWERS_ON_IPV4, STEP_LISTEN_ON_IPV6_TOO)
    };
    Finding::new(Cause::ServerOnOtherFamily, 96)
        .because(Text::with(
            EVIDENCE_NOTHING_AT_ADDRESS,
            [facts.host_name(), port.clone()],
        ))
        .because(Text::with(found, [address(probe)]))
        .step(Text::with(STEP_OPEN_WHERE_IT_ANSWERS, [address(probe)]))
        .step(Text::new(step))
}

/// Another port answers: next to the failed one (a server that found its
/// port taken moves there), or a usual development port (perhaps another
/// project, so less sure).
fn on_another_port(facts: &Facts, moved: &[&ProbeResult]) -> Finding {
    let port = facts.failure.port;
    let nearest = moved
        .iter()
        .copied()
        .filter(|probe| probe.port > port && probe.port - port <= NEXT_PORTS)
        .min_by_key(|probe| probe.port);
    let first = nearest.or(moved.first().copied());
    let mut finding = Finding::new(
        Cause::ServerOnAnotherPort,
        if nearest.is_some() { 94 } else { 60 },
    )
    .because(Text::with(
        EVIDENCE_NOTHING_AT_ADDRESS,
        [facts.host_name(), facts.port()],
    ));
    // The nearest first, then the rest in the order the plan asked them.
    let named = first
        .into_iter()
        .chain(moved.iter().copied().filter(|p| Some(*p) != first))
        .take(MAX_NAMED);
    for probe in named {
        finding = finding.because(Text::with(EVIDENCE_ANSWERS_AT, [address(probe)]));
    }
    finding = if nearest.is_some() {
        finding.because(Text::new(EVIDENCE_MOVES_TO_NEXT_PORT))
    } else {
        finding.because(Text::new(EVIDENCE_USUAL_DEV_PORT))
    };
    let shown = first.map(address).unwrap_or_default();
    finding
        .step(Text::with(STEP_OPEN_WHERE_IT_ANSWERS, [shown]))
        .step(Text::new(STEP_CHECK_PORT))
}

/// Nothing answered anywhere nearby: the server is not running at all,
/// which makes "start it" the answer.
fn nothing_else(facts: &Facts, checked: usize) -> Finding {
    Finding::new(Cause::LocalServerDown, 0)
        .because(Text::with(
            EVIDENCE_NOTHING_ELSE_ANSWERS,
            [checked.to_string()],
        ))
        .step(Text::with(STEP_START_DEV_SERVER, [facts.port()]))
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::cause::Cause;
    use crate::diagnosis::diagnose;
    use crate::evidence::failure::Failure;
    use crate::evidence::probe::{plan, ProbeResult};
    use crate::evidence::Evidence;

    fn refused(host: &str, port: u16) -> Failure {
        serde_json::from_value(serde_json::json!({
            "url": format!("http://{host}:{port}/"), "scheme": "http", "host": host, "port": port,
            "error": "net::ERR_CONNECTION_REFUSED", "time": 1.0,
        }))
        .map(Failure::classified)
        .unwrap()
    }

    /// The plan for `failure`, answered where `answers` lists `host:port`.
    fn probed(failure: &Failure, answers: &[&str]) -> Evidence {
        let probes = plan(failure)
            .into_iter()
            .map(|probe| ProbeResult {
                answered: answers.contains(&format!("{}:{}", probe.host, probe.port).as_str()),
                host: probe.host,
                port: probe.port,
            })
            .collect();
        Evidence {
            probes: Some(probes),
            ..Evidence::default()
        }
    }

    fn top(failure: &Failure, evidence: &Evidence) -> (Cause, Vec<String>) {
        let diagnosis = diagnose(failure, evidence);
        let top = &diagnosis.causes[0];
        let args = top.evidence.iter().flat_map(|t| t.args.clone()).collect();
        (top.cause, args)
    }

    #[test]
    fn names_the_other_family_in_both_directions() {
        let v4 = refused("127.0.0.1", 5173);
        let (cause, args) = top(&v4, &probed(&v4, &["[::1]:5173"]));
        assert_eq!(cause, Cause::ServerOnOtherFamily);
        assert!(args.contains(&"[::1]:5173".to_owned()), "{args:?}");
        let v6 = refused("[::1]", 5173);
        let (cause, args) = top(&v6, &probed(&v6, &["127.0.0.1:5173"]));
        assert_eq!(cause, Cause::ServerOnOtherFamily);
        assert!(args.contains(&"127.0.0.1:5173".to_owned()), "{args:?}");
    }

    #[test]
    fn names_the_next_port_first_and_a_usual_port_only_as_a_maybe() {
        let failure = refused("127.0.0.1", 5173);
        let (cause, args) = top(
            &failure,
            &probed(&failure, &["127.0.0.1:3000", "[::1]:5174"]),
        );
        assert_eq!(cause, Cause::ServerOnAnotherPort);
        assert_eq!(args[2], "[::1]:5174", "the nearest first: {args:?}");
        assert!(args.contains(&"127.0.0.1:3000".to_owned()));

        let (cause, _) = top(&failure, &probed(&failure, &["127.0.0.1:3000"]));
        assert_eq!(cause, Cause::LocalServerDown, "3000 may be another project");
        let diagnosis = diagnose(&failure, &probed(&failure, &["127.0.0.1:3000"]));
        assert_eq!(diagnosis.causes[1].cause, Cause::ServerOnAnotherPort);
    }

    #[test]
    fn nothing_answering_strengthens_start_your_server() {
        let failure = refused("localhost", 5174);
        let diagnosis = diagnose(&failure, &probed(&failure, &[]));
        assert_eq!(diagnosis.causes.len(), 1);
        let top = &diagnosis.causes[0];
        assert_eq!((top.cause, top.confidence), (Cause::LocalServerDown, 92));
        assert!(top
            .evidence
            .iter()
            .any(|t| t.key == super::EVIDENCE_NOTHING_ELSE_ANSWERS && t.args == ["20"]));
    }

    #[test]
    fn ignores_answers_from_anywhere_but_this_computer() {
        let failure = refused("127.0.0.1", 5173);
        let forged = Evidence {
            probes: Some(vec![ProbeResult {
                host: "198.51.100.1".into(),
                port: 5174,
                answered: true,
            }]),
            ..Evidence::default()
        };
        assert_eq!(top(&failure, &forged).0, Cause::LocalServerDown);
        let public = refused("example.com", 5173);
        assert_eq!(
            diagnose(&public, &probed(&failure, &["127.0.0.1:5174"])).causes[0].cause,
            Cause::ServerDown,
            "probes of another failure say nothing here"
        );
    }
}
