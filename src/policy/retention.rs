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
/// A private window's record is gone after this, if the browser has not
/// said before that the private session ended: half an hour covers
/// reloading the page, and the failure outlives its window by no more.
pub const PRIVATE_MAX_AGE_MS: f64 = 30.0 * 60.0 * 1000.0;
/// The most bytes of a failed URL a record keeps. Longer ones (browsers
/// accept up to 2 MiB) are cut, and the page says the address is too long
/// to load again; servers commonly refuse anything past 8 KiB anyway.
pub const MAX_STORED_URL: usize = 32 * 1024;
/// The most bytes all failure records may take together, as estimated by
/// [`Stamped::bytes`]: well within the 10 MiB every item of session
/// storage shares, so the ring of loads and the next failure always fit.
pub const MAX_RECORD_BYTES: usize = 4 << 20;
/// What a record holds besides its URL, at most, for the estimate: the
/// evidence (a few extensions, proxy settings, a summary) and the times.
const RECORD_OVERHEAD: usize = 8 * 1024;

/// The fields of a stored record that retention needs.
#[derive(Deserialize)]
pub struct Stamped {
    /// When it was recorded, in milliseconds since the epoch.
    #[serde(default)]
    created: Option<f64>,
    /// Whether it is a private window's.
    #[serde(default)]
    private: bool,
    #[serde(default)]
    failure: Option<StoredUrl>,
}

#[derive(Deserialize)]
struct StoredUrl {
    #[serde(default)]
    url: String,
}

/// Whether a record made at `created` (a private window's if `private`) is
/// past its age at `now`, or has no time, which only a broken record lacks:
/// then it is deleted, and never shown.
pub fn expired(created: Option<f64>, private: bool, now: f64) -> bool {
    let max_age = if private {
        PRIVATE_MAX_AGE_MS
    } else {
        MAX_AGE_MS
    };
    created.is_none_or(|created| now - created > max_age)
}

impl Stamped {
    /// Whether the record is past its age at `now` ([`expired`]).
    pub fn expired(&self, now: f64) -> bool {
        expired(self.created, self.private, now)
    }

    /// About how many bytes the record takes: its URL, which only it can
    /// make large, and a generous allowance for the rest.
    fn bytes(&self) -> usize {
        self.failure.as_ref().map_or(0, |f| f.url.len()) + RECORD_OVERHEAD
    }
}

/// The keys of failure records to delete from `stored` (all of session
/// storage: other items are ignored) at `now`, in milliseconds since the
/// epoch: past their age, beyond [`MAX_RECORDS`], or beyond
/// [`MAX_RECORD_BYTES`], the oldest first.
pub fn stale_records(stored: BTreeMap<String, Stamped>, now: f64) -> Vec<String> {
    // Newest first; among equal times, in key order. Built by insertion, not
    // sorted afterwards: storage holds about MAX_RECORDS records, and a sort
    // brought ~4 KB of code into the wasm module.
    let mut records: Vec<(String, Stamped)> = Vec::new();
    for (key, item) in stored {
        if !key.starts_with(FAILURE_PREFIX) {
            continue;
        }
        // A record without a time is broken; it sorts first and goes.
        let created = item.created.unwrap_or(f64::MIN);
        let at = records.partition_point(|(_, other)| {
            other
                .created
                .unwrap_or(f64::MIN)
                .total_cmp(&created)
                .is_ge()
        });
        records.insert(at, (key, item));
    }
    let mut bytes = 0;
    let mut stale = Vec::new();
    for (rank, (key, item)) in records.into_iter().enumerate() {
        bytes += item.bytes();
        if rank >= MAX_RECORDS || bytes > MAX_RECORD_BYTES || item.expired(now) {
            stale.push(key);
        }
    }
    stale
}

/// The keys of the private windows' failure records in `stored`: all of
/// them go when the browser says the private session ended.
pub fn private_records(stored: BTreeMap<String, Stamped>) -> Vec<String> {
    stored
        .into_iter()
        .filter(|(key, item)| key.starts_with(FAILURE_PREFIX) && item.private)
        .map(|(key, _)| key)
        .collect()
}

/// Automatic re-checks made at most, however long each pause: 50 reach
/// about three quarters of an hour at the default longest pause of a minute.
/// The page then stops checking and says so; Try again still works.
pub const MAX_CHECKS: u32 = 50;

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

    fn stamped(created: Option<f64>, private: bool, url_bytes: usize) -> Stamped {
        Stamped {
            created,
            private,
            failure: Some(StoredUrl {
                url: "u".repeat(url_bytes),
            }),
        }
    }

    fn stored(items: &[(&str, Option<f64>)]) -> BTreeMap<String, Stamped> {
        items
            .iter()
            .map(|&(key, created)| (key.to_owned(), stamped(created, false, 0)))
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
    fn a_private_record_goes_sooner_and_all_of_them_when_the_session_ends() {
        let now = PRIVATE_MAX_AGE_MS * 4.0;
        let hour_ago = now - 2.0 * PRIVATE_MAX_AGE_MS;
        let stored = || {
            BTreeMap::from([
                (
                    "failure:private-old".to_owned(),
                    stamped(Some(hour_ago), true, 10),
                ),
                (
                    "failure:private-new".to_owned(),
                    stamped(Some(now), true, 10),
                ),
                (
                    "failure:normal-old".to_owned(),
                    stamped(Some(hour_ago), false, 10),
                ),
                ("history".to_owned(), stamped(None, true, 0)),
            ])
        };
        assert_eq!(stale_records(stored(), now), ["failure:private-old"]);
        assert_eq!(
            private_records(stored()),
            ["failure:private-new", "failure:private-old"]
        );
        assert!(stamped(Some(hour_ago), true, 0).expired(now));
        assert!(!stamped(Some(hour_ago), false, 0).expired(now));
        assert!(stamped(None, false, 0).expired(now));
    }

    #[test]
    fn keeps_the_newest_records_within_the_byte_budget() {
        // Records written before URLs were capped, or by a damaged build:
        // a megabyte each. The newest ones that fit stay.
        let stored: BTreeMap<String, Stamped> = (0..10)
            .map(|i| {
                (
                    format!("failure:{i}"),
                    stamped(Some(f64::from(i)), false, 1 << 20),
                )
            })
            .collect();
        let mut stale = stale_records(stored, 10.0);
        stale.sort();
        assert_eq!(
            stale,
            [
                "failure:0",
                "failure:1",
                "failure:2",
                "failure:3",
                "failure:4",
                "failure:5",
                "failure:6"
            ]
        );
        // Capped URLs: the count, not the bytes, is the limit.
        let capped: BTreeMap<String, Stamped> = (0..MAX_RECORDS)
            .map(|i| {
                (
                    format!("failure:{i:03}"),
                    stamped(Some(i as f64), false, MAX_STORED_URL),
                )
            })
            .collect();
        assert!(stale_records(capped, 100.0).is_empty());
    }

    #[test]
    fn reads_the_url_length_from_a_whole_record() {
        let record: Stamped = serde_json::from_value(serde_json::json!({
            "failure": {"url": "http://a.example/", "host": "a.example", "error": "x", "time": 1},
            "evidence": {}, "tabId": 4, "created": 5, "private": true,
        }))
        .unwrap();
        assert_eq!(record.bytes(), 17 + RECORD_OVERHEAD);
        assert!(record.private);
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
