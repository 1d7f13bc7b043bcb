//! The diagnosis: from a failure and its evidence, the likely causes, most
//! likely first, each with what supports it and what to do.
//!
//! Each family of causes has its own file of rules; a rule looks at the
//! [`Facts`] and proposes findings with a confidence. [`rank`] merges them,
//! orders them and keeps the ones with meaningful support.

/// The causes a diagnosis can name, with their ids and message keys.
pub mod cause;
/// Cautions on steps that let a site past a protection.
pub mod caution;
mod dns;
mod extensions;
mod facts;
pub mod keys;
mod local;
mod network;
mod probes;
mod proxy;
mod rank;
mod remote;
mod security;
mod tls;
mod vpn;
/// Steps worded for the user's browser and system.
pub mod wording;

use serde::Serialize;

use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::failure::Failure;
use crate::evidence::host::HostKind;
use crate::evidence::{Evidence, Extension};
use crate::i18n::Text;

use facts::Facts;

/// The ranked causes of one failure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// The class of the reported error.
    pub class: Class,
    /// Where the host is, from its name or address.
    pub host: HostKind,
    /// Most likely first; never empty (at worst one `unknown`).
    pub causes: Vec<Finding>,
    /// What fails, as far as the evidence tells: this site only, or everything.
    pub scope: Scope,
}

/// How far the failure reaches, from what other sites did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Other sites load: only this one fails.
    ThisSite,
    /// The device is offline, or every other site fails too (their
    /// connections or their names): whatever this page links to fails as well.
    Everything,
    /// Nothing known about other sites.
    Unknown,
}

/// One candidate cause.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub cause: Cause,
    /// How sure we are, 0–100.
    pub confidence: u8,
    /// The facts that support it, in plain words.
    pub evidence: Vec<Text>,
    /// What to do about it, in this case.
    pub steps: Vec<Text>,
    /// The ids of the extensions it blames, so the page can offer their
    /// settings or to turn them off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
}

impl Finding {
    fn new(cause: Cause, confidence: u8) -> Finding {
        Finding {
            cause,
            confidence: confidence.min(100),
            evidence: Vec::new(),
            steps: Vec::new(),
            extensions: Vec::new(),
        }
    }

    /// Blames these extensions.
    fn blaming(mut self, extensions: &[&Extension]) -> Finding {
        self.extensions = extensions.iter().map(|e| e.id.clone()).collect();
        self
    }

    /// Adds a supporting fact.
    fn because(mut self, fact: Text) -> Finding {
        self.evidence.push(fact);
        self
    }

    /// Adds a step.
    fn step(mut self, step: Text) -> Finding {
        self.steps.push(step);
        self
    }
}

/// Works out why `failure` happened from `evidence`.
pub fn diagnose(failure: &Failure, evidence: &Evidence) -> Diagnosis {
    let facts = Facts::new(failure, evidence);
    let mut findings = Vec::new();
    for rules in [
        local::findings,
        probes::findings,
        remote::findings,
        network::findings,
        dns::findings,
        proxy::findings,
        extensions::findings,
        security::findings,
        tls::findings,
        vpn::findings,
    ] {
        findings.extend(rules(&facts));
    }
    let platform = evidence.platform.unwrap_or_default();
    let mut causes = rank::rank(findings, &facts);
    caution::guard(&mut causes, &facts);
    for finding in &mut causes {
        finding.steps = finding
            .steps
            .drain(..)
            .map(|s| wording::fit(&platform, s))
            .collect();
    }
    let scope = if facts.offline() || facts.everything_failing() {
        Scope::Everything
    } else if facts.others_loading() {
        Scope::ThisSite
    } else {
        Scope::Unknown
    };
    Diagnosis {
        class: facts.class,
        host: facts.host,
        causes,
        scope,
    }
}
