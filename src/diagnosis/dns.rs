//! Causes in name resolution: no such name, a name blocked by a filter, a
//! DNS server that failed, or an address remembered from before the name
//! moved.

use super::facts::{whole_ms, Facts};
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::host::{address_text, HostKind};
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let mut findings: Vec<Finding> = dns_blocked(facts).into_iter().collect();
    findings.extend(stale(facts));
    match facts.class {
        Class::NameNotResolved => {
            let secure_dns = secure_dns_cannot_resolve(facts);
            let mut not_resolved = name_not_resolved(facts);
            if secure_dns.is_some() {
                // The name exists: the system's resolver just found it.
                for finding in &mut not_resolved {
                    finding.confidence = finding.confidence.min(30);
                }
            }
            findings.extend(not_resolved);
            findings.extend(secure_dns);
        }
        Class::DnsFailure => {
            let fact = Text::with(EVIDENCE_DNS_SERVER_FAILED, [facts.host_name()]);
            findings.push(match every_name_failing(facts) {
                Some(finding) => finding.because(fact),
                None if facts.everything_failing() => dns_failure(55, fact),
                None => dns_failure(75, fact),
            });
        }
        _ => {}
    }
    findings
}

/// Other sites' names fail to resolve too, and none loads: the DNS server
/// is down, not this name (nor the whole connection, whose sites failed
/// differently).
fn every_name_failing(facts: &Facts) -> Option<Finding> {
    facts.names_failing_everywhere().then(|| {
        let others = facts.history.other_hosts_failing.to_string();
        dns_failure(80, Text::with(EVIDENCE_NAMES_FAILING, [others]))
    })
}

/// The browser connected to an address the name no longer has (Firefox
/// reports both): a remembered answer, from before the site moved.
fn stale(facts: &Facts) -> Option<Finding> {
    facts.connection()?;
    let (tried, fresh) = facts.stale_address()?;
    Some(
        // The strongest tell there is: ahead of the server's refusal or silence.
        Finding::new(Cause::DnsStale, 80)
            .because(Text::with(
                EVIDENCE_CONNECTED_TO_OLD_ADDRESS,
                [facts.host_name(), tried, fresh],
            ))
            .step(Text::new(STEP_CLEAR_BROWSER_DNS))
            .step(Text::new(STEP_FLUSH_SYSTEM_DNS)),
    )
}

/// A public name answered with an address no public site has.
fn dns_blocked(facts: &Facts) -> Option<Finding> {
    let host = facts.host_name();
    let public_name = facts.host == HostKind::PublicName;
    let finding = if let Some(sinkhole) = facts.sinkhole() {
        // 0.0.0.0 and :: are the blockers' own answer; loopback is also a
        // developer's hosts-file entry, so a little less certain.
        let confidence = if sinkhole.kind == HostKind::Unspecified {
            95
        } else {
            85
        };
        let finding = Finding::new(Cause::DnsBlocked, confidence).because(Text::with(
            EVIDENCE_RESOLVED_TO_SINKHOLE,
            [host.clone(), sinkhole.address.clone()],
        ));
        match facts.loaded_from_public() {
            // It led to a public server within the hour: the block is new,
            // and nothing about the site changed.
            Some(loaded) => Finding {
                confidence: confidence + 2,
                ..finding
            }
            .because(Text::with(
                EVIDENCE_NEWLY_BLOCKED,
                [&host, &loaded.address, &loaded.ago],
            )),
            None => finding,
        }
    } else if facts.refused_like_a_sinkhole() {
        // Chromium reports a name mapped to 0.0.0.0 as a plain refusal with
        // no address: the speed is the tell.
        let elapsed = facts.failure.elapsed_ms().unwrap_or_default();
        Finding::new(Cause::DnsBlocked, 70)
            .because(Text::with(EVIDENCE_REFUSED_INSTANTLY, [whole_ms(elapsed)]))
    } else if public_name && facts.class == Class::AddressInvalid {
        // Windows reports a connection to 0.0.0.0 as an invalid address.
        Finding::new(Cause::DnsBlocked, 60).because(Text::with(EVIDENCE_ADDRESS_UNUSABLE, [&host]))
    } else {
        return None;
    };
    Some(
        finding
            .step(Text::with(STEP_ALLOW_IN_DNS_FILTER, [&host]))
            .step(Text::with(STEP_CHECK_HOSTS_FILE, [&host]))
            // Both the browser and the system keep the blocked answer for a
            // while after the filter or the hosts file changes.
            .step(Text::new(STEP_CLEAR_BROWSER_DNS))
            .step(Text::new(STEP_FLUSH_SYSTEM_DNS)),
    )
}

