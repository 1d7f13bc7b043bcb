//! 10,000 failures through the same core calls the background makes, with
//! session storage modelled as the JSON it holds: the history of loads and
//! the failure records stay within their caps the whole way, and the records
//! kept are always the newest. (The end-to-end suite checks the same caps in
//! a real browser with fewer failures; a real browser needs minutes for ten
//! thousand.)

use std::collections::BTreeMap;

use netwhy::evidence::gathered::Load;
use netwhy::evidence::loads::{LoadRing, MAX_OUTCOMES};
use netwhy::policy::intercept::{decide, ErrorEvent};
use netwhy::policy::retention::{
    stale_records, Stamped, MAX_RECORDS, MAX_RECORD_BYTES, MAX_STORED_URL,
};
use netwhy::policy::settings::Settings;
use netwhy::policy::stored::FAILURE_PREFIX;
use serde_json::{json, Map, Value};

const FAILURES: usize = 10_000;

/// Session storage: key → JSON value, as `storage.session.get(null)` returns it.
type Storage = Map<String, Value>;

/// The background's ring: held in memory and written to storage after every
/// load, read back from storage only when the worker starts again.
struct Background {
    history: LoadRing,
}

impl Background {
    fn start(storage: &Storage) -> Background {
        let history = storage
            .get("history")
            .map(|ring| serde_json::from_value(ring.clone()).unwrap())
            .unwrap_or_default();
        Background { history }
    }

    /// `recordLoad`, then `storage.session.set({history})` (every 10th time
    /// here: the JSON is the same, and writing it 10,000 times is slow).
    fn remember(&mut self, storage: &mut Storage, load: Load, write: bool) {
        if let Some(outcome) = load.outcome() {
            self.history.record(outcome);
        }
        if write {
            storage.insert(
                "history".into(),
                serde_json::to_value(&self.history).unwrap(),
            );
        }
    }
}

/// `staleRecords` and the removal of what it names. (It is handed all of
/// storage in the browser; its own tests show it ignores other items, and
/// copying the history here too would only slow this test down.)
fn clean_up(storage: &mut Storage, now: f64) {
    let stored = storage
        .iter()
        .filter(|(key, _)| key.starts_with(FAILURE_PREFIX))
        .map(|(key, item)| (key.clone(), item.clone()));
    let stamped: BTreeMap<String, Stamped> =
        serde_json::from_value(Value::Object(stored.collect())).unwrap();
    for key in stale_records(stamped, now) {
        storage.remove(&key);
    }
}

fn records(storage: &Storage) -> Vec<&String> {
    storage
        .keys()
        .filter(|key| key.starts_with(FAILURE_PREFIX))
        .collect()
}

#[test]
fn ten_thousand_failures_stay_within_every_cap() {
    let mut storage = Storage::new();
    let mut background = Background::start(&storage);
    let start = 1_767_225_600_000.0;
    for i in 0..FAILURES {
        // The worker sleeps now and then (just after a write, as the
        // background writes after every load) and starts from storage again.
        if i > 0 && i % 1_000 == 0 {
            background = Background::start(&storage);
        }
        let now = start + i as f64 * 100.0;
        // Nearly every failure a different site (the worst case for the
        // ring); the sites come round again after 9,000 failures.
        let host = format!("site{}.example", i % (FAILURES / 10 * 9));
        let load = Load {
            scheme: "https".into(),
            host,
            port: (i % 7) as u16,
            time: now,
            started: Some(now - 40.0),
            error: Some("net::ERR_CONNECTION_REFUSED".into()),
            // The server's address is kept for successes only.
            ip: Some("198.51.100.7".into()),
            from_cache: false,
            proxied: None,
        };
        background.remember(&mut storage, load, i % 10 == 9);
        storage.insert(
            format!("{FAILURE_PREFIX}{i:05}"),
            json!({"failure": {}, "evidence": {}, "tabId": i % 30, "created": now}),
        );
        clean_up(&mut storage, now);

        let kept = records(&storage);
        assert!(
            kept.len() <= MAX_RECORDS,
            "{} records after {i}",
            kept.len()
        );
        let outcomes = background.history.outcomes.len();
        assert!(outcomes <= MAX_OUTCOMES, "{outcomes} outcomes after {i}");
        if let Some(stored) = storage.get("history") {
            let stored = stored["outcomes"].as_array().unwrap().len();
            assert!(stored <= MAX_OUTCOMES, "{stored} stored outcomes after {i}");
        }
    }

    // The newest records are the ones kept, and nothing else was touched.
    let kept = records(&storage);
    assert_eq!(kept.len(), MAX_RECORDS);
    assert_eq!(
        kept.first().unwrap().as_str(),
        format!("{FAILURE_PREFIX}{:05}", FAILURES - MAX_RECORDS)
    );
    let history: LoadRing = serde_json::from_value(storage["history"].clone()).unwrap();
    assert_eq!(history.outcomes.len(), MAX_OUTCOMES);
    assert!(history
        .outcomes
        .iter()
        .all(|outcome| outcome.time >= start + (FAILURES - MAX_OUTCOMES) as f64 * 100.0));
}

