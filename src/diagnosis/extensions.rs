//! Another extension blocked the page, named when the extensions are known.

use super::facts::Facts;
use super::keys::*;
use super::Finding;
use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::evidence::Extension;
use crate::i18n::Text;

pub(super) fn findings(facts: &Facts) -> Vec<Finding> {
    if facts.class != Class::BlockedByClient {
        return Vec::new();
    }
    let host = facts.host_name();
    let finding = Finding::new(Cause::ExtensionInterference, 90)
        .because(Text::new(EVIDENCE_BLOCKED_BY_EXTENSION));
    // The browser does not say which extension blocked; naming the ones
    // that can is the closest we get, and with one it is exact.
    let finding = match facts.evidence.blocking_extensions() {
        Some(blockers) if blockers.len() == 1 => {
            let name = blockers[0].name.clone();
            finding
                .blaming(&blockers)
                .because(Text::with(EVIDENCE_ONLY_BLOCKER, [&name]))
                .step(Text::with(STEP_ALLOW_IN_EXTENSION, [&name, &host]))
        }
        Some(blockers) if !blockers.is_empty() => {
            let names = list_names(&blockers);
            finding
                .blaming(&blockers)
                .because(Text::with(EVIDENCE_BLOCKERS, [&names]))
                .step(Text::with(
                    STEP_TURN_OFF_BLOCKERS_ONE_BY_ONE,
                    [&host, &names],
                ))
        }
        // None declares a blocking permission, yet the browser says an
        // extension blocked it: believe the browser, name nobody.
        Some(_) => finding.step(Text::with(STEP_FIND_BLOCKING_EXTENSION, [&host])),
        None => finding
            .step(Text::with(STEP_FIND_BLOCKING_EXTENSION, [&host]))
            .step(Text::new(STEP_GRANT_MANAGEMENT)),
    };
    vec![finding.step(Text::new(STEP_TRY_PRIVATE_WINDOW))]
}

/// Extension names for a message argument, in the order the browser listed
/// them. A message quotes a single name itself, as its language does.
pub(super) fn list_names(extensions: &[&Extension]) -> String {
    extensions
        .iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
