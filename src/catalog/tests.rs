//! Whole-table checks: sizes, classes, messages, codes.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::*;
use crate::i18n::{English, Messages};
use serde_json::json;

const CHROMIUM_ROWS: usize = 286;
const CHROMIUM_LEGACY: usize = 34;
const FIREFOX_ROWS: usize = 149;

/// Rows per class: (class, chromium, firefox), by class id.
const EXPECTED_COUNTS: &[(&str, usize, usize)] = &[
    ("aborted", 4, 6),
    ("access-denied", 4, 1),
    ("address-invalid", 1, 1),
    ("address-unreachable", 1, 0),
    ("auth", 11, 4),
    ("blocked-as-unsafe", 2, 11),
    ("blocked-by-client", 1, 1),
    ("blocked-by-policy", 3, 2),
    ("blocked-by-site-policy", 4, 10),
    ("browser-internal", 39, 11),
    ("cache", 14, 9),
    ("certificate", 30, 1),
    ("client-certificate", 9, 0),
    ("connection-closed", 5, 3),
    ("connection-failed", 8, 6),
    ("connection-refused", 1, 2),
    ("connection-reset", 3, 2),
    ("dns-failure", 18, 1),
    ("handled-elsewhere", 1, 5),
    ("http-protocol", 43, 14),
    ("https-only", 1, 1),
    ("invalid-url", 3, 3),
    ("local-network-access", 5, 2),
    ("local-resource", 13, 1),
    ("name-not-resolved", 3, 2),
    ("network-changed", 2, 0),
    ("offline", 1, 1),
    ("proxy", 18, 41),
    ("redirect", 4, 2),
    ("server-error", 4, 2),
    ("timed-out", 3, 2),
    ("tls", 26, 1),
    ("unsafe-port", 1, 1),
];

#[test]
fn table_size_and_counts_per_class() {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for entry in entries() {
        let count = counts.entry(entry.class.id()).or_default();
        match entry.browser {
            Browser::Chromium => count.0 += 1,
            Browser::Firefox => count.1 += 1,
        }
    }
    let mut table = format!("{:<24} {:>8} {:>8}\n", "class", "chromium", "firefox");
    for (class, (chromium, firefox)) in &counts {
        table.push_str(&format!("{class:<24} {chromium:>8} {firefox:>8}\n"));
    }
    println!("{table}");
    // The snapshot below keeps the counts visible without --nocapture; a
    // reclassification must update it on purpose (the failure shows the table).
    let snapshot: Vec<(&str, usize, usize)> =
        counts.iter().map(|(k, (c, f))| (*k, *c, *f)).collect();
    assert_eq!(
        snapshot, EXPECTED_COUNTS,
        "counts per class changed:\n{table}"
    );
    let chromium: Vec<_> = entries()
        .filter(|e| e.browser == Browser::Chromium)
        .collect();
    let firefox: Vec<_> = entries()
        .filter(|e| e.browser == Browser::Firefox)
        .collect();
    println!(
        "total: {} chromium ({} legacy), {} firefox",
        chromium.len(),
        CHROMIUM_LEGACY,
        firefox.len()
    );
    assert_eq!(chromium.len(), CHROMIUM_ROWS);
    assert_eq!(
        chromium.iter().filter(|e| e.legacy).count(),
        CHROMIUM_LEGACY
    );
    assert_eq!(firefox.len(), FIREFOX_ROWS);
    assert_eq!(
        counts.values().map(|(c, f)| c + f).sum::<usize>(),
        CHROMIUM_ROWS + FIREFOX_ROWS
    );
    // Chromium rows first, then Firefox.
    let first_firefox = entries()
        .position(|e| e.browser == Browser::Firefox)
        .unwrap();
    assert_eq!(first_firefox, CHROMIUM_ROWS);
    // Only `unknown` is never a row's class.
    for class in Class::ALL {
        let used = counts.contains_key(class.id());
        assert_eq!(used, *class != Class::Unknown, "class {class} use");
    }
}

