//! How long failure records stay in session storage, and how often the page
//! re-checks a failed address.
//!
//! Each failure is stored under its own token; without a bound, a page that
//! keeps failing would fill the browser's session storage quota.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::stored::FAILURE_PREFIX;

/// Failure records kept at most; the oldest go first.
pub const MAX_RECORDS: usize = 50;
/// A record older than this is gone even under the cap: a day-old error page
/// reloaded retries its URL without needing it.
pub const MAX_AGE_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// The one field of a stored item that retention needs.
#[derive(Deserialize)]
pub struct Stamped {
    #[serde(default)]
    created: Option<f64>,
}

/// The keys of failure records to delete from `stored` (all of session
/// storage: other items are ignored) at `now`, in milliseconds since the epoch.
pub fn stale_records(stored: BTreeMap<String, Stamped>, now: f64) -> Vec<String> {
    // Newest first; among equal times, in key order. Built by insertion, not
    // sorted afterwards: storage holds about MAX_RECORDS records, and a sort
    // brought ~4 KB of code into the wasm module.
    let mut records: Vec<(String, f64)> = Vec::new();
    for (key, item) in stored {
        if !key.starts_with(FAILURE_PREFIX) {
            continue;
        }
        // A record without a time is broken; it sorts first and goes.
        let created = item.created.unwrap_or(f64::MIN);
        let at = records.partition_point(|(_, other)| other.total_cmp(&created).is_ge());
        records.insert(at, (key, created));
    }
    records
        .into_iter()
        .enumerate()
        .filter(|(rank, (_, created))| *rank >= MAX_RECORDS || now - created > MAX_AGE_MS)
        .map(|(_, (key, _))| key)
        .collect()
}

/// The pause before automatic re-check number `attempt` (from 0): 2 s,
/// doubling, at most `max_seconds` (a minute by default). Quick at first, when a development server
/// is being restarted; patient later, so a long outage costs nothing.
pub fn retry_delay_ms(attempt: u32, max_seconds: u32) -> u32 {
    2_000u32
        .saturating_mul(1 << attempt.min(16))
        .min(max_seconds.saturating_mul(1_000))
        .max(1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(items: &[(&str, Option<f64>)]) -> BTreeMap<String, Stamped> {
        items
            .iter()
            .map(|&(key, created)| (key.to_owned(), Stamped { created }))
            .collect()
    }

    #[test]
    fn keeps_the_newest_records_under_the_cap_and_ignores_other_items() {
        let keys: Vec<String> = (0..MAX_RECORDS + 3)
            .map(|i| format!("failure:{i:03}"))
            .collect();
        let mut items: Vec<(&str, Option<f64>)> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| (key.as_str(), Some(i as f64)))
            .collect();
        items.push(("history", None));
        let mut stale = stale_records(stored(&items), 100.0);
        stale.sort();
        assert_eq!(stale, ["failure:000", "failure:001", "failure:002"]);
    }

    #[test]
    fn names_the_stale_records_newest_first_and_ties_in_key_order() {
        let items: Vec<(String, Option<f64>)> = (0..MAX_RECORDS + 4)
            .map(|i| (format!("failure:{i:03}"), Some([5.0, 9.0, 1.0][i % 3])))
            .collect();
        let items: Vec<(&str, Option<f64>)> = items.iter().map(|(k, c)| (k.as_str(), *c)).collect();
        let stale = stale_records(stored(&items), 10.0);
        let mut expected: Vec<(f64, &str)> = items.iter().map(|&(k, c)| (c.unwrap(), k)).collect();
        expected.sort_by(|a, b| b.0.total_cmp(&a.0));
        let expected: Vec<&str> = expected[MAX_RECORDS..].iter().map(|&(_, k)| k).collect();
        assert_eq!(stale, expected);
    }

    #[test]
    fn drops_old_and_broken_records() {
        let now = MAX_AGE_MS * 2.0;
        let stale = stale_records(
            stored(&[
                ("failure:old", Some(1.0)),
                ("failure:new", Some(now)),
                ("failure:bad", None),
            ]),
            now,
        );
        assert_eq!(stale.len(), 2);
        assert!(!stale.contains(&"failure:new".to_owned()));
    }

    #[test]
    fn retries_back_off_from_two_seconds_to_the_maximum() {
        let delays: Vec<u32> = (0..8).map(|attempt| retry_delay_ms(attempt, 60)).collect();
        assert_eq!(
            delays,
            [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
        );
        assert_eq!(retry_delay_ms(u32::MAX, 60), 60_000);
        assert_eq!(retry_delay_ms(40, 3_600), 3_600_000);
        assert_eq!(retry_delay_ms(3, 5), 5_000);
    }
}
