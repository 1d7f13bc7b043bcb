//! Causes at a server on the internet, or on the way to it: it refuses,
//! drops or does not answer; it is overloaded; or the network the user is
//! on blocks it.

use super::facts::{duration, Connection, Facts};
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::i18n::Text;

/// Past this many milliseconds the wait itself is worth mentioning.
const LONG_WAIT_MS: f64 = 1000.0;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let Some(connection) = facts.connection() else {
        return overloaded(facts).into_iter().collect();
    };
    if !facts.public_target() {
        return blocked_by_network(facts, connection, 0)
            .into_iter()
            .collect();
    }
    let (host, port) = (facts.host_name(), facts.port());
    let (cause, base, what_happened) = match connection {
        Connection::Refused => (
            Cause::ServerDown,
            60,
            Text::with(EVIDENCE_SERVER_REFUSED, [&host, &port]),
        ),
        Connection::Dropped => (
            Cause::ServerDown,
            50,
            Text::with(EVIDENCE_CONNECTION_CUT, [&host]),
        ),
        Connection::Unanswered => (Cause::ServerUnreachable, 60, unanswered(facts)),
    };

    let confidence = confidence(facts, base);
    let mut finding = Finding::new(cause, confidence).because(what_happened);
    if let Some(waited) = facts.failure.elapsed_ms().filter(|&ms| ms >= LONG_WAIT_MS) {
        finding = finding.because(Text::with(EVIDENCE_WAITED, [duration(waited)]));
    }
    if let Some(ago) = facts.others_loaded_ago() {
        finding = finding.because(Text::with(EVIDENCE_OTHERS_LOADED, [ago]));
    }
    if let Some(loaded) = facts.loaded_from_public() {
        finding = finding.because(Text::with(
            EVIDENCE_LOADED_FROM_PUBLIC_ADDRESS,
            [host.clone(), loaded.address, loaded.ago],
        ));
    } else if let Some(ago) = facts.site_loaded_ago() {
        finding = finding.because(Text::with(EVIDENCE_SITE_WORKED_BEFORE, [host.clone(), ago]));
    }

    finding = finding.step(Text::new(STEP_RETRY_LATER));
    finding = match cause {
        Cause::ServerDown => finding.step(Text::with(STEP_CHECK_DOWN_FOR_EVERYONE, [&host])),
        _ => finding.step(Text::new(STEP_TRY_OTHER_NETWORK)),
    };
    let mut findings = vec![finding.step(Text::with(STEP_CHECK_OWN_SERVER, [&port]))];
    findings.extend(overloaded(facts));
    findings.extend(blocked_by_network(facts, connection, confidence));
    findings
}

/// What "no answer" was, in the words of its class.
fn unanswered(facts: &Facts) -> Text {
    let host = facts.host_name();
    match facts.class {
        Class::AddressUnreachable => Text::with(EVIDENCE_NO_ROUTE, [host]),
        Class::TimedOut => Text::with(EVIDENCE_NO_ANSWER, [host]),
        _ => Text::with(EVIDENCE_CONNECTION_FAILED, [host]),
    }
}

/// How much a server at fault explains this, given everything else.
fn confidence(facts: &Facts, base: u8) -> u8 {
    if facts.offline() || facts.everything_failing() || facts.evidence.behind_portal() {
        // The connection, not the site, is the likelier culprit.
        return 25;
    }
    if facts.loaded_from_public().is_some() {
        // The name led to a real server within the hour and still leads
        // to no sinkhole (the lookup would have said): the server is the
        // one refusing, however fast.
        return base + 20;
    }
    // Too fast to be the real server: a DNS block or a local firewall is likelier.
    if facts.refused_like_a_sinkhole() {
        return 25;
    }
    if facts.refused_here() {
        return 40;
    }
    if facts.others_loading() {
        base + 15
    } else {
        base
    }
}

/// A server that answered recently but slowly, or only some of the time,
/// and now drops or times out: it is struggling, and waiting fixes it.
fn overloaded(facts: &Facts) -> Option<Finding> {
    let struggling = matches!(
        facts.class,
        Class::TimedOut | Class::ConnectionClosed | Class::ConnectionReset | Class::ServerError
    );
    if !struggling || !facts.public_target() || facts.offline() || facts.everything_failing() {
        return None;
    }
    let host = facts.host_name();
    let slow = facts.site_slow();
    let intermittent = facts.site_intermittent();
    let mut finding = Finding::new(Cause::ServerOverloaded, 30);
    if let (Some(ms), Some(ago)) = (slow, facts.site_loaded_ago()) {
        // Ahead of "does not answer" (75 while others load): the slowness is the news.
        finding.confidence = 80;
        finding = finding.because(Text::with(
            EVIDENCE_SITE_SLOW,
            [host.clone(), ago, duration(ms)],
        ));
    }
    if intermittent {
        finding.confidence = finding.confidence.max(70);
        finding = finding.because(Text::with(EVIDENCE_SITE_INTERMITTENT, [&host]));
    }
    if slow.is_none() && !intermittent {
        // Nothing says so, but a server too busy to answer fails exactly so:
        // a candidate only while other sites load.
        if !facts.others_loading() || facts.class == Class::ConnectionReset {
            return None;
        }
        finding = finding.because(Text::with(EVIDENCE_NO_ANSWER, [&host]));
    }
    Some(
        finding
            .step(Text::new(STEP_WAIT_FOR_SERVER))
            .step(Text::with(STEP_CHECK_DOWN_FOR_EVERYONE, [&host])),
    )
}

/// Something between the user and one site stops it: a connection made
/// and then reset (a filter's way), silence where other sites answer, or a
/// public name answered with a local address (a block page). `server_down`
/// is the server cause's confidence: a reset after connecting ranks at
/// least as high.
fn blocked_by_network(facts: &Facts, connection: Connection, server_down: u8) -> Option<Finding> {
    if facts.offline() || facts.everything_failing() || facts.refused_here() {
        return None;
    }
    let host = facts.host_name();
    let finding = if let Some(answer) = facts.public_name_local_answer() {
        Finding::new(Cause::BlockedByNetwork, 45).because(Text::with(
            EVIDENCE_PUBLIC_NAME_LOCAL_ANSWER,
            [host.clone(), answer.address.clone()],
        ))
    } else if !facts.public_target() {
        return None;
    } else if facts.class == Class::ConnectionReset {
        Finding::new(Cause::BlockedByNetwork, server_down.max(50))
            .because(Text::with(EVIDENCE_RESET_AFTER_CONNECT, [&host]))
    } else if connection == Connection::Unanswered
        && facts.class == Class::TimedOut
        && facts.others_loading()
    {
        Finding::new(Cause::BlockedByNetwork, 35)
            .because(Text::new(EVIDENCE_SILENT_LIKE_A_FIREWALL))
    } else {
        return None;
    };
    let finding = match facts.others_loaded_ago() {
        Some(ago) => finding.because(Text::with(EVIDENCE_OTHERS_LOADED, [ago])),
        None => finding,
    };
    Some(
        finding
            .step(Text::new(STEP_TRY_OTHER_NETWORK))
            .step(Text::with(STEP_ASK_NETWORK_ADMIN, [&host])),
    )
}
