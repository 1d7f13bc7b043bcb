//! What NetWhy keeps in the browser's storage, and under which keys. The
//! background (JS) reads the keys from `extension/storage-keys.js`, which a
//! test keeps identical to [`KEYS`].

use serde::{Deserialize, Deserializer};

use crate::evidence::failure::Failure;
use crate::evidence::gathered::Gathered;
use crate::evidence::loads::LoadSummary;
use crate::evidence::Evidence;

/// Session storage: one failure record per token, `failure:<token>`.
pub const FAILURE_PREFIX: &str = "failure:";
/// Session storage: a failure whose tab is not on its way to our page yet,
/// `pending:<request id>`, so that the next worker can finish it.
pub const PENDING_PREFIX: &str = "pending:";
/// Session storage: the ring of recent loads.
pub const LOADS: &str = "history";
/// Local storage: the list of recent failures (the toolbar button).
pub const FAILURE_LIST: &str = "recent";
/// Session storage: the settings in sync and managed storage as the
/// background last read them, for the next worker (`extension/settings.js`).
pub const SETTINGS_COPY: &str = "settings";
/// Session storage: `runtime.getPlatformInfo()`, for the next worker.
pub const PLATFORM: &str = "platform";

/// Every key and prefix, by the name `extension/storage-keys.js` exports it under.
pub const KEYS: &[(&str, &str)] = &[
    ("FAILURE_PREFIX", FAILURE_PREFIX),
    ("PENDING_PREFIX", PENDING_PREFIX),
    ("LOADS", LOADS),
    ("FAILURE_LIST", FAILURE_LIST),
    ("SETTINGS_COPY", SETTINGS_COPY),
    ("PLATFORM", PLATFORM),
];

/// A failure record as the page reads it from `failure:<token>`. Only the
/// failure is required: unreadable evidence reads as none, which makes the
/// diagnosis vaguer, not absent.
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "Stored")]
pub struct FailureRecord {
    pub failure: Failure,
    pub evidence: Evidence,
    /// The tab the record was made for: only that tab may show it.
    pub tab_id: Option<i64>,
    /// When it was stored, in milliseconds since the epoch.
    pub created: Option<f64>,
    /// Whether the failure is in the list of recent failures already: the
    /// page that shows a record first lists it, and sets this.
    pub listed: bool,
    /// Whether it is a private window's, which is kept for less long.
    pub private: bool,
}

/// The record as stored. The background keeps what the extension APIs
/// said (`gathered`) and what its ring of recent loads says about the site
/// (`history`); the page reads them into the evidence, and once it adds to
/// that (the probes' results, the extensions), stores the `evidence`, which
/// is read from then on. The background's module so holds no evidence code.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    failure: Failure,
    #[serde(default, deserialize_with = "lenient")]
    evidence: Option<Evidence>,
    #[serde(default, deserialize_with = "lenient")]
    gathered: Option<Gathered>,
    #[serde(default, deserialize_with = "lenient")]
    history: Option<LoadSummary>,
    #[serde(default)]
    tab_id: Option<i64>,
    #[serde(default)]
    created: Option<f64>,
    #[serde(default)]
    listed: bool,
    #[serde(default)]
    private: bool,
}

impl From<Stored> for FailureRecord {
    fn from(stored: Stored) -> Self {
        let evidence = match stored.evidence {
            Some(evidence) => evidence,
            None => stored.gathered.unwrap_or_default().evidence(stored.history),
        };
        FailureRecord {
            failure: stored.failure,
            evidence,
            tab_id: stored.tab_id,
            created: stored.created,
            listed: stored.listed,
            private: stored.private,
        }
    }
}

impl FailureRecord {
    /// Whether the record is past its retention at `now`: it is never shown
    /// then, even before the background's next clean-up deletes it.
    pub fn expired(&self, now: f64) -> bool {
        crate::policy::retention::expired(self.created, self.private, now)
    }
}

fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)
        .ok()
        .flatten()
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_background_reads_the_same_keys() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/storage-keys.js");
        let js = std::fs::read_to_string(path).unwrap();
        let exported: Vec<(String, String)> = js
            .lines()
            .filter_map(|line| line.strip_prefix("export const "))
            .map(|rest| {
                let (name, value) = rest.split_once(" = ").expect("NAME = \"value\";");
                let value = value.trim_end_matches(';').trim_matches('"');
                (name.to_owned(), value.to_owned())
            })
            .collect();
        let expected: Vec<(String, String)> = KEYS
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        assert_eq!(
            exported, expected,
            "extension/storage-keys.js and policy::stored::KEYS"
        );
    }

    #[test]
    fn a_record_needs_only_its_failure() {
        let failure = json!({"url": "http://a.test/", "scheme": "http", "host": "a.test",
            "error": "net::ERR_CONNECTION_REFUSED", "time": 1});
        let record: FailureRecord = serde_json::from_value(
            json!({"failure": failure, "evidence": {"online": "yes"}, "tabId": 7}),
        )
        .unwrap();
        assert_eq!(
            record.evidence,
            Evidence::default(),
            "unreadable evidence reads as none"
        );
        assert_eq!(record.tab_id, Some(7));
        assert!(serde_json::from_value::<FailureRecord>(json!({"evidence": {}})).is_err());
    }

    #[test]
    fn the_page_reads_what_was_gathered_until_it_stores_the_evidence() {
        let failure = json!({"url": "http://a.test/", "scheme": "http", "host": "a.test",
            "error": "net::ERR_CONNECTION_REFUSED", "time": 1});
        let gathered = json!({"online": false, "selfId": "me",
            "extensions": [{"id": "me", "name": "NetWhy"}, {"id": "x", "name": "Blocker"}]});
        let history = json!({"otherHostsOk": 3});
        let read = |raw| {
            serde_json::from_value::<FailureRecord>(raw)
                .unwrap()
                .evidence
        };

        let first = read(json!({"failure": failure, "gathered": gathered, "history": history}));
        assert_eq!(first.online, Some(false));
        assert_eq!(
            first.extensions.as_ref().map(Vec::len),
            Some(1),
            "NetWhy left out"
        );
        assert_eq!(first.history.as_ref().map(|h| h.other_hosts_ok), Some(3));

        let mut written = first.clone();
        written.probes = Some(vec![]);
        let evidence = serde_json::to_value(&written).unwrap();
        let again = read(
            json!({"failure": failure, "gathered": gathered, "history": history,
            "evidence": evidence}),
        );
        assert_eq!(again, written, "the stored evidence wins");

        let unreadable = read(json!({"failure": failure, "gathered": {"online": "no"},
            "history": history}));
        assert_eq!(unreadable.online, None, "what was gathered is unreadable");
        assert_eq!(
            unreadable.history, first.history,
            "the history still counts"
        );
    }

    #[test]
    fn a_record_past_its_retention_is_expired_a_private_one_sooner() {
        let record = |created: f64, private: bool| -> FailureRecord {
            serde_json::from_value(json!({"failure": {"url": "http://a.test/", "scheme": "http",
                "host": "a.test", "error": "x", "time": 1}, "created": created, "private": private}))
            .unwrap()
        };
        let hour = 3_600_000.0;
        assert!(!record(0.0, false).expired(hour));
        assert!(record(0.0, true).expired(hour));
        assert!(!record(0.0, true).expired(hour / 60.0));
        assert!(record(0.0, false).expired(25.0 * hour));
    }
}
