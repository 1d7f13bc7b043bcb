//! Recent page loads, kept by the background in a bounded ring, so a failure
//! can be told apart: only this site, everything, a site that worked a
//! minute ago, or one that answers slowly or only sometimes. Each outcome
//! keeps how long the load took, and its class says how it failed
//! ([`Stage`]): so "every name fails to resolve" is not "every connection fails".
//!
//! The background stores the ring as JSON and hands it back here to
//! [`LoadRing::record`] each load and to [`LoadRing::summary`] on a failure;
//! all of the logic lives in this file.

use std::collections::{BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::catalog::Class;
use crate::evidence::lenient;

/// At most this many outcomes in all; the oldest go first.
pub const MAX_OUTCOMES: usize = 200;
/// At most this many outcomes per host and port, so one site retried in a
/// loop cannot push every other site out of the ring.
pub const MAX_PER_SITE: usize = 8;
/// How far back "recently" reaches when judging other sites, in milliseconds.
pub const RECENT_MS: f64 = 10.0 * 60.0 * 1000.0;
/// A refusal that took at least this long was no refusal by the server
/// (which answers in one round trip): Firefox reports "no route to host"
/// as a refused connection once the local network gave up finding the
/// device, after about three seconds.
pub const SLOW_REFUSAL_MS: f64 = 2_000.0;
/// How far back a network change counts as "just before" a failure.
pub const JUST_BEFORE_MS: f64 = 60_000.0;
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
    /// How long the load took, from its request to its end, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<f64>,
}

/// How far a failed load got before it failed: what "how did it fail"
/// means when telling a dead DNS server from a dead connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Looking the name up.
    NameResolution,
    /// Connecting, or using a connection that broke.
    Connection,
    /// Waiting for an answer that never came.
    Timeout,
    /// Setting up the secure (TLS) connection.
    SecureConnection,
}

impl Stage {
    /// The stage a failure of `class` that took `ms` failed at; `None` for
    /// failures that are no stage of getting through (blocks, bad URLs, …).
    pub fn of(class: Class, ms: Option<f64>) -> Option<Stage> {
        use Class::*;
        Some(match class {
            NameNotResolved | DnsFailure => Stage::NameResolution,
            ConnectionRefused if ms.is_some_and(|ms| ms >= SLOW_REFUSAL_MS) => Stage::Timeout,
            TimedOut | AddressUnreachable => Stage::Timeout,
            ConnectionRefused | ConnectionReset | ConnectionClosed | ConnectionFailed | Proxy
            | Offline | NetworkChanged => Stage::Connection,
            Tls | Certificate | ClientCertificate => Stage::SecureConnection,
            _ => return None,
        })
    }
}

/// How many other hosts' latest recent loads failed at each [`Stage`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FailingAt {
    #[serde(deserialize_with = "lenient::or_default")]
    pub name_resolution: u32,
    #[serde(deserialize_with = "lenient::or_default")]
    pub connection: u32,
    #[serde(deserialize_with = "lenient::or_default")]
    pub timeout: u32,
    #[serde(deserialize_with = "lenient::or_default")]
    pub secure_connection: u32,
}

impl FailingAt {
    fn count(&mut self, stage: Stage) {
        let counter = match stage {
            Stage::NameResolution => &mut self.name_resolution,
            Stage::Connection => &mut self.connection,
            Stage::Timeout => &mut self.timeout,
            Stage::SecureConnection => &mut self.secure_connection,
        };
        *counter += 1;
    }
}

impl Outcome {
    fn is_site(&self, host: &str, port: u16) -> bool {
        self.port == port && self.host == host
    }

    fn succeeded(&self) -> bool {
        self.class.is_none()
    }

    /// The stage it failed at, if it failed at one.
    fn stage(&self) -> Option<Stage> {
        self.class.and_then(|class| Stage::of(class, self.ms))
    }
}

/// The ring of recent outcomes, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadRing {
    #[serde(default)]
    pub outcomes: VecDeque<Outcome>,
}

