//! Orders the findings, most likely first, and keeps those with meaningful support.

use super::facts::Facts;
use super::keys::*;
use super::Finding;
use crate::diagnosis::cause::Cause;
use crate::i18n::Text;

/// Findings less sure than this are noise, not candidates.
const MIN_CONFIDENCE: u8 = 20;
/// A page that lists more than this many causes explains nothing.
const MAX_CAUSES: usize = 4;

/// Merges findings of the same cause, drops the weak ones, and orders the
/// rest by confidence (ties in cause table order). Never empty: with
/// nothing to go on, the answer is `unknown`, with general steps.
pub(super) fn rank(findings: Vec<Finding>, facts: &Facts) -> Vec<Finding> {
    let mut ranked: Vec<Finding> = Vec::new();
    for finding in findings {
        match ranked.iter_mut().find(|kept| kept.cause == finding.cause) {
            Some(kept) => merge(kept, finding),
            None => ranked.push(finding),
        }
    }
    ranked.retain(|finding| finding.confidence >= MIN_CONFIDENCE);
    ranked.sort_by(|a, b| b.confidence.cmp(&a.confidence).then(a.cause.cmp(&b.cause)));
    ranked.truncate(MAX_CAUSES);
    if ranked.is_empty() {
        ranked.push(unknown(facts));
    }
    ranked
}

/// Two rules supporting one cause: the surer one's confidence, everything
/// either says, nothing said twice.
fn merge(kept: &mut Finding, other: Finding) {
    kept.confidence = kept.confidence.max(other.confidence);
    for fact in other.evidence {
        if !kept.evidence.contains(&fact) {
            kept.evidence.push(fact);
        }
    }
    for step in other.steps {
        if !kept.steps.contains(&step) {
            kept.steps.push(step);
        }
    }
    for id in other.extensions {
        if !kept.extensions.contains(&id) {
            kept.extensions.push(id);
        }
    }
}

fn unknown(facts: &Facts) -> Finding {
    Finding::new(Cause::Unknown, 10)
        .because(Text::with(
            EVIDENCE_BROWSER_ERROR,
            [facts.failure.error.clone()],
        ))
        .step(Text::new(STEP_RETRY_LATER))
        .step(Text::new(STEP_TRY_PRIVATE_WINDOW))
        .step(Text::new(STEP_TRY_OTHER_NETWORK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::failure::Failure;
    use crate::evidence::Evidence;

    fn failure() -> Failure {
        serde_json::from_value(serde_json::json!({
            "url": "https://example.com/", "scheme": "https", "host": "example.com", "port": 443,
            "error": "net::ERR_NETWHY_TEST", "time": 1.0
        }))
        .unwrap()
    }

    #[test]
    fn merges_orders_drops_and_caps() {
        let (failure, evidence) = (failure(), Evidence::default());
        let facts = Facts::new(&failure, &evidence);
        let fact = |key: &str| Text::new(key);
        let findings = vec![
            Finding::new(Cause::Firewall, 30).because(fact("a")),
            Finding::new(Cause::ServerDown, 60).because(fact("b")),
            Finding::new(Cause::Firewall, 50)
                .because(fact("a"))
                .because(fact("c")),
            Finding::new(Cause::DnsFailure, 19),
            Finding::new(Cause::TlsProblem, 40),
            Finding::new(Cause::NoInternet, 40),
            Finding::new(Cause::ProxyProblem, 20),
        ];
        let ranked = rank(findings, &facts);
        let order: Vec<(Cause, u8)> = ranked.iter().map(|f| (f.cause, f.confidence)).collect();
        assert_eq!(
            order,
            [
                (Cause::ServerDown, 60),
                (Cause::Firewall, 50),
                (Cause::NoInternet, 40),
                (Cause::TlsProblem, 40)
            ],
            "ties in table order, the weakest dropped, at most four"
        );
        assert_eq!(
            ranked[1].evidence,
            [fact("a"), fact("c")],
            "merged without repeats"
        );
    }

    #[test]
    fn nothing_to_go_on_is_unknown() {
        let (failure, evidence) = (failure(), Evidence::default());
        let ranked = rank(
            vec![Finding::new(Cause::Firewall, 5)],
            &Facts::new(&failure, &evidence),
        );
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].cause, Cause::Unknown);
        assert_eq!(ranked[0].evidence[0].args, ["net::ERR_NETWHY_TEST"]);
    }
}
