//! What each fuzz target does with one input, and what must hold afterwards.
//!
//! Shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and by
//! `tests/fuzz_corpus.rs`, which runs the committed corpus through the same
//! code as a normal `cargo test`. Only `netwhy` and `serde_json` are used, so
//! both crates can compile it. A panic here is a bug in the core.

#![allow(dead_code)]

use netwhy::catalog;
use netwhy::evidence::host::{self, HostKind};
use netwhy::evidence::loads::{LoadRing, Outcome, MAX_HOST_LEN};
use netwhy::i18n::English;
use netwhy::views::report;
use serde_json::{json, Value};

/// Bytes as an error string: classified, looked up and explained consistently.
pub fn classify(data: &[u8]) {
    let error = String::from_utf8_lossy(data);
    let class = catalog::classify(&error);
    if let Some(entry) = catalog::lookup(&error) {
        assert_eq!(entry.class, class, "{error:?}");
        let again = catalog::lookup(entry.name).map(|e| e.name);
        assert_eq!(again, Some(entry.name), "{error:?}");
    }
    let explanation = catalog::explain(&error, &English);
    assert_eq!(explanation.class, class, "{error:?}");
    assert_eq!(explanation.certificate, class.certificate());
    assert_eq!(explanation.intercepted, class.intercept());
    assert!(!explanation.title.is_empty() && !explanation.explanation.is_empty());
}

/// Bytes as a host name: classified consistently, and harmless to the
/// history's look-alike search.
pub fn host(data: &[u8]) {
    let name = String::from_utf8_lossy(data);
    let kind = HostKind::of(&name);
    assert!(!kind.is_this_computer() || kind.is_local(), "{name:?}");
    match host::parse_address(&name) {
        Some(address) => {
            assert_eq!(HostKind::of_address(address), kind, "{name:?}");
            assert_eq!(HostKind::of(&address.to_string()), kind, "{name:?}");
        }
        None => assert!(
            matches!(
                kind,
                HostKind::Loopback | HostKind::LocalName | HostKind::PublicName
            ),
            "a name is never an address kind: {name:?} is {kind:?}"
        ),
    }

    let mut history = LoadRing::default();
    let typo = format!("{name}x");
    for (time, loaded) in ["github.com", &name, &"a".repeat(300), "example.org", &typo]
        .into_iter()
        .enumerate()
    {
        history.record(Outcome {
            host: loaded.to_owned(),
            port: 443,
            time: time as f64,
            class: None,
            ip: None,
            ms: Some(time as f64),
        });
    }
    let summary = history.summary(&name, 443, 10.0);
    assert!(summary.last_success_ago_ms.is_some(), "{name:?}");
    let similar = summary.similar_host.as_deref();
    assert_ne!(similar, Some(&*name), "{name:?}");
    if name.chars().count() > 4 && typo.len() <= MAX_HOST_LEN {
        // One edit away and the newest: nothing beats it.
        assert_eq!(similar, Some(typo.as_str()), "{name:?}");
    }
}

/// Bytes as a report file, and bytes as the choices that build a well-formed
/// report: the first may fail with a message, the second must replay.
pub fn report(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match report::replay(&text) {
        Ok(replayed) => check_replayed(&replayed),
        Err(error) => assert!(!error.is_empty()),
    }
    let built = built_report(data).to_string();
    match report::replay(&built) {
        Ok(replayed) => check_replayed(&replayed),
        Err(error) => panic!("a well-formed report failed: {error}\n{built}"),
    }
}

/// What every replay says: a class, a host kind and one to four causes.
pub fn check_replayed(replayed: &str) {
    let value: Value = serde_json::from_str(replayed).expect("replay writes JSON");
    assert!(value["class"].is_string() && value["host"].is_string());
    let causes = value["causes"].as_array().expect("causes");
    assert!((1..=4).contains(&causes.len()), "{replayed}");
    for cause in causes {
        assert!(cause["confidence"].as_u64().is_some_and(|c| c <= 100));
        assert!(cause["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(cause["steps"].as_array().is_some_and(|s| !s.is_empty()));
    }
}

/// Reads choices from fuzz bytes; zeros once they run out.
struct Choices<'a>(&'a [u8]);

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let (&first, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        first
    }

    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    fn below(&mut self, n: usize) -> usize {
        usize::from(u16::from_le_bytes([self.byte(), self.byte()])) % n
    }

    fn maybe<T>(&mut self, make: impl FnOnce(&mut Self) -> T) -> Option<T> {
        self.flag().then(|| make(self))
    }

    fn list<T>(&mut self, mut make: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.below(6);
        (0..n).map(|_| make(self)).collect()
    }

    /// A string of the fuzz bytes themselves, up to 64 long.
    fn raw(&mut self) -> String {
        let n = self.below(65).min(self.0.len());
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8_lossy(taken).into_owned()
    }

    /// One of `pool`, or raw bytes.
    fn pick(&mut self, pool: &[&str]) -> String {
        match self.below(pool.len() + 1) {
            i if i < pool.len() => pool[i].to_owned(),
            _ => self.raw(),
        }
    }

    /// Any finite number: JSON has no others.
    fn number(&mut self) -> f64 {
        let bytes = std::array::from_fn(|_| self.byte());
        let n = f64::from_le_bytes(bytes);
        if n.is_finite() {
            n
        } else {
            f64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
        }
    }

    /// A catalogue error in one of the spellings the browsers use, or raw bytes.
    fn error(&mut self) -> String {
        let entries: Vec<_> = catalog::entries().collect();
        let entry = entries[self.below(entries.len())];
        match self.byte() % 6 {
            0 => entry.name.to_owned(),
            1 => format!("net::{}", entry.name),
            2 => entry.code().to_string(),
            3 => format!("0x{:X}", entry.code()),
            4 => format!("Error code {}", entry.code()),
            _ => self.raw(),
        }
    }
}

