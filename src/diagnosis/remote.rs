//! Causes at a server on the internet: it refuses, drops or does not answer.

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
        return Vec::new();
    };
    if facts.target().is_local() {
        return Vec::new();
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

    let mut finding = Finding::new(cause, confidence(facts, base)).because(what_happened);
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
    vec![finding.step(Text::with(STEP_CHECK_OWN_SERVER, [&port]))]
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