/// Session storage holds 10 MiB in both browsers; browsers accept URLs of
/// 2 MiB (Chromium) and 1 MiB (Firefox), and a host as long. A site failing
/// with such addresses again and again must leave room for the next failure:
/// URLs are cut when recorded, hosts that long stay out of the ring, and
/// the records kept fit the byte budget.
#[test]
fn failures_at_the_longest_urls_leave_session_storage_room() {
    const QUOTA: usize = 10 << 20;
    let mut storage = Storage::new();
    let mut background = Background::start(&storage);
    let start = 1_767_225_600_000.0;
    // Forty: eight times what would fill the quota uncut.
    for i in 0..40 {
        let now = start + f64::from(i) * 100.0;
        let host = if i % 2 == 0 {
            format!("{}.example", "h".repeat(2 << 20))
        } else {
            "127.0.0.1".into()
        };
        let url = format!("http://{host}:5173/{}?{i}", "p".repeat(2 << 20));
        let event: ErrorEvent = serde_json::from_value(json!({
            "url": url, "scheme": "http", "host": host, "port": 5173,
            "error": "net::ERR_CONNECTION_REFUSED", "time": now,
            "type": "main_frame", "tabId": 1, "frameId": 0,
        }))
        .unwrap();
        let failure = decide(event, &Settings::default()).unwrap();
        assert!(failure.url.len() <= MAX_STORED_URL);
        let load = Load {
            scheme: "http".into(),
            host: host.clone(),
            port: 5173,
            time: now,
            started: None,
            error: Some("net::ERR_CONNECTION_REFUSED".into()),
            ip: None,
            from_cache: false,
            proxied: None,
        };
        background.remember(&mut storage, load, true);
        // The record as the background writes it (its host, too, is the
        // failure's; a record's host is cut where it is shown).
        storage.insert(
            format!("{FAILURE_PREFIX}{i:05}"),
            json!({"failure": failure, "evidence": {}, "tabId": 1, "created": now}),
        );
        clean_up(&mut storage, now);
        let bytes = |keep: &dyn Fn(&String) -> bool| -> usize {
            storage
                .iter()
                .filter(|(key, _)| keep(key))
                .map(|(key, value)| key.len() + value.to_string().len())
                .sum()
        };
        let records = bytes(&|key| key.starts_with(FAILURE_PREFIX));
        assert!(
            records <= MAX_RECORD_BYTES,
            "{records} bytes of records after {i}"
        );
        let used = bytes(&|_| true);
        // The next failure, written before the clean-up, must fit too.
        assert!(
            used + MAX_STORED_URL * 2 < QUOTA / 2,
            "{used} bytes after failure {i}"
        );
    }
    let records = records(&storage).len();
    assert!(records >= 1, "the newest failure is kept");
    let history: LoadRing = serde_json::from_value(storage["history"].clone()).unwrap();
    assert!(history.outcomes.iter().all(|o| o.host == "127.0.0.1"));
}