/// The browser found no address for the name.
fn name_not_resolved(facts: &Facts) -> Vec<Finding> {
    let host = facts.host_name();
    if facts.host == HostKind::LocalName {
        return vec![Finding::new(Cause::DnsNotFound, 75)
            .because(Text::with(EVIDENCE_LOCAL_NAME_UNKNOWN, [&host]))
            .step(Text::with(STEP_CHECK_LOCAL_NAME, [&host]))];
    }

    let mut not_found =
        Finding::new(Cause::DnsNotFound, 80).because(Text::with(EVIDENCE_NAME_NOT_FOUND, [&host]));
    if let Some(error) = facts
        .evidence
        .dns
        .as_ref()
        .and_then(|dns| dns.error.clone())
    {
        not_found = not_found.because(Text::with(
            EVIDENCE_SECOND_LOOKUP_FAILED,
            [host.clone(), error],
        ));
    }
    if let Some(similar) = &facts.history.similar_host {
        not_found.confidence = 85;
        not_found = not_found
            .because(Text::with(EVIDENCE_SIMILAR_HOST_LOADED, [similar]))
            .step(Text::with(STEP_DID_YOU_MEAN, [similar]));
    }
    not_found = not_found
        .step(Text::with(STEP_CHECK_SPELLING, [&host]))
        .step(Text::new(STEP_DOMAIN_GONE));

    if facts.offline() || facts.everything_failing() {
        // Offline, every name fails to resolve: no-internet or a dead DNS
        // server explains it.
        not_found.confidence = 25;
        return every_name_failing(facts)
            .into_iter()
            .chain([not_found])
            .collect();
    }
    match facts.site_loaded_ago() {
        // The name existed minutes ago: a lookup failing is likelier than
        // a domain vanishing; or "no such name" itself is remembered from
        // a moment it failed (negative caching).
        Some(ago) => {
            not_found.confidence = 40;
            let remembered = Finding::new(Cause::DnsStale, 30)
                .because(Text::with(
                    EVIDENCE_NAME_WORKED_BEFORE,
                    [host.clone(), ago.clone()],
                ))
                .step(Text::new(STEP_CLEAR_BROWSER_DNS))
                .step(Text::new(STEP_FLUSH_SYSTEM_DNS));
            vec![
                dns_failure(60, Text::with(EVIDENCE_NAME_WORKED_BEFORE, [host, ago])),
                not_found,
                remembered,
            ]
        }
        None => vec![not_found],
    }
}

/// Firefox's secure DNS finds no such name, but the system's resolver
/// does: a name only the company network, the VPN or the router knows.
fn secure_dns_cannot_resolve(facts: &Facts) -> Option<Finding> {
    let secure_failed = facts
        .evidence
        .dns
        .as_ref()
        .is_some_and(|dns| dns.parsed().is_empty());
    let system = facts.evidence.system_dns.as_ref()?;
    // `::`/0.0.0.0 is a filter's "no", not an answer.
    let found = system
        .parsed()
        .into_iter()
        .find(|ip| HostKind::of_address(*ip) != HostKind::Unspecified)?;
    if !secure_failed || system.trr == Some(true) {
        return None;
    }
    let host = facts.host_name();
    Some(
        Finding::new(Cause::SecureDnsCannotResolve, 90)
            .because(Text::with(
                EVIDENCE_ONLY_SYSTEM_DNS_RESOLVES,
                [host.clone(), address_text(found)],
            ))
            // One name, not secure DNS as a whole: the network answering
            // is trusted for this name only (`caution::TRUST_THE_NETWORK`).
            .step(Text::with(STEP_ADD_SECURE_DNS_EXCEPTION, [&host])),
    )
}

/// The lookup failed, rather than the name not existing.
fn dns_failure(confidence: u8, fact: Text) -> Finding {
    Finding::new(Cause::DnsFailure, confidence)
        .because(fact)
        .step(Text::new(STEP_RETRY_IN_A_MINUTE))
        .step(Text::new(STEP_CLEAR_BROWSER_DNS))
        .step(Text::new(STEP_CHANGE_DNS))
}
