//! Causes in security measures: firewalls and security software, and
//! administrator policies. Secure connections are `tls`'s.

use super::facts::{whole_ms, Connection, Facts};
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::host::HostKind;
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
        _ => firewall_suspected(facts).into_iter().collect(),
    }
}

fn blocked_by_policy(facts: &Facts, confidence: u8, fact: Text) -> Finding {
    Finding::new(Cause::BlockedByPolicy, confidence)
        .because(fact)
        .step(Text::with(STEP_ASK_ADMIN, [facts.host_name()]))
        .step(Text::new(STEP_VIEW_POLICIES))
}

/// Failures to reach a site on the internet that firewalls and security
/// software also produce. Chromium's own page advises checking the
/// firewall for refusals, resets, timeouts and names not resolved; here it
/// is a candidate with the evidence for it, first only when the refusal
/// came too fast to be the server's.
fn firewall_suspected(facts: &Facts) -> Option<Finding> {
    let public_name_lookup = matches!(facts.class, Class::NameNotResolved | Class::DnsFailure)
        && facts.host == HostKind::PublicName;
    let connection = facts.connection();
    if (connection.is_none() && !public_name_lookup)
        || !facts.public_target()
        || facts.offline()
        || facts.everything_failing()
    {
        return None;
    }
    let others = facts.others_loading();
    let finding = if facts.refused_here() {
        let elapsed = facts.failure.elapsed_ms().unwrap_or_default();
        Finding::new(Cause::Firewall, 45).because(Text::with(
            EVIDENCE_REFUSED_ON_THIS_COMPUTER,
            [whole_ms(elapsed)],
        ))
    } else {
        match (connection, facts.class) {
            (Some(Connection::Dropped), _) => {
                Finding::new(Cause::Firewall, 30).because(Text::new(EVIDENCE_CUT_LIKE_A_FILTER))
            }
            (Some(Connection::Unanswered), Class::TimedOut) => Finding::new(Cause::Firewall, 25)
                .because(Text::new(EVIDENCE_SILENT_LIKE_A_FIREWALL)),
            (Some(Connection::Refused), _) if others => Finding::new(Cause::Firewall, 25),
            (None, _) if others => Finding::new(Cause::Firewall, 22),
            _ => return None,
        }
    };
    let finding = if others {
        finding.because(Text::new(EVIDENCE_FIREWALL_MAY_BLOCK))
    } else {
        finding
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