/// What the ring says about one host and port at one moment; part of a
/// report. Version 2 of the report added the fields from `other_hosts_failing_at` on,
/// version 3 `loaded_from` and `loaded_from_ago_ms`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadSummary {
    /// How long before the failure this host and port last loaded, in ms.
    pub last_success_ago_ms: Option<f64>,
    /// Other hosts whose latest recent load succeeded.
    #[serde(deserialize_with = "lenient::or_default")]
    pub other_hosts_ok: u32,
    /// Other hosts whose latest recent load failed the way a broken
    /// connection fails (not blocked, not a certificate).
    #[serde(deserialize_with = "lenient::or_default")]
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
    /// Other hosts whose latest recent load failed, by the stage it failed at.
    #[serde(deserialize_with = "lenient::or_default")]
    pub other_hosts_failing_at: FailingAt,
    /// How long this site's latest successful load took, in ms.
    pub last_success_ms: Option<f64>,
    /// This site's loads that succeeded in the last ten minutes.
    #[serde(deserialize_with = "lenient::or_default")]
    pub site_loaded: u32,
    /// This site's loads that failed in the last ten minutes, before this failure.
    #[serde(deserialize_with = "lenient::or_default")]
    pub site_failed: u32,
    /// How long before the failure a load failed because the network
    /// changed, if one did in the last minute.
    pub network_changed_ago_ms: Option<f64>,
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
        // first). A set of the hosts seen: checking a list instead made a
        // failure cost 0.2 ms more at a full ring of distinct hosts.
        let mut seen = BTreeSet::new();
        let latest: Vec<&Outcome> = others()
            .rev()
            .filter(|o| now - o.time <= RECENT_MS && seen.insert(o.host.as_str()))
            .collect();
        let count = |test: fn(&Outcome) -> bool| latest.iter().filter(|o| test(o)).count() as u32;
        let mut failing_at = FailingAt::default();
        latest
            .iter()
            .filter_map(|o| o.stage())
            .for_each(|stage| failing_at.count(stage));

        let site = || self.outcomes.iter().filter(|o| o.is_site(host, port));
        // Before `now` only: this very failure, recorded or not, is not its own history.
        let site_recent = || site().filter(|o| o.time < now && now - o.time <= RECENT_MS);
        let last_success = site().rfind(|o| o.succeeded());
        let network_changed = self.outcomes.iter().rev().find(|o| {
            o.class == Some(Class::NetworkChanged) && o.time < now && now - o.time <= JUST_BEFORE_MS
        });

        // The ring is oldest first: the last match is the latest.
        let addressed = self
            .outcomes
            .iter()
            .rfind(|o| o.host == host && o.succeeded() && o.ip.is_some());
        LoadSummary {
            loaded_from: addressed.and_then(|o| o.ip.clone()),
            loaded_from_ago_ms: addressed.map(|o| now - o.time),
            last_success_ago_ms: success_ago(site(), now),
            other_hosts_ok: count(Outcome::succeeded),
            other_hosts_failing: count(|o| o.class.is_some_and(is_connection_failure)),
            other_hosts_failing_at: failing_at,
            last_success_ms: last_success.and_then(|o| o.ms),
            site_loaded: site_recent().filter(|o| o.succeeded()).count() as u32,
            site_failed: site_recent().filter(|o| !o.succeeded()).count() as u32,
            network_changed_ago_ms: network_changed.map(|o| now - o.time),
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
        let wanted: Vec<char> = host.chars().collect();
        let mut other: Vec<char> = Vec::new();
        let mut best: Option<(usize, &str)> = None;
        // Newest first, so a tie goes to the most recent.
        for outcome in self
            .outcomes
            .iter()
            .rev()
            .filter(|o| o.succeeded() && o.host != host && o.host.len() <= MAX_HOST_LEN)
        {
            other.clear();
            other.extend(outcome.host.chars());
            let Some(distance) = edits_within(&wanted, &other, 2) else {
                continue;
            };
            let close = distance * 4 < wanted.len();
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

/// Levenshtein distance in characters (insertions, deletions,
/// substitutions) between `a` and `b`, if it is at most `max`. Only the band
/// of the table within `max` of its diagonal can hold such a distance, so
/// only that band is filled, and a row with nothing within `max` ends it:
/// each comparison is linear in the length, not quadratic (a failure at a
/// full ring of similar names took over a millisecond).
fn edits_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let far = max + 1;
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    let mut current = vec![far; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current.fill(far);
        current[0] = (i + 1).min(far);
        let mut nearest = current[0];
        for j in (i + 1).saturating_sub(max).max(1)..=(i + 1 + max).min(b.len()) {
            let substitution = previous[j - 1] + usize::from(ca != b[j - 1]);
            current[j] = substitution
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(far);
            nearest = nearest.min(current[j]);
        }
        if nearest > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&distance| distance <= max)
}

#[cfg(test)]
#[path = "loads_tests.rs"]
mod tests;
