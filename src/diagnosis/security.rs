//! Causes in security measures: firewalls and security software,
//! administrator policies, and secure connections that cannot be set up.

use super::facts::{whole_ms, Connection, Facts};
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let host = facts.host_name();
    match facts.class {
        Class::AccessDenied => vec![
            Finding::new(Cause::Firewall, 80)
                .because(Text::with(EVIDENCE_ACCESS_DENIED, [&host]))
                .step(Text::with(STEP_CHECK_SECURITY_SOFTWARE, [&host])),
            blocked_by_policy(facts, 25, Text::new(EVIDENCE_MANAGED_DEVICE_MAY_DENY)),
        ],
        Class::BlockedByPolicy => vec![blocked_by_policy(
            facts,
            92,
            Text::with(EVIDENCE_ADMIN_BLOCKED, [&host]),
        )],
        Class::Tls => vec![tls_problem(facts)],
        _ => firewall_suspected(facts).into_iter().collect(),
    }
}

fn blocked_by_policy(facts: &Facts, confidence: u8, fact: Text) -> Finding {
    Finding::new(Cause::BlockedByPolicy, confidence)
        .because(fact)
        .step(Text::with(STEP_ASK_ADMIN, [facts.host_name()]))
        .step(Text::new(STEP_VIEW_POLICIES))
}

fn tls_problem(facts: &Facts) -> Finding {
    let finding = Finding::new(Cause::TlsProblem, 80)
        .because(Text::with(EVIDENCE_TLS_FAILED, [facts.host_name()]));
    if facts.target().is_local() {
        // Most local servers speak plain http; https to them fails exactly so.
        return finding
            .step(Text::new(STEP_TRY_HTTP))
            .step(Text::new(STEP_SERVER_TLS));
    }
    finding
        .step(Text::new(STEP_CHECK_HTTPS_SCANNING))
        .step(Text::new(STEP_TRY_OTHER_NETWORK))
        .step(Text::new(STEP_SERVER_TLS))
}

/// Connection failures to the internet that firewalls also produce.
fn firewall_suspected(facts: &Facts) -> Option<Finding> {
    let connection = facts.connection()?;
    if facts.target().is_local() || facts.offline() || facts.everything_failing() {
        return None;
    }
    let finding = if facts.refused_here() {
        let elapsed = facts.failure.elapsed_ms().unwrap_or_default();
        Finding::new(Cause::Firewall, 45).because(Text::with(
            EVIDENCE_REFUSED_ON_THIS_COMPUTER,
            [whole_ms(elapsed)],
        ))
    } else {
        match (connection, facts.class) {
            (Connection::Dropped, _) => {
                Finding::new(Cause::Firewall, 30).because(Text::new(EVIDENCE_CUT_LIKE_A_FILTER))
            }
            (Connection::Unanswered, Class::TimedOut) => Finding::new(Cause::Firewall, 25)
                .because(Text::new(EVIDENCE_SILENT_LIKE_A_FIREWALL)),
            _ => return None,
        }
    };
    Some(
        finding
            .step(Text::with(
                STEP_CHECK_SECURITY_SOFTWARE,
                [facts.host_name()],
            ))
            .step(Text::new(STEP_TRY_OTHER_NETWORK)),
    )
}
