//! Causes in this device's own connection: offline, or switching networks.

use super::facts::Facts;
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::loads::is_connection_failure;
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let network_changed = (facts.class == Class::NetworkChanged).then(|| {
        Finding::new(Cause::NetworkChanged, 90)
            .because(Text::new(EVIDENCE_NETWORK_CHANGED))
            .step(Text::new(STEP_RETRY_NOW))
            .step(Text::new(STEP_UNSTABLE_NETWORK))
    });
    network_changed
        .into_iter()
        .chain(no_internet(facts))
        .chain(captive_portal(facts))
        .collect()
}

/// Firefox says a portal holds this network back: every load to the
/// internet fails until someone signs in. This computer and the local
/// network stay reachable, so their failures are not its doing. The host
/// decides, not where its name led: a portal's own DNS sends every name
/// to the portal's (often private) address.
fn captive_portal(facts: &Facts) -> Option<Finding> {
    let held_back = facts.evidence.behind_portal()
        && is_connection_failure(facts.class)
        && !facts.host.is_local();
    held_back.then(|| {
        Finding::new(Cause::CaptivePortal, 93)
            .because(Text::new(EVIDENCE_CAPTIVE_PORTAL_LOCKED))
            .step(Text::new(STEP_SIGN_IN_TO_NETWORK))
    })
}

fn no_internet(facts: &Facts) -> Option<Finding> {
    let mut evidence = Vec::new();
    if facts.class == Class::Offline {
        evidence.push(Text::new(EVIDENCE_BROWSER_OFFLINE));
    } else if !is_connection_failure(facts.class)
        || facts.target().is_this_computer()
        || facts.refused_like_a_sinkhole()
    {
        // This computer's own servers work without any network, and a name
        // refused before the request could leave it (sent to 0.0.0.0) fails
        // the same with or without one.
        return None;
    }
    if facts.offline() {
        evidence.push(Text::new(EVIDENCE_NAVIGATOR_OFFLINE));
    }
    // Other sites failing says nothing about a device on the local network.
    let failing = facts.history.other_hosts_failing.to_string();
    let public = !facts.target().is_local();
    let names_only = facts.names_failing_everywhere();
    if public && facts.connections_failing_everywhere() {
        evidence.push(Text::with(EVIDENCE_OTHERS_FAILING, [&failing]));
    } else if public && names_only {
        // Every name fails to resolve, connections were not tried: the DNS
        // server (`dns-failure`) more likely than the whole connection.
        evidence.push(Text::with(EVIDENCE_NAMES_FAILING, [&failing]));
    }
    let confidence = if facts.class == Class::Offline {
        95
    } else if facts.offline() {
        90
    } else if names_only && !evidence.is_empty() {
        45
    } else if !evidence.is_empty() {
        75
    } else {
        return None;
    };
    let finding = Finding {
        evidence,
        ..Finding::new(Cause::NoInternet, confidence)
    };
    Some(
        finding
            .step(Text::new(STEP_CHECK_CONNECTION))
            .step(Text::new(STEP_CAPTIVE_PORTAL))
            .step(Text::new(STEP_RESTART_ROUTER)),
    )
}