const HOSTS: &[&str] = &[
    "127.0.0.1",
    "localhost",
    "[::1]",
    "0.0.0.0",
    "[::]",
    "192.168.1.20",
    "[fe80::1]",
    "nas.local",
    "intranet",
    "example.com",
    "githb.com",
    "8.8.8.8",
    "[::ffff:127.0.0.1]",
];

const ADDRESSES: &[&str] = &["0.0.0.0", "127.0.0.1", "::", "::1", "10.0.0.2", "1.1.1.1"];

const PUBLIC_ADDRESSES: &[&str] = &["198.51.100.7", "2001:db8::1", "127.0.0.1"];

const PERMISSIONS: &[&str] = &[
    "declarativeNetRequest",
    "webRequestBlocking",
    "proxy",
    "management",
];

/// A report of the documented shape whose every value comes from `data`.
pub fn built_report(data: &[u8]) -> Value {
    let mut c = Choices(data);
    let c = &mut c;
    let failure = json!({
        "url": c.pick(&["http://127.0.0.1:5173/", "https://example.com/", "javascript:alert(1)"]),
        "scheme": c.pick(&["http", "https"]),
        "host": c.pick(HOSTS),
        "port": u16::from_le_bytes([c.byte(), c.byte()]),
        "error": c.error(),
        "ip": c.maybe(|c| c.pick(ADDRESSES)),
        "method": c.pick(&["GET", "POST"]),
        "fromCache": c.flag(),
        "time": c.number(),
        "started": c.maybe(Choices::number),
    });
    let proxy = c.maybe(|c| {
        json!({
            "mode": c.pick(&["direct", "fixed_servers", "pac_script", "system", "manual"]),
            "server": c.maybe(Choices::raw),
            "levelOfControl": c.pick(&["controlled_by_other_extensions", "not_controllable"]),
        })
    });
    let proxy_errors = c.list(|c| json!({"error": c.error(), "time": c.number()}));
    let extensions = c.maybe(|c| {
        c.list(|c| {
            json!({
                "id": c.raw(),
                "name": c.raw(),
                "enabled": c.flag(),
                "permissions": c.list(|c| c.pick(PERMISSIONS)),
            })
        })
    });
    let history = c.maybe(|c| {
        json!({
            "lastSuccessAgoMs": c.maybe(Choices::number),
            "otherHostsOk": u32::from(c.byte() % 4),
            "otherHostsFailing": u32::from(c.byte() % 4),
            "lastOtherSuccessAgoMs": c.maybe(Choices::number),
            "similarHost": c.maybe(|c| c.pick(HOSTS)),
        })
    });
    let dns = c.maybe(|c| {
        json!({
            "addresses": c.list(|c| c.pick(ADDRESSES)),
            "error": c.maybe(Choices::error),
        })
    });
    let online = c.maybe(Choices::flag);
    // Version 3's evidence, drawn after version 1's so that older corpus
    // inputs still build the same version 1 parts.
    let mut history = history;
    if let Some(history) = history.as_mut() {
        history["loadedFrom"] = json!(c.maybe(|c| c.pick(PUBLIC_ADDRESSES)));
        history["loadedFromAgoMs"] = json!(c.maybe(Choices::number));
    }
    let system_dns = c.maybe(|c| {
        json!({
            "addresses": c.list(|c| c.pick(ADDRESSES)),
            "error": c.maybe(Choices::error),
            "isTRR": c.maybe(Choices::flag),
        })
    });
    let probes = c.maybe(|c| {
        c.list(|c| {
            json!({
                "host": c.pick(HOSTS),
                "port": u16::from_le_bytes([c.byte(), c.byte()]),
                "answered": c.flag(),
            })
        })
    });
    let captive_portal = c.maybe(|c| {
        json!({
            "state": c.pick(&["locked_portal", "unlocked_portal", "not_captive", "unknown"]),
            "canonicalUrl": c.maybe(|c| c.pick(&["http://detectportal.firefox.com/canonical.html", "javascript:x"])),
        })
    });
    json!({
        "version": 3,
        "failure": failure,
        "evidence": {
            "online": online,
            "proxy": proxy,
            "proxyErrors": proxy_errors,
            "extensions": extensions,
            "history": history,
            "dns": dns,
            "systemDns": system_dns,
            "probes": probes,
            "captivePortal": captive_portal,
        },
    })
}
