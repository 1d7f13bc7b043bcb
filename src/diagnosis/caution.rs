//! Cautions on steps that lower a defence. A site chooses its own URL, port,
//! DNS records and how it fails, so it can choose which steps NetWhy gives:
//! a step that lets a site past a protection must never read as advice to
//! do so for a site the user did not choose.
//!
//! The steps that let a site through are listed once, here. Each one's own
//! text says "only if you trust" it (a test below holds the English to
//! that); for a host a site controls, [`guard`] puts "it may be blocked for
//! a reason" before them. Allowing a port the browser blocks is offered only
//! for the user's own addresses ([`users_own`], used by `local.rs`).
//!
//! The steps built on evidence NetWhy goes and gets were weighed the same
//! way. Opening the server where a probe found it
//! (`STEP_OPEN_WHERE_IT_ANSWERS`, the page's Open button) lets nothing
//! through: probes go only to loopback addresses, only after a refused load
//! of this computer, and only loopback answers are read (`probes.rs`), so
//! it opens the user's own machine. A secure-DNS exception lets the
//! network's resolver answer for one name instead of the encrypted one, so
//! it is listed in [`TRUST_THE_NETWORK`]; turning secure DNS down as a
//! whole is never advised.

use super::facts::Facts;
use super::keys::*;
use super::Finding;
use crate::evidence::host::HostKind;
use crate::i18n::Text;

/// Steps that let a site past a filter, hosts file, security software,
/// firewall or blocking extension.
pub const LET_A_SITE_THROUGH: &[&str] = &[
    STEP_ALLOW_IN_DNS_FILTER,
    STEP_ALLOW_IN_EXTENSION,
    STEP_CHECK_HOSTS_FILE,
    STEP_CHECK_SECURITY_SOFTWARE,
    STEP_FIND_BLOCKING_EXTENSION,
    STEP_TURN_OFF_BLOCKERS_ONE_BY_ONE,
];

/// Steps that let the network the user is on answer for a name in place of
/// the browser's secure DNS: a hostile Wi-Fi can invent an answer for a
/// name public DNS does not know. Each says "only if you trust this network".
pub const TRUST_THE_NETWORK: &[&str] = &[STEP_ADD_SECURE_DNS_EXCEPTION];

/// Whether the user, not a site, decides where `host` leads: this computer
/// or an address on the local network. Any name, even a local-looking one,
/// is resolved by DNS that someone else may answer.
pub fn users_own(host: HostKind) -> bool {
    matches!(
        host,
        HostKind::Loopback | HostKind::Unspecified | HostKind::PrivateNetwork
    )
}

/// Puts [`STEP_BLOCKED_FOR_A_REASON`] first in every finding that would let
/// a host the user does not own past a protection.
pub(super) fn guard(findings: &mut [Finding], facts: &Facts) {
    // The host as the URL names it: a public name sent to 127.0.0.1 by a
    // filter is still the site's name.
    if users_own(facts.host) {
        return;
    }
    let caution = Text::with(STEP_BLOCKED_FOR_A_REASON, [facts.host_name()]);
    for finding in findings {
        let lets_through = finding
            .steps
            .iter()
            .any(|step| LET_A_SITE_THROUGH.contains(&step.key.as_str()));
        if lets_through && !finding.steps.contains(&caution) {
            finding.steps.insert(0, caution.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::wording;
    use crate::i18n::english_catalogue;

    /// The English of `key` and of every wording of it per browser or system.
    fn english_of(key: &str) -> Vec<(String, &'static str)> {
        let variants = wording::all_variant_keys();
        let keys = std::iter::once(key.to_owned()).chain(
            variants
                .into_iter()
                .filter(|variant| variant.starts_with(&format!("{key}_"))),
        );
        keys.map(|key| {
            let text = english_catalogue()
                .get(&key)
                .unwrap_or_else(|| panic!("no message {key}"));
            (key, text.as_str())
        })
        .collect()
    }

    #[test]
    fn every_step_that_lets_a_site_through_says_only_if_you_trust_it() {
        for key in LET_A_SITE_THROUGH {
            for (key, text) in english_of(key) {
                assert!(text.contains("only if you trust"), "{key}: {text}");
                assert!(text.contains("on purpose"), "{key}: {text}");
            }
        }
    }

    #[test]
    fn every_step_that_trusts_the_network_says_only_if_you_trust_it() {
        for key in TRUST_THE_NETWORK {
            for (key, text) in english_of(key) {
                assert!(
                    text.contains("only if you trust this network"),
                    "{key}: {text}"
                );
            }
        }
    }

    #[test]
    fn no_step_lowers_a_defence_wholesale() {
        for (key, text) in english_catalogue() {
            if !key.starts_with("step_") {
                continue;
            }
            let lower = text.to_lowercase();
            assert!(!lower.contains("allow the browser"), "{key}: {text}");
            assert!(
                !lower.contains("turn that off") && !lower.contains("turn off https"),
                "{key}: {text}"
            );
            // Secure DNS is turned down for one name at most, never whole.
            let secure_dns = lower.contains("dns over https") || lower.contains("secure dns");
            assert!(
                !(secure_dns
                    && (lower.contains("turn it off") || lower.contains("default protection"))),
                "{key}: {text}"
            );
        }
    }

    #[test]
    fn only_this_computer_and_the_local_network_are_the_users_own() {
        for host in [
            "127.0.0.1",
            "[::1]",
            "localhost",
            "0.0.0.0",
            "192.168.1.20",
            "[fd00::1]",
        ] {
            assert!(users_own(HostKind::of(host)), "{host}");
        }
        for host in ["evil.example", "203.0.113.5", "nas.local", "intranet"] {
            assert!(!users_own(HostKind::of(host)), "{host}");
        }
    }
}
