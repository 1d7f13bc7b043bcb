//! The proxy cause, and who set the proxy: an extension (which one), the
//! system, or the browser's command line, settings or policy.

use super::extensions::list_names;
use super::facts::{duration, Facts};
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::{LevelOfControl, ProxyMode, ProxySettings};
use crate::i18n::Text;

/// A proxy error reported at most this long before the failure is taken as
/// part of it.
const RECENT_PROXY_ERROR_MS: f64 = 60_000.0;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let settings = facts.evidence.proxy.as_ref();
    let proxied =
        settings.is_some_and(|p| matches!(p.mode, ProxyMode::FixedServers | ProxyMode::PacScript));
    let recent_error = facts
        .evidence
        .proxy_errors
        .iter()
        .filter(|e| (0.0..=RECENT_PROXY_ERROR_MS).contains(&(facts.failure.time - e.time)))
        .max_by(|a, b| a.time.total_cmp(&b.time));
    // Only a failure to connect, or to look the name up (which a proxy
    // does for the browser), can be the proxy's doing; the browser skips
    // the proxy for this computer.
    let lookup = matches!(facts.class, Class::NameNotResolved | Class::DnsFailure);
    let through_proxy =
        (facts.connection().is_some() || lookup) && !facts.target().is_this_computer();

    let mut finding = if facts.class == Class::Proxy {
        Finding::new(Cause::ProxyProblem, 90).because(Text::new(EVIDENCE_PROXY_UNUSABLE))
    } else if through_proxy && recent_error.is_some() {
        Finding::new(Cause::ProxyProblem, 70)
    } else if through_proxy && proxied {
        Finding::new(Cause::ProxyProblem, 30).because(Text::new(EVIDENCE_PAGES_GO_THROUGH_PROXY))
    } else {
        return Vec::new();
    };
    if let Some(server) = settings.and_then(|p| p.server.clone()) {
        finding = finding.because(Text::with(EVIDENCE_PROXY_SERVER, [server]));
    }
    if let Some(error) = recent_error {
        let ago = duration(facts.failure.time - error.time);
        finding = finding.because(Text::with(
            EVIDENCE_PROXY_ERROR_REPORTED,
            [ago, error.error.clone()],
        ));
    }
    vec![who_set_it(facts, settings, finding)]
}

/// Adds who set the proxy, and the step that follows from it.
fn who_set_it(facts: &Facts, settings: Option<&ProxySettings>, finding: Finding) -> Finding {
    let proxying = facts
        .evidence
        .proxying_extensions()
        .filter(|list| !list.is_empty());
    let names = proxying.as_deref().map(list_names);
    if settings.is_some_and(|p| p.level_of_control == LevelOfControl::ControlledByOtherExtensions) {
        return match (&proxying, &names) {
            (Some(list), Some(names)) if list.len() == 1 => finding
                .blaming(list)
                .because(Text::with(EVIDENCE_PROXY_SET_BY_EXTENSION, [names]))
                .step(Text::with(STEP_TURN_OFF_EXTENSION_PROXY, [names])),
            (Some(list), Some(names)) => finding
                .blaming(list)
                .because(Text::with(EVIDENCE_PROXY_SET_BY_ONE_OF, [names]))
                .step(Text::with(STEP_TURN_OFF_EXTENSION_PROXIES, [names])),
            _ => finding
                .because(Text::new(EVIDENCE_PROXY_SET_BY_AN_EXTENSION))
                .step(Text::new(STEP_FIND_PROXY_EXTENSION)),
        };
    }

    // Not an extension's setting: the mode says where it comes from.
    let origin = settings.and_then(|p| match p.mode {
        ProxyMode::System => Some((EVIDENCE_PROXY_FROM_SYSTEM, STEP_CHECK_SYSTEM_PROXY)),
        ProxyMode::AutoDetect => Some((EVIDENCE_PROXY_AUTO_DETECTED, STEP_CHECK_PROXY_DETECTION)),
        // Command line, policy, or (Firefox) the browser's own settings.
        ProxyMode::FixedServers | ProxyMode::PacScript => Some((
            EVIDENCE_PROXY_NOT_FROM_EXTENSION,
            STEP_CHECK_COMMAND_LINE_PROXY,
        )),
        ProxyMode::Direct | ProxyMode::Unknown => None,
    });
    let mut finding = match origin {
        Some((fact, step)) => finding.because(Text::new(fact)).step(Text::new(step)),
        None => finding,
    };
    // Firefox extensions can proxy single requests (`proxy.onRequest`)
    // without touching the setting.
    if let Some(names) = names {
        finding = finding
            .because(Text::with(EVIDENCE_EXTENSIONS_CAN_PROXY, [&names]))
            .step(Text::with(STEP_CHECK_PROXY_EXTENSIONS, [&names]));
    }
    if origin.is_none() {
        finding = finding.step(Text::new(STEP_CHECK_PROXY_SETTINGS));
    }
    finding
}
