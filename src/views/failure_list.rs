//! The recent failures the toolbar button lists: a bounded list the
//! background keeps in `storage.local`, newest first, and the page built from it.
//!
//! Only what the list shows is kept (when, which host and port, the error,
//! its class and top cause), never the path or query of the failed URL.
//! The stored list is read leniently: a missing or damaged list starts
//! afresh, and an entry this build cannot read is dropped, never fatal.

use serde::{Deserialize, Deserializer, Serialize};

use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::diagnosis::diagnose;
use crate::evidence::failure::{effective_port, Failure};
use crate::evidence::loads::MAX_HOST_LEN;
use crate::evidence::Evidence;
use crate::i18n::Text;
use crate::views::cut;

/// At most this many failures are listed; the oldest go first.
pub const MAX_RECENT: usize = 50;
/// The most characters of an error string kept. The browsers' own are
/// short; the cap only bounds what a damaged value can cost.
pub const MAX_ERROR_LEN: usize = 200;
/// The latest time a JavaScript `Date` can hold, in ms since the epoch:
/// past it (or before the epoch) the page could not show the time.
const MAX_TIME: f64 = 8.64e15;

/// One failed load, as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// When it failed, in milliseconds since the Unix epoch.
    pub time: f64,
    /// `http` or `https`.
    pub scheme: String,
    /// The host as `URL.hostname` gives it, cut at [`MAX_HOST_LEN`] characters.
    pub host: String,
    /// The effective port.
    pub port: u16,
    /// The browser's raw error string, cut at [`MAX_ERROR_LEN`] characters.
    pub error: String,
    pub class: Class,
    /// The most likely cause, as the error page ranked it.
    pub cause: Cause,
    /// How many failures in a row this entry stands for (see [`FailureList::record`]).
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

impl Entry {
    /// The entry for `failure`, diagnosed with `evidence` as its page is.
    pub fn of(failure: &Failure, evidence: &Evidence) -> Entry {
        let diagnosis = diagnose(failure, evidence);
        Entry {
            time: failure.time,
            scheme: failure.scheme.clone(),
            host: cut(&failure.host, MAX_HOST_LEN),
            port: failure.port,
            error: cut(&failure.error, MAX_ERROR_LEN),
            class: diagnosis.class,
            cause: diagnosis.causes.first().map_or(Cause::Unknown, |f| f.cause),
            count: 1,
        }
    }

    /// Whether `other` is the same failure again: same site, same error.
    fn repeats(&self, other: &Entry) -> bool {
        self.host == other.host
            && self.port == other.port
            && self.scheme == other.scheme
            && self.error == other.error
    }

    /// Whether the page can show this entry: a time a `Date` can hold.
    fn valid(&self) -> bool {
        (0.0..=MAX_TIME).contains(&self.time) && self.count > 0
    }
}

/// The list as stored: newest first, at most [`MAX_RECENT`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct FailureList {
    pub entries: Vec<Entry>,
}

impl<'de> Deserialize<'de> for FailureList {
    /// Anything but a list reads as an empty one; entries that do not read
    /// (a newer build's cause, a damaged value) or cannot be shown are
    /// dropped; the rest are put newest first and cut to the cap.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FailureList, D::Error> {
        // Each item is read on its own (a `JsValue`, or a `serde_json::Value`
        // in tests), so one that fails leaves the rest readable; no
        // `serde_json::Value` in between, which was ~20 KB of the wasm module.
        let items = Option::<Vec<Readable>>::deserialize(deserializer)
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut recent = FailureList {
            entries: items
                .into_iter()
                .filter_map(|item| item.0)
                .filter(Entry::valid)
                .collect(),
        };
        recent.tidy();
        Ok(recent)
    }
}

/// A stored entry, or `None` where it does not read.
struct Readable(Option<Entry>);

impl<'de> Deserialize<'de> for Readable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Readable, D::Error> {
        Ok(Readable(Entry::deserialize(deserializer).ok()))
    }
}

impl FailureList {
    /// Adds `entry`. The same failure again right after the newest (a retry
    /// loop, a reload) is counted in that entry rather than listed anew, so
    /// one site cannot push every other out of the list.
    pub fn record(&mut self, entry: Entry) {
        if !entry.valid() {
            return;
        }
        match self.entries.first_mut() {
            Some(newest) if newest.repeats(&entry) => {
                newest.count = newest.count.saturating_add(1);
                newest.time = newest.time.max(entry.time);
                newest.class = entry.class;
                newest.cause = entry.cause;
            }
            _ => self.entries.insert(0, entry),
        }
        self.tidy();
    }

