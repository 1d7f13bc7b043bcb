//! Causes in the secure connection: one that cannot be set up, one that
//! something intercepts, a certificate the browser rejected (only ever
//! replayed: the browser's own page handles those), and a site that wants
//! the user's own certificate.

use super::facts::Facts;
use super::keys::*;
use super::Finding;
use crate::catalog::{self, Class, Interception};
use crate::diagnosis::cause::Cause;
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    let interception = catalog::interception(&facts.failure.error);
    let detected = interception == Some(Interception::Detected);
    let mut findings = match facts.class {
        Class::Tls => vec![tls_problem(facts, if detected { 60 } else { 80 })],
        Class::Certificate => vec![certificate_rejected(facts)],
        Class::ClientCertificate => return vec![client_certificate(facts)],
        _ => return Vec::new(),
    };
    findings.extend(intercepted(facts, interception));
    findings
}

fn tls_problem(facts: &Facts, confidence: u8) -> Finding {
    let finding = Finding::new(Cause::TlsProblem, confidence)
        .because(Text::with(EVIDENCE_TLS_FAILED, [facts.host_name()]));
    if facts.target().is_local() {
        // Most local servers speak plain http; https to them fails exactly so.
        return finding
            .step(Text::new(STEP_TRY_HTTP))
            .step(Text::new(STEP_SERVER_TLS));
    }
    finding
        .step(Text::new(STEP_CHECK_HTTPS_SCANNING))
        .step(Text::new(STEP_TRY_OTHER_NETWORK))
        .step(Text::new(STEP_SERVER_TLS))
}

/// The server's certificate was not accepted. The extension never shows
/// its page for these (the browser's own page keeps its override), but a
/// replayed report, Firefox's sentences among them, still gets its cause.
fn certificate_rejected(facts: &Facts) -> Finding {
    Finding::new(Cause::TlsProblem, 75)
        .because(Text::with(
            EVIDENCE_CERTIFICATE_REJECTED,
            [facts.host_name(), facts.failure.error.clone()],
        ))
        .step(Text::new(STEP_CHECK_CLOCK))
        .step(Text::new(STEP_SERVER_TLS))
}

/// An intercepting proxy or security software scanning HTTPS: first when
/// the browser detected it, a candidate when the error is also what it
/// produces (an unknown issuer), or when a public site fails to set up a
/// secure connection while others load.
fn intercepted(facts: &Facts, interception: Option<Interception>) -> Option<Finding> {
    let finding = if let Some(how) = interception {
        let (confidence, fact) = match how {
            Interception::Detected => (
                85,
                Text::with(EVIDENCE_INTERCEPTION_SIGN, [facts.failure.error.clone()]),
            ),
            Interception::Possible => (50, Text::new(EVIDENCE_UNKNOWN_ISSUER)),
        };
        Finding::new(Cause::TlsInterception, confidence).because(fact)
    } else if facts.class == Class::Tls && facts.public_target() && facts.others_loading() {
        Finding::new(Cause::TlsInterception, 30)
            .because(Text::with(EVIDENCE_TLS_FAILED, [facts.host_name()]))
    } else {
        return None;
    };
    Some(
        finding
            .step(Text::new(STEP_CHECK_HTTPS_SCANNING))
            .step(Text::with(
                STEP_CHECK_PROXY_INTERCEPTION,
                [facts.host_name()],
            ))
            .step(Text::new(STEP_TRY_OTHER_NETWORK)),
    )
}

/// The site wants a certificate of the user's own (client authentication).
fn client_certificate(facts: &Facts) -> Finding {
    let host = facts.host_name();
    Finding::new(Cause::ClientCertificate, 90)
        .because(Text::with(EVIDENCE_CLIENT_CERTIFICATE, [&host]))
        .step(Text::new(STEP_PICK_CLIENT_CERTIFICATE))
        .step(Text::with(STEP_GET_CLIENT_CERTIFICATE, [&host]))
}