#[test]
fn classes_are_their_ids_in_json() {
    for &class in Class::ALL {
        let json = serde_json::to_value(class).unwrap();
        assert_eq!(json, class.id());
        assert_eq!(serde_json::from_value::<Class>(json).unwrap(), class);
        let text = format!("[\"{}\"]", class.id());
        assert_eq!(serde_json::from_str::<Vec<Class>>(&text).unwrap(), [class]);
    }
    for bad in [
        json!("Tls"),
        json!("no-such-class"),
        json!(3),
        json!(null),
        json!({"tls": null}),
    ] {
        assert!(
            serde_json::from_value::<Class>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn every_class_has_english_title_and_explanation() {
    for class in Class::ALL {
        for key in [class.title_key(), class.explanation_key()] {
            let text = English
                .get(&key, &[])
                .unwrap_or_else(|| panic!("missing message {key}"));
            assert!(!text.trim().is_empty(), "{key} is empty");
            assert!(!text.contains('\''), "{key}: use ’, not '");
        }
        let explanation = English.get(&class.explanation_key(), &[]).unwrap();
        assert!(
            explanation.ends_with('.'),
            "{class}: explanation is one sentence"
        );
        assert_eq!(
            explanation.matches(". ").count(),
            0,
            "{class}: explanation is one sentence"
        );
    }
}

#[test]
fn rows_are_well_formed() {
    let mut names = HashSet::new();
    for entry in entries() {
        assert!(names.insert(entry.name), "duplicate name {}", entry.name);
        assert!(
            entry.name.len() <= spelling::MAX_NAME,
            "{} too long",
            entry.name
        );
        // The wasm build leaves the detail lines out (the CLI has them).
        #[cfg(not(target_arch = "wasm32"))]
        {
            assert!(
                !entry.detail.is_empty() && entry.detail.len() <= 60,
                "{}: detail length",
                entry.name
            );
            assert!(!entry.detail.contains('\n'));
        }
        match entry.browser {
            Browser::Chromium => {
                assert!(entry.name.starts_with("ERR_"), "{}", entry.name);
                assert!(
                    (-999..=-1).contains(&entry.code()),
                    "{} out of range",
                    entry.name
                );
            }
            Browser::Firefox => {
                assert!(entry.name.starts_with("NS_"), "{}", entry.name);
                // Failures only: the severity bit is set and the value fits 32 bits.
                assert!(
                    (0x8000_0000..=0xFFFF_FFFF).contains(&entry.code()),
                    "{}",
                    entry.name
                );
            }
        }
    }
}

#[test]
fn chromium_codes_sit_in_their_documented_ranges() {
    for entry in entries().filter(|e| e.browser == Browser::Chromium) {
        let range = -entry.code() / 100;
        let ok = match range {
            2 => entry.class == Class::Certificate,
            4 => entry.class == Class::Cache,
            6 => entry.legacy, // FTP support was removed
            7 => entry.class == Class::BrowserInternal,
            8 => matches!(
                entry.class,
                Class::DnsFailure | Class::NameNotResolved | Class::Redirect | Class::Aborted
            ),
            9 => entry.class == Class::LocalResource && entry.name.starts_with("ERR_BLOB_"),
            _ => (0..=5).contains(&range),
        };
        assert!(
            ok,
            "{} ({}) does not fit range {}xx as {}",
            entry.name,
            entry.code(),
            range,
            entry.class
        );
    }
}

#[test]
fn codes_are_unique_per_browser_but_for_documented_sharing() {
    // Legacy Chromium names whose code a current name reuses; the current one wins.
    // Chromium renamed Private Network Access to Local Network Access.
    let shared: &[(&str, &str)] = &[
        (
            "ERR_CACHED_IP_ADDRESS_SPACE_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_POLICY",
            "ERR_CACHED_IP_ADDRESS_SPACE_BLOCKED_BY_LOCAL_NETWORK_ACCESS_POLICY",
        ),
        (
            "ERR_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS",
            "ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
        ),
    ];
    let mut seen: HashMap<(Browser, i64), &Entry> = HashMap::new();
    let mut duplicates = Vec::new();
    for entry in entries() {
        if let Some(first) = seen.get(&(entry.browser, entry.code())) {
            duplicates.push((entry.name, first.name));
        } else {
            seen.insert((entry.browser, entry.code()), entry);
        }
    }
    assert_eq!(duplicates, shared);
    for (legacy, current) in shared {
        let code = lookup(legacy).unwrap().code();
        assert_eq!(lookup(&code.to_string()).unwrap().name, *current);
    }
    assert_eq!(
        lookup("-219").unwrap().name,
        "ERR_CERT_SELF_SIGNED_LOCAL_NETWORK"
    );
    assert_eq!(lookup("ERR_CERT_END").unwrap().code(), -220);
}

#[test]
fn every_row_is_found_by_name_and_by_code() {
    for entry in entries() {
        assert_eq!(lookup(entry.name), Some(entry), "by name");
        let by_code = match entry.browser {
            Browser::Chromium => lookup(&entry.code().to_string()),
            Browser::Firefox => lookup(&entry.code_hex().unwrap()),
        };
        let by_code = by_code.unwrap_or_else(|| panic!("{} not found by code", entry.name));
        assert_eq!(by_code.code(), entry.code());
        if !entry.legacy {
            assert_eq!(by_code, entry);
        }
    }
}

#[test]
fn required_classes() {
    let rules: &[(&str, Class)] = &[
        ("net::ERR_ABORTED", Class::Aborted),
        ("NS_BINDING_ABORTED", Class::Aborted),
        ("net::ERR_CACHE_MISS", Class::Cache),
        ("net::ERR_BLOCKED_BY_CLIENT", Class::BlockedByClient),
        ("NS_ERROR_ABORT", Class::BlockedByClient),
        ("net::ERR_UNSAFE_PORT", Class::UnsafePort),
        ("NS_ERROR_PORT_ACCESS_NOT_ALLOWED", Class::UnsafePort),
        ("net::ERR_INTERNET_DISCONNECTED", Class::Offline),
        ("NS_ERROR_OFFLINE", Class::Offline),
        ("net::ERR_NAME_NOT_RESOLVED", Class::NameNotResolved),
        ("NS_ERROR_UNKNOWN_HOST", Class::NameNotResolved),
        ("NS_BINDING_RETARGETED", Class::HandledElsewhere),
        ("NS_ERROR_WONT_HANDLE_CONTENT", Class::HandledElsewhere),
        ("net::ERR_BLOCKED_BY_ADMINISTRATOR", Class::BlockedByPolicy),
        ("NS_ERROR_BLOCKED_BY_POLICY", Class::BlockedByPolicy),
        ("NS_ERROR_PHISHING_URI", Class::BlockedAsUnsafe),
        ("NS_ERROR_MALWARE_URI", Class::BlockedAsUnsafe),
        ("NS_ERROR_TRACKING_URI", Class::BlockedAsUnsafe),
        ("net::ERR_CERT_DATE_INVALID", Class::Certificate),
        ("NS_ERROR_BAD_HSTS_CERT", Class::Certificate),
    ];
    for (error, class) in rules {
        assert_eq!(classify(error), *class, "{error}");
    }
    for error in [
        "net::ERR_ABORTED",
        "NS_BINDING_ABORTED",
        "net::ERR_CACHE_MISS",
        "net::ERR_CERT_REVOKED",
    ] {
        assert!(
            !classify(error).intercept(),
            "{error} must keep the browser's page"
        );
    }
    // Every certificate-verification name is a certificate error, never intercepted.
    for entry in entries().filter(|e| {
        e.name.starts_with("ERR_CERT_")
            && !e.name.starts_with("ERR_CERT_DATABASE")
            && !e.name.starts_with("ERR_CERT_VERIFIER")
    }) {
        assert_eq!(entry.class, Class::Certificate, "{}", entry.name);
    }
}

#[test]
fn explain_fills_every_field() {
    let refused = explain("net::ERR_CONNECTION_REFUSED", &English);
    assert_eq!(refused.name.as_deref(), Some("ERR_CONNECTION_REFUSED"));
    assert_eq!(
        (refused.code, refused.code_hex.as_deref()),
        (Some(-102), None)
    );
    assert_eq!(refused.browser, Some(Browser::Chromium));
    assert_eq!(refused.class, Class::ConnectionRefused);
    assert!(refused.retryable && refused.intercepted && !refused.certificate && !refused.legacy);
    assert_eq!(refused.title, "The server refused the connection");
    assert!(!refused.explanation.is_empty() && !refused.detail.is_empty());

    let firefox = explain("Error code 2152398861", &English);
    assert_eq!(firefox.name.as_deref(), Some("NS_ERROR_CONNECTION_REFUSED"));
    assert_eq!(firefox.code_hex.as_deref(), Some("0x804B000D"));
    assert_eq!(firefox.title, refused.title);

    let expired = explain("Peer’s Certificate has expired.", &English);
    assert_eq!(expired.class, Class::Certificate);
    assert!(expired.certificate && !expired.intercepted);
    assert_eq!(expired.code_hex.as_deref(), Some("0x805A1FF5"));

    let json = serde_json::to_value(&refused).unwrap();
    assert_eq!(json["class"], "connection-refused");
    assert_eq!(json["browser"], "chromium");
    let legacy = explain("net::ERR_FTP_FAILED", &English);
    assert!(legacy.legacy);
}