    /// Newest first (failures handled out of order are put back in order),
    /// then cut to the cap.
    fn tidy(&mut self) {
        // Stable, so entries of the same time keep the order they came in.
        self.entries.sort_by(|a, b| b.time.total_cmp(&a.time));
        self.entries.truncate(MAX_RECENT);
    }

    /// The page that lists these failures.
    pub fn page(&self) -> FailureListPage {
        FailureListPage {
            rows: self.entries.iter().map(Row::of).collect(),
        }
    }
}

/// The recent-failures page as data, before any DOM.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureListPage {
    /// Newest first; empty shows the empty state.
    pub rows: Vec<Row>,
}

/// One listed failure as shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// When, in ms since the epoch; the page formats it in the user's locale.
    pub time: f64,
    /// The host, with `:port` when the port is not the scheme's default.
    /// Attacker-controlled text.
    pub site: String,
    pub class: Class,
    /// The top cause's id, shown as `data-cause`.
    pub cause: String,
    pub cause_title: Text,
    /// The browser's raw error string.
    pub error: String,
    /// "3 times", when the entry stands for more than one failure.
    pub repeated: Option<Text>,
}

impl Row {
    fn of(entry: &Entry) -> Row {
        let default = effective_port(&entry.scheme, 0);
        let site = if entry.port == default {
            entry.host.clone()
        } else {
            // `URL.hostname` keeps an IPv6 literal's brackets, so this reads right.
            format!("{}:{}", entry.host, entry.port)
        };
        Row {
            time: entry.time,
            site,
            class: entry.class,
            cause: entry.cause.id().to_owned(),
            cause_title: Text::new(entry.cause.title_key()),
            error: entry.error.clone(),
            repeated: (entry.count > 1)
                .then(|| Text::with("recent_repeated", [entry.count.to_string()])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{English, Messages};
    use serde_json::json;

    fn failure(host: &str, port: u16, error: &str, time: f64) -> Failure {
        serde_json::from_value(json!({
            "url": format!("http://{host}:{port}/secret/path?q=1"), "scheme": "http",
            "host": host, "port": port, "error": error, "time": time,
        }))
        .unwrap()
    }

    fn refused(port: u16, time: f64) -> Entry {
        Entry::of(
            &failure("127.0.0.1", port, "net::ERR_CONNECTION_REFUSED", time),
            &Evidence::default(),
        )
    }

    fn read(value: serde_json::Value) -> FailureList {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn an_entry_keeps_the_top_cause_and_not_the_path() {
        let entry = refused(5173, 1_000.0);
        assert_eq!(entry.class, Class::ConnectionRefused);
        assert_eq!(entry.cause, Cause::LocalServerDown);
        let stored = serde_json::to_string(&entry).unwrap();
        assert!(!stored.contains("secret"), "{stored}");
        assert_eq!(
            serde_json::from_str::<Entry>(&stored).unwrap(),
            entry,
            "round trip"
        );
    }

    #[test]
    fn lists_newest_first_and_keeps_at_most_the_cap() {
        let mut recent = FailureList::default();
        for i in 0..MAX_RECENT as u16 + 7 {
            recent.record(refused(1000 + i, f64::from(i)));
        }
        assert_eq!(recent.entries.len(), MAX_RECENT);
        assert_eq!(recent.entries[0].port, 1000 + MAX_RECENT as u16 + 6);
        assert_eq!(recent.entries[MAX_RECENT - 1].port, 1007, "the oldest went");
        // A failure handled late (the background awaits evidence) still sorts by its time.
        recent.record(refused(9, 20.5));
        let times: Vec<f64> = recent.entries.iter().map(|e| e.time).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
        assert!(recent.entries.iter().any(|e| e.port == 9));
    }

    #[test]
    fn the_same_failure_again_is_counted_not_listed_anew() {
        let mut recent = FailureList::default();
        recent.record(refused(5173, 1.0));
        recent.record(refused(5173, 2.0));
        recent.record(refused(5173, 3.0));
        assert_eq!(recent.entries.len(), 1);
        assert_eq!((recent.entries[0].count, recent.entries[0].time), (3, 3.0));
        let row = &recent.page().rows[0];
        assert_eq!(row.repeated.as_ref().unwrap().resolve(&English), "3 times");
        // Another site in between starts a new entry.
        recent.record(refused(8080, 4.0));
        recent.record(refused(5173, 5.0));
        assert_eq!(recent.entries.len(), 3);
        assert_eq!(recent.page().rows[0].repeated, None);
    }

    #[test]
    fn reads_a_missing_or_damaged_list_as_empty() {
        for junk in [
            json!(null),
            json!({}),
            json!("recent"),
            json!(42),
            json!({"entries": []}),
        ] {
            assert_eq!(read(junk.clone()), FailureList::default(), "{junk}");
        }
    }

    #[test]
    fn drops_entries_it_cannot_read_or_show_and_keeps_the_rest() {
        let good = serde_json::to_value(refused(5173, 10.0)).unwrap();
        let mut newer_cause = good.clone();
        newer_cause["cause"] = json!("cause-from-the-future");
        let mut no_host = good.clone();
        no_host.as_object_mut().unwrap().remove("host");
        let mut far_future = good.clone();
        far_future["time"] = json!(1e300);
        let mut before_epoch = good.clone();
        before_epoch["time"] = json!(-1.0);
        let mut older = good.clone();
        older["time"] = json!(5.0);
        older["port"] = json!(8080);
        older.as_object_mut().unwrap().remove("count");
        let recent = read(json!([
            1,
            "x",
            null,
            older,
            newer_cause,
            no_host,
            far_future,
            before_epoch,
            good,
        ]));
        let ports: Vec<u16> = recent.entries.iter().map(|e| e.port).collect();
        assert_eq!(ports, [5173, 8080], "readable ones, newest first");
        assert_eq!(recent.entries[1].count, 1, "count defaults to one");
    }

    #[test]
    fn trims_a_stored_list_over_the_cap() {
        let items: Vec<serde_json::Value> = (0..10_000)
            .map(|i| serde_json::to_value(refused(1, f64::from(i))).unwrap())
            .collect();
        let mut recent = read(json!(items));
        assert_eq!(recent.entries.len(), MAX_RECENT);
        recent.record(refused(2, 20_000.0));
        assert_eq!(recent.entries.len(), MAX_RECENT);
        assert_eq!(recent.entries[0].time, 20_000.0);
    }

    #[test]
    fn cuts_hostile_lengths() {
        let host = "a".repeat(100_000);
        let error = "E".repeat(100_000);
        let entry = Entry::of(&failure(&host, 80, &error, 1.0), &Evidence::default());
        assert_eq!(entry.host.chars().count(), MAX_HOST_LEN + 1);
        assert!(entry.host.ends_with('…'));
        assert_eq!(entry.error.chars().count(), MAX_ERROR_LEN + 1);
        let mut recent = FailureList::default();
        recent.record(Entry {
            time: f64::NAN,
            ..entry.clone()
        });
        assert!(recent.entries.is_empty(), "a time no Date holds is refused");
    }

    #[test]
    fn the_page_shows_the_port_only_when_not_the_default() {
        let mut recent = FailureList::default();
        recent.record(refused(5173, 1.0));
        recent.record(Entry::of(
            &failure("[::1]", 80, "net::ERR_CONNECTION_REFUSED", 2.0),
            &Evidence::default(),
        ));
        let mut https = Entry::of(
            &failure("example.org", 443, "net::ERR_CONNECTION_RESET", 3.0),
            &Evidence::default(),
        );
        https.scheme = "https".into();
        recent.record(https);
        let page = recent.page();
        let sites: Vec<&str> = page.rows.iter().map(|r| r.site.as_str()).collect();
        assert_eq!(sites, ["example.org", "[::1]", "127.0.0.1:5173"]);
        let top = &page.rows[2];
        assert_eq!(top.cause, "local-server-down");
        assert_eq!(top.error, "net::ERR_CONNECTION_REFUSED");
        let title = top.cause_title.resolve(&English);
        assert_ne!(title, top.cause_title.key, "the title has English");
        assert!(English.get("recent_title", &[]).is_some());
    }
}
