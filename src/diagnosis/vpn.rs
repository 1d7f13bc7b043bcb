//! The VPN cause: a VPN extension carrying the pages, a network that
//! changed just before (as when a VPN connects or drops), or a name or
//! address that only a workplace network or VPN knows.

use super::extensions::list_names;
use super::facts::Facts;
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::host::HostKind;
use crate::evidence::LevelOfControl;
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let lookup = matches!(facts.class, Class::NameNotResolved | Class::DnsFailure);
    let reaching = facts.connection().is_some() || facts.class == Class::Proxy || lookup;
    if !reaching || facts.target().is_this_computer() || facts.offline() {
        return Vec::new();
    }
    let mut findings: Vec<Finding> = extension(facts).into_iter().collect();
    if facts.network_changed_before() {
        findings.push(
            Finding::new(Cause::Vpn, 45)
                .because(Text::new(EVIDENCE_NETWORK_CHANGED_BEFORE))
                .step(Text::new(STEP_CHECK_VPN)),
        );
    }
    findings.extend(inside_only(facts, lookup));
    findings
}

/// A VPN extension that sets the proxy (named, and first among the
/// candidates after the proxy itself), or one that is merely on.
fn extension(facts: &Facts) -> Option<Finding> {
    let vpns = facts
        .evidence
        .vpn_extensions()
        .filter(|list| !list.is_empty())?;
    let names = list_names(&vpns);
    let sets_proxy = facts
        .evidence
        .proxy
        .as_ref()
        .is_some_and(|p| p.level_of_control == LevelOfControl::ControlledByOtherExtensions);
    // The proxy is an extension's, and every extension that can set one is
    // a VPN: the VPN carries the pages.
    let proxying = facts.evidence.proxying_extensions().unwrap_or_default();
    let proxied = sets_proxy && proxying.iter().all(|e| e.is_vpn());
    let finding = match (proxied, vpns.len()) {
        (true, 1) => Finding::new(Cause::Vpn, 80)
            .because(Text::with(EVIDENCE_VPN_PROXY, [&names]))
            .step(Text::with(STEP_TURN_OFF_VPN, [&names])),
        (true, _) => Finding::new(Cause::Vpn, 75)
            .because(Text::with(EVIDENCE_VPN_EXTENSION, [&names]))
            .step(Text::new(STEP_CHECK_VPN)),
        // On, but not known to carry this page: a candidate, unless the
        // whole connection fails anyway.
        _ if facts.everything_failing() => return None,
        (false, 1) => Finding::new(Cause::Vpn, 30)
            .because(Text::with(EVIDENCE_VPN_EXTENSION, [&names]))
            .step(Text::with(STEP_TURN_OFF_VPN, [&names])),
        (false, _) => Finding::new(Cause::Vpn, 30)
            .because(Text::with(EVIDENCE_VPN_EXTENSION, [&names]))
            .step(Text::new(STEP_CHECK_VPN)),
    };
    Some(finding.blaming(&vpns))
}

/// A local name that does not resolve or answer, or a public name that
/// leads into a local network: both are how workplace addresses behave
/// without the VPN that reaches them.
fn inside_only(facts: &Facts, lookup: bool) -> Option<Finding> {
    let host = facts.host_name();
    let fact = if facts.host == HostKind::LocalName && (lookup || facts.connection().is_some()) {
        Text::with(EVIDENCE_LOCAL_NAME, [&host])
    } else if let Some(answer) = facts.public_name_local_answer() {
        Text::with(
            EVIDENCE_RESOLVES_TO_LOCAL_NETWORK,
            [host.clone(), answer.address.clone()],
        )
    } else {
        return None;
    };
    let confidence = if lookup { 45 } else { 35 };
    Some(
        Finding::new(Cause::Vpn, confidence)
            .because(fact)
            .step(Text::with(STEP_CONNECT_VPN, [&host])),
    )
}
