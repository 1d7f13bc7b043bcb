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

        LoadSummary {
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
mod tests {
    use super::*;

    fn outcome(host: &str, time: f64, class: Option<Class>) -> Outcome {
        Outcome {
            host: host.to_owned(),
            port: 443,
            time,
            class,
        }
    }

    #[test]
    fn caps_the_ring_dropping_the_oldest() {
        let mut history = LoadRing::default();
        for i in 0..MAX_OUTCOMES + 5 {
            history.record(outcome(&format!("site{i}.example"), i as f64, None));
        }
        assert_eq!(history.outcomes.len(), MAX_OUTCOMES);
        assert_eq!(history.outcomes[0].host, "site5.example");
    }

    #[test]
    fn caps_each_site_but_keeps_its_latest_success() {
        let mut history = LoadRing::default();
        history.record(outcome("a.example", 0.0, None));
        for i in 1..=20 {
            history.record(outcome("a.example", f64::from(i), Some(Class::TimedOut)));
        }
        let site: Vec<&Outcome> = history.outcomes.iter().collect();
        assert_eq!(site.len(), MAX_PER_SITE);
        assert!(site[0].succeeded(), "the success at 0 survives");
        assert_eq!(site[1].time, 14.0, "the oldest failures went");
    }

    #[test]
    fn summarises_this_site_and_the_others() {
        let mut history = LoadRing::default();
        let now = 1_000_000.0;
        history.record(outcome("a.example", now - 120_000.0, None));
        history.record(outcome(
            "b.example",
            now - 50_000.0,
            Some(Class::ConnectionRefused),
        ));
        history.record(outcome("b.example", now - 20_000.0, None));
        history.record(outcome("c.example", now - 10_000.0, Some(Class::TimedOut)));
        history.record(outcome(
            "d.example",
            now - 10_000.0,
            Some(Class::Certificate),
        ));
        history.record(outcome(
            "old.example",
            now - RECENT_MS - 1.0,
            Some(Class::TimedOut),
        ));

        let summary = history.summary("a.example", 443, now);
        assert_eq!(summary.last_success_ago_ms, Some(120_000.0));
        assert_eq!(summary.other_hosts_ok, 1, "b recovered");
        assert_eq!(
            summary.other_hosts_failing, 1,
            "c only: d is a certificate, old is too old"
        );
        assert_eq!(summary.last_other_success_ago_ms, Some(20_000.0));
        assert_eq!(
            history.summary("a.example", 8080, now).last_success_ago_ms,
            None,
            "another port"
        );
    }

    #[test]
    fn finds_a_loaded_host_spelled_almost_the_same() {
        let mut history = LoadRing::default();
        history.record(outcome("github.com", 1.0, None));
        history.record(outcome("gitlab.com", 2.0, Some(Class::TimedOut)));
        history.record(outcome("example.org", 3.0, None));
        assert_eq!(
            history
                .summary("githb.com", 443, 10.0)
                .similar_host
                .as_deref(),
            Some("github.com")
        );
        assert_eq!(
            history
                .summary("gitlab.com", 443, 10.0)
                .similar_host
                .as_deref(),
            Some("github.com")
        );
        assert_eq!(
            history.summary("a.io", 443, 10.0).similar_host,
            None,
            "too short to guess"
        );
        assert_eq!(
            history.summary("example.net", 443, 10.0).similar_host,
            None,
            "three edits"
        );
    }

    #[test]
    fn never_compares_hosts_longer_than_dns_allows() {
        let long = "a".repeat(100_000);
        let mut history = LoadRing::default();
        for i in 0..MAX_OUTCOMES {
            history.record(outcome(&format!("{long}{i}"), i as f64, None));
        }
        history.record(outcome("example.com", 1.0, None));
        let started = std::time::Instant::now();
        assert_eq!(history.summary(&long, 443, 10.0).similar_host, None);
        assert_eq!(
            history.summary(&format!("{long}b"), 443, 10.0).similar_host,
            None
        );
        assert_eq!(
            history
                .summary("exampl.com", 443, 10.0)
                .similar_host
                .as_deref(),
            Some("example.com")
        );
        // Unbounded, this is 200 distances of 10^10 steps each.
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());

        let at_limit = "a".repeat(MAX_HOST_LEN);
        let mut history = LoadRing::default();
        history.record(outcome(&at_limit, 1.0, None));
        let typo = format!("b{}", &at_limit[1..]);
        assert_eq!(
            history.summary(&typo, 443, 10.0).similar_host.as_deref(),
            Some(at_limit.as_str()),
            "a name of the longest length is still compared"
        );
    }

    #[test]
    fn trims_a_stored_ring_over_the_cap() {
        let mut history = LoadRing::default();
        for i in 0..10_000 {
            history
                .outcomes
                .push_back(outcome("a.example", f64::from(i), None));
        }
        history.record(outcome("a.example", 10_000.0, None));
        assert_eq!(history.outcomes.len(), MAX_PER_SITE);
        assert_eq!(history.outcomes.back().unwrap().time, 10_000.0);
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
