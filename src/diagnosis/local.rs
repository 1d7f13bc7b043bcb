//! Causes on this computer or the local network: a server that is not
//! running, a device that does not answer, a permission to reach the local
//! network, and ports the browser refuses.

use super::caution;
use super::facts::{duration, Connection, Facts};
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::host::HostKind;
use crate::evidence::platform::Os;
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    match facts.class {
        Class::UnsafePort => return vec![blocked_port(facts)],
        Class::LocalNetworkAccess => return vec![local_network_permission(facts, 90)],
        _ => {}
    }
    let mut findings: Vec<Finding> = local_server_down(facts).into_iter().collect();
    findings.extend(device_unreachable(facts));
    findings
}

/// The browser's Local Network Access or the system's local-network
/// permission keeps the page away from the device.
fn local_network_permission(facts: &Facts, confidence: u8) -> Finding {
    let finding = Finding::new(Cause::LocalNetworkPermission, confidence);
    let finding = if facts.class == Class::LocalNetworkAccess {
        finding
            .because(Text::with(
                EVIDENCE_LOCAL_NETWORK_ACCESS,
                [facts.host_name()],
            ))
            .step(Text::new(STEP_ALLOW_LOCAL_NETWORK))
    } else {
        finding.because(Text::new(EVIDENCE_MAC_LOCAL_NETWORK))
    };
    finding.step(Text::new(STEP_ALLOW_LOCAL_NETWORK_SYSTEM))
}

/// Nothing answered at a local-network address at all: no device is there
/// to refuse, so the device is off, elsewhere, or not this network's.
fn device_unreachable(facts: &Facts) -> Vec<Finding> {
    let target = facts.target();
    let unanswered = facts.connection() == Some(Connection::Unanswered);
    if !unanswered || !matches!(target, HostKind::PrivateNetwork | HostKind::LocalName) {
        return Vec::new();
    }
    let host = facts.host_name();
    let mut finding = Finding::new(Cause::DeviceUnreachable, 80);
    if facts.host == HostKind::PublicName {
        // A public name that leads into a local network is a block page's
        // address or a workplace's, not a device at home.
        finding.confidence = 30;
    } else if target == HostKind::LocalName {
        // A name: perhaps nothing on this network answers to it at all.
        finding.confidence = 55;
    }
    if target == HostKind::PrivateNetwork {
        finding = finding.because(where_it_is(facts, target));
    }
    finding = finding.because(match facts.class {
        Class::ConnectionRefused => Text::with(
            EVIDENCE_REFUSED_AFTER_WAIT,
            [duration(facts.failure.elapsed_ms().unwrap_or_default())],
        ),
        _ => Text::with(EVIDENCE_DEVICE_NO_ROUTE, [&host]),
    });
    if let Some(ago) = facts.site_loaded_ago() {
        finding = finding.because(Text::with(EVIDENCE_LOCAL_WORKED_BEFORE, [ago]));
    }
    let finding = finding
        .step(Text::with(STEP_CHECK_DEVICE_ON, [&host]))
        .step(Text::with(STEP_CHECK_DEVICE_ADDRESS, [&host]))
        .step(Text::with(STEP_CHECK_DEVICE_FIREWALL, [facts.port()]));
    let mut findings = vec![finding];
    // macOS 15 keeps apps without its Local Network permission off the
    // local network, and the browser then sees no route to the device.
    let mac = facts.evidence.platform.is_some_and(|p| p.os == Os::Mac);
    if mac && target == HostKind::PrivateNetwork {
        findings.push(local_network_permission(facts, 50));
    }
    findings
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
        // A device that is on refuses at once when nothing listens; no
        // answer at all is the device's absence (`device_unreachable`).
        (Connection::Unanswered, HostKind::PrivateNetwork) => 30,
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
