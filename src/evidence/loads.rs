//! Recent page loads, kept by the background in a bounded ring, so a failure
//! can be told apart: only this site, everything, or a site that worked a
//! minute ago.
//!
//! The background stores the ring as JSON and hands it back here to
//! [`LoadRing::record`] each load and to [`LoadRing::summary`] on a failure;
//! all of the logic lives in this file.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::catalog::Class;

/// At most this many outcomes in all; the oldest go first.
pub const MAX_OUTCOMES: usize = 200;
/// At most this many outcomes per host and port, so one site retried in a
/// loop cannot push every other site out of the ring.
pub const MAX_PER_SITE: usize = 8;
/// How far back "recently" reaches when judging other sites, in milliseconds.
pub const RECENT_MS: f64 = 10.0 * 60.0 * 1000.0;
/// The longest host name DNS allows (RFC 1035); `URL.hostname` gives
/// international names in ASCII, so this is bytes. A longer host (the URL
/// parser accepts them) never loaded, and is never compared for typos.
pub const MAX_HOST_LEN: usize = 253;

/// One finished top-level load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub host: String,
    pub port: u16,
    /// When the load finished, in milliseconds since the Unix epoch.
    pub time: f64,
    /// The class of the error, absent when the page loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<Class>,
    /// The server's address, for a page that loaded straight from it (not
    /// from a cache, not through a proxy), as the browser reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

impl Outcome {
    fn is_site(&self, host: &str, port: u16) -> bool {
        self.port == port && self.host == host
    }

    fn succeeded(&self) -> bool {
        self.class.is_none()
    }
}

/// The ring of recent outcomes, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadRing {
    #[serde(default)]
    pub outcomes: VecDeque<Outcome>,
}

/// What the ring says about one host and port at one moment; part of a report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadSummary {
    /// How long before the failure this host and port last loaded, in ms.
    pub last_success_ago_ms: Option<f64>,
    /// Other hosts whose latest recent load succeeded.
    pub other_hosts_ok: u32,
    /// Other hosts whose latest recent load failed the way a broken
    /// connection fails (not blocked, not a certificate).
    pub other_hosts_failing: u32,
    /// How long before the failure another host last loaded, in ms.
    pub last_other_success_ago_ms: Option<f64>,
    /// A host that loaded and is spelled almost like this one: the likely
    /// intended address behind a typo.
    pub similar_host: Option<String>,
    /// The server address this host last loaded from, straight from the
    /// server (any port): evidence of where the name led then.
    pub loaded_from: Option<String>,
    /// How long before the failure that load was, in ms.
    pub loaded_from_ago_ms: Option<f64>,
}

impl LoadRing {
    /// Adds `outcome` and drops the oldest outcomes beyond the caps. A site's
    /// latest success is kept over its older failures, so "it worked at
    /// 10:02" survives a burst of retries.
    pub fn record(&mut self, outcome: Outcome) {
        // A ring read back from storage may be over the cap (an older build,
        // a corrupt value): trim it first, so the work below stays bounded.
        let excess = self.outcomes.len().saturating_sub(MAX_OUTCOMES);
        self.outcomes.drain(..excess);
        let (host, port) = (outcome.host.clone(), outcome.port);
        self.outcomes.push_back(outcome);
        let site = |o: &Outcome| o.is_site(&host, port);
        while self.outcomes.iter().filter(|o| site(o)).count() > MAX_PER_SITE {
            let keep = self.outcomes.iter().rposition(|o| site(o) && o.succeeded());
            // Over the cap means at least two of the site's outcomes, so one
            // besides `keep` always exists; no `expect`, so no abort path.
            let Some(drop) =
                (0..self.outcomes.len()).find(|&i| Some(i) != keep && site(&self.outcomes[i]))
            else {
                break;
            };
            self.outcomes.remove(drop);
        }
        while self.outcomes.len() > MAX_OUTCOMES {
            self.outcomes.pop_front();
        }
    }

    /// What the ring says about `host`:`port` at `now` (ms since the epoch).
    /// Whether the failure at `now` is recorded yet changes nothing: only
    /// other hosts and this site's successes count.
    pub fn summary(&self, host: &str, port: u16, now: f64) -> LoadSummary {
        let others = || self.outcomes.iter().filter(|o| o.host != host);

        // Each other host counts once, by its latest recent outcome (the
        // ring is oldest first, so walking it backwards meets that one
        // first). A list, not a map: at most MAX_OUTCOMES hosts, and no
        // B-tree code in the wasm module.
        let mut latest: Vec<&Outcome> = Vec::new();
        for outcome in others().rev().filter(|o| now - o.time <= RECENT_MS) {
            if !latest.iter().any(|seen| seen.host == outcome.host) {
                latest.push(outcome);
            }
        }
        let count = |test: fn(&Outcome) -> bool| latest.iter().filter(|o| test(o)).count() as u32;

        // The ring is oldest first: the last match is the latest.
        let addressed = self
            .outcomes
            .iter()
            .rfind(|o| o.host == host && o.succeeded() && o.ip.is_some());
        LoadSummary {
            loaded_from: addressed.and_then(|o| o.ip.clone()),
            loaded_from_ago_ms: addressed.map(|o| now - o.time),
            last_success_ago_ms: success_ago(
                self.outcomes.iter().filter(|o| o.is_site(host, port)),
                now,
            ),
            other_hosts_ok: count(Outcome::succeeded),
            other_hosts_failing: count(|o| o.class.is_some_and(is_connection_failure)),
            last_other_success_ago_ms: success_ago(others(), now),
            similar_host: self.similar_host(host),
        }
    }

    /// The loaded host closest in spelling to `host`, if it is close enough
    /// to be a typo of it: at most two edits, and fewer than one per four letters.
    /// Hosts longer than [`MAX_HOST_LEN`] are skipped: the distance is
    /// quadratic in their length, and they are attacker-chosen.
    fn similar_host(&self, host: &str) -> Option<String> {
        if host.len() > MAX_HOST_LEN {
            return None;
        }
        let length = host.chars().count();
        let mut best: Option<(usize, &str)> = None;
        // Newest first, so a tie goes to the most recent.
        for outcome in self.outcomes.iter().rev().filter(|o| {
            o.succeeded()
                && o.host != host
                && o.host.len() <= MAX_HOST_LEN
                // The distance is at least the difference in length.
                && o.host.chars().count().abs_diff(length) <= 2
        }) {
            let distance = edit_distance(host, &outcome.host);
            let close = distance <= 2 && distance * 4 < length;
            if close && best.is_none_or(|(shortest, _)| distance < shortest) {
                best = Some((distance, &outcome.host));
            }
        }
        best.map(|(_, similar)| similar.to_owned())
    }
}

/// How long before `now` the latest success among `outcomes` was.
fn success_ago<'a>(outcomes: impl Iterator<Item = &'a Outcome>, now: f64) -> Option<f64> {
    outcomes
        .filter(|o| o.succeeded())
        .map(|o| now - o.time)
        .reduce(f64::min)
}

/// Whether a failure of this class is one a dead connection produces: every
/// way of not getting through, but not a block, a certificate or a bad URL.
pub fn is_connection_failure(class: Class) -> bool {
    use Class::*;
    matches!(
        class,
        ConnectionRefused
            | ConnectionReset
            | ConnectionClosed
            | ConnectionFailed
            | TimedOut
            | AddressUnreachable
            | NameNotResolved
            | DnsFailure
            | Proxy
            | Offline
            | NetworkChanged
    )
}

/// Levenshtein distance in characters: insertions, deletions, substitutions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
#[path = "loads_tests.rs"]
mod tests;
