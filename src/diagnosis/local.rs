//! Causes on this computer or the local network: a server that is not
//! running, and ports the browser refuses.

use super::caution;
use super::facts::{Connection, Facts};
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::host::HostKind;
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    if facts.class == Class::UnsafePort {
        return vec![blocked_port(facts)];
    }
    local_server_down(facts).into_iter().collect()
}

fn blocked_port(facts: &Facts) -> Finding {
    let port = facts.port();
    let finding =
        Finding::new(Cause::BlockedPort, 95).because(Text::with(EVIDENCE_PORT_UNSAFE, [&port]));
    if caution::users_own(facts.host) {
        // The user's own server: move it, or allow the port knowing why.
        return finding
            .step(Text::new(STEP_USE_ANOTHER_PORT))
            .step(Text::with(STEP_ALLOW_PORT, [&port]));
    }
    if facts.host == HostKind::LocalName {
        return finding.step(Text::new(STEP_USE_ANOTHER_PORT));
    }
    // The block exists against sites that pick such ports (NAT slipstreaming
    // on 5060): never coach the user around it for one.
    finding
        .step(Text::new(STEP_ASK_OWNER_FOR_USUAL_PORT))
        .step(Text::with(STEP_KEEP_PORT_BLOCKED, [&port]))
}

fn local_server_down(facts: &Facts) -> Option<Finding> {
    let (host, port) = (facts.host_name(), facts.port());
    if facts.class == Class::AddressInvalid && facts.host == HostKind::Unspecified {
        // Windows refuses to connect to 0.0.0.0 at all.
        return Some(
            Finding::new(Cause::LocalServerDown, 80)
                .because(Text::with(EVIDENCE_UNSPECIFIED_ADDRESS, [&host]))
                .step(Text::with(STEP_USE_LOCALHOST, [&host])),
        );
    }
    let connection = facts.connection()?;
    let target = facts.target();
    if !target.is_local() {
        return None;
    }
    if let Some(sinkhole) = facts.sinkhole() {
        return pointed_here_on_purpose(facts, sinkhole.kind);
    }
    let confidence = match (connection, target) {
        (Connection::Refused, HostKind::Loopback | HostKind::Unspecified) => 92,
        (Connection::Refused, HostKind::PrivateNetwork) => 85,
        (Connection::Unanswered, HostKind::PrivateNetwork) => 75,
        (Connection::Refused, _)
        | (Connection::Dropped, HostKind::Loopback | HostKind::Unspecified) => 70,
        (Connection::Dropped | Connection::Unanswered, _) => 55,
    };

    let mut finding =
        Finding::new(Cause::LocalServerDown, confidence).because(where_it_is(facts, target));
    finding = finding.because(match connection {
        Connection::Refused => Text::with(EVIDENCE_NOTHING_LISTENING, [&port]),
        Connection::Dropped => Text::with(EVIDENCE_LOCAL_CONNECTION_DROPPED, [&port]),
        Connection::Unanswered => Text::with(EVIDENCE_LOCAL_NO_ANSWER, [&host]),
    });
    if let Some(ago) = facts.site_loaded_ago() {
        finding = finding.because(Text::with(EVIDENCE_LOCAL_WORKED_BEFORE, [ago]));
    }

    finding = match target {
        HostKind::Loopback | HostKind::Unspecified => {
            let finding = finding.step(Text::with(STEP_START_DEV_SERVER, [&port]));
            let finding = match connection {
                Connection::Refused => finding.step(Text::new(STEP_CHECK_PORT)),
                Connection::Dropped | Connection::Unanswered => {
                    finding.step(Text::new(STEP_CHECK_SERVER_LOG))
                }
            };
            if target == HostKind::Unspecified {
                finding.step(Text::with(STEP_USE_LOCALHOST, [&host]))
            } else {
                finding
            }
        }
        HostKind::PrivateNetwork => finding
            .step(Text::with(STEP_CHECK_DEVICE, [&host, &port]))
            .step(Text::with(STEP_CHECK_DEVICE_FIREWALL, [&port])),
        _ => finding.step(Text::with(STEP_CHECK_LOCAL_NAME, [&host])),
    };
    if facts.failure.scheme == "https" && connection == Connection::Dropped {
        // A plain-http development server drops a TLS hello.
        finding = finding.step(Text::new(STEP_TRY_HTTP));
    }
    Some(finding)
}

/// A public name sent to this computer is the DNS-blocked case, unless
/// someone mapped it to 127.0.0.1 on purpose (a hosts-file entry for
/// development); 0.0.0.0 is the blockers' address, never a developer's.
fn pointed_here_on_purpose(facts: &Facts, kind: HostKind) -> Option<Finding> {
    (kind == HostKind::Loopback).then(|| {
        Finding::new(Cause::LocalServerDown, 35)
            .because(Text::with(
                EVIDENCE_POINTED_HERE,
                [facts.host_name(), facts.port()],
            ))
            .step(Text::with(STEP_START_DEV_SERVER, [facts.port()]))
    })
}

/// Says where the address is: this computer, a device nearby, a local name.
fn where_it_is(facts: &Facts, target: HostKind) -> Text {
    let host = facts.host_name();
    match (&facts.answer, target) {
        (_, HostKind::Unspecified) => Text::with(EVIDENCE_UNSPECIFIED_ADDRESS, [host]),
        (Some(answer), HostKind::Loopback) if facts.host != target => Text::with(
            EVIDENCE_RESOLVES_TO_THIS_COMPUTER,
            [host, answer.address.clone()],
        ),
        (Some(answer), HostKind::PrivateNetwork) if facts.host != target => Text::with(
            EVIDENCE_RESOLVES_TO_LOCAL_NETWORK,
            [host, answer.address.clone()],
        ),
        (_, HostKind::Loopback) => Text::with(EVIDENCE_THIS_COMPUTER, [host]),
        (_, HostKind::PrivateNetwork) => Text::with(EVIDENCE_PRIVATE_NETWORK, [host]),
        _ => Text::with(EVIDENCE_LOCAL_NAME, [host]),
    }
}
