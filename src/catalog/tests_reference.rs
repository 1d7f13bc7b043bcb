//! The table against the reference transcriptions of the browsers' sources in
//! `../shared/reference/`, when that directory exists (it is not part of
//! this repository; without it these tests print a note and pass).

use std::collections::HashSet;

use super::*;

const CHROMIUM_TSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/reference/chromium-net-errors.tsv"
);
const FIREFOX_TSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/reference/firefox-net-errors.tsv"
);

/// Firefox NETWORK success and status codes: listed by the reference, never
/// reported as errors, deliberately not in the table (see `firefox.rs`).
const FIREFOX_NOT_ERRORS: &[(&str, i64)] = &[
    ("NS_BINDING_SUCCEEDED", 0x0000_0000),
    ("NS_SUCCESS_ADOPTED_DATA", 0x004B_005A),
    ("NS_SUCCESS_AUTH_FINISHED", 0x004B_0028),
    ("NS_NET_STATUS_READING", 0x004B_0008),
    ("NS_NET_STATUS_WRITING", 0x004B_0009),
    ("NS_NET_STATUS_RESOLVING_HOST", 0x004B_0003),
    ("NS_NET_STATUS_RESOLVED_HOST", 0x004B_000B),
    ("NS_NET_STATUS_CONNECTING_TO", 0x004B_0007),
    ("NS_NET_STATUS_CONNECTED_TO", 0x004B_0004),
    ("NS_NET_STATUS_TLS_HANDSHAKE_STARTING", 0x004B_000C),
    ("NS_NET_STATUS_TLS_HANDSHAKE_ENDED", 0x004B_000D),
    ("NS_NET_STATUS_SENDING_TO", 0x004B_0005),
    ("NS_NET_STATUS_WAITING_FOR", 0x004B_000A),
    ("NS_NET_STATUS_RECEIVING_FROM", 0x004B_0006),
];

/// Rows (name, code, meaning) and the `#` comment text of a reference file.
fn read(path: &str) -> Option<(Vec<(String, i64)>, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("note: {path} not found; skipping the reference comparison");
        return None;
    };
    let mut rows = Vec::new();
    let mut comments = String::new();
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            comments.push_str(comment);
            comments.push('\n');
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(name), Some(code)) = (fields.next(), fields.next()) else {
            continue;
        };
        if name == "name" || name.is_empty() {
            continue;
        }
        let code = match code.strip_prefix("0x") {
            Some(hex) => i64::from_str_radix(hex, 16).unwrap(),
            None => code
                .parse()
                .unwrap_or_else(|_| panic!("bad code in {line}")),
        };
        rows.push((name.to_owned(), code));
    }
    Some((rows, comments))
}

fn check_row(name: &str, code: i64, browser: Browser) -> Result<(), String> {
    let entry = lookup(name).ok_or_else(|| format!("{name} missing"))?;
    if (entry.name, entry.code(), entry.browser) != (name, code, browser) {
        return Err(format!(
            "{name}: table has {} {} {:?}, reference {code}",
            entry.name,
            entry.code(),
            entry.browser
        ));
    }
    Ok(())
}

/// Chromium names added since the reference's commit (222d496), read in
/// Chromium's own code and in bindings generated from its header:
/// -35..-37 and -187/-188 in CEF's `cef_errorcode_t` (CEF 151), -815..-820
/// in `net/dns/dns_attempt.cc` (chromium/chromium 6355e397, which maps DNS
/// answer codes to them) and CEF.
const CHROMIUM_ADDED_SINCE: &[(&str, i64)] = &[
    ("ERR_BLOCKED_IN_INCOGNITO_BY_ADMINISTRATOR", -35),
    ("ERR_LOCAL_NETWORK_PERMISSION_MISSING", -36),
    ("ERR_STRICT_ECH_REQUIRED", -37),
    ("ERR_PROXY_DELEGATE_CANCELED_CONNECT_REQUEST", -187),
    ("ERR_PROXY_DELEGATE_CANCELED_CONNECT_RESPONSE", -188),
    ("ERR_DNS_CACHE_INVALIDATION_IN_PROGRESS", -815),
    ("ERR_DNS_FORMAT_ERROR", -816),
    ("ERR_DNS_SERVER_FAILURE", -817),
    ("ERR_DNS_NOT_IMPLEMENTED", -818),
    ("ERR_DNS_REFUSED", -819),
    ("ERR_DNS_OTHER_FAILURE", -820),
];

/// Reference names Chromium renamed since (reference name, current name):
/// Private Network Access became Local Network Access. The reference lists
/// the current -384 name among its legacy names: it was the name before.
const CHROMIUM_RENAMED_SINCE: &[(&str, &str)] = &[
    (
        "ERR_CACHED_IP_ADDRESS_SPACE_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_POLICY",
        "ERR_CACHED_IP_ADDRESS_SPACE_BLOCKED_BY_LOCAL_NETWORK_ACCESS_POLICY",
    ),
    (
        "ERR_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS",
        "ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
    ),
];

/// Reference names Chromium dropped since: -802 became one error per DNS
/// answer code (-816..-820).
const CHROMIUM_REMOVED_SINCE: &[&str] = &["ERR_DNS_SERVER_FAILED"];

#[test]
fn chromium_matches_reference() {
    let Some((rows, comments)) = read(CHROMIUM_TSV) else {
        return;
    };
    assert_eq!(rows.len(), 242, "reference row count");
    let errors: Vec<String> = rows
        .iter()
        .filter_map(|(name, code)| check_row(name, *code, Browser::Chromium).err())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for (name, code) in CHROMIUM_ADDED_SINCE {
        check_row(name, *code, Browser::Chromium).unwrap();
    }
    let renamed_from = |name: &str| CHROMIUM_RENAMED_SINCE.iter().any(|(old, _)| *old == name);
    let renamed_to = |name: &str| CHROMIUM_RENAMED_SINCE.iter().any(|(_, new)| *new == name);
    let dropped = |name: &str| renamed_from(name) || CHROMIUM_REMOVED_SINCE.contains(&name);
    let mut reference: HashSet<&str> = rows.iter().map(|(name, _)| name.as_str()).collect();
    for entry in entries().filter(|e| e.browser == Browser::Chromium) {
        let added = CHROMIUM_ADDED_SINCE.iter().any(|(n, _)| *n == entry.name);
        if entry.legacy {
            assert!(
                !reference.contains(entry.name) || dropped(entry.name),
                "{} is active, not legacy",
                entry.name
            );
        } else {
            assert!(
                reference.remove(entry.name) || added || renamed_to(entry.name),
                "{} is in neither the reference nor the names added since",
                entry.name
            );
            assert!(!dropped(entry.name), "{} was dropped", entry.name);
        }
    }
    // The legacy names listed in the comments: every `ERR_NAME -code` pair.
    let mut legacy = Vec::new();
    let words: Vec<&str> = comments
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        if pair[0].starts_with("ERR_") {
            if let Ok(code) = pair[1].parse::<i64>() {
                legacy.push((pair[0], code));
            }
        }
    }
    // ERR_CERT_END appears as "was -219"; it keeps its one, active row.
    assert!(!legacy.iter().any(|(name, _)| *name == "ERR_CERT_END"));
    assert!(lookup("ERR_CERT_END").is_some_and(|e| !e.legacy && e.code() == -220));
    let table_legacy = entries()
        .filter(|e| e.browser == Browser::Chromium && e.legacy)
        .count();
    let current_again = legacy.iter().filter(|(name, _)| renamed_to(name)).count();
    assert_eq!(
        legacy.len() - current_again + CHROMIUM_RENAMED_SINCE.len() + CHROMIUM_REMOVED_SINCE.len(),
        table_legacy,
        "legacy names: the reference's, less the ones current again, plus the ones dropped since"
    );
    for (name, code) in legacy {
        let entry = lookup(name).unwrap_or_else(|| panic!("legacy {name} missing"));
        assert_eq!(entry.legacy, !renamed_to(name), "{name}");
        assert_eq!(entry.code(), code, "{name}");
    }
}

#[test]
fn firefox_matches_reference() {
    let Some((rows, _)) = read(FIREFOX_TSV) else {
        return;
    };
    assert_eq!(rows.len(), 163, "reference row count");
    let mut errors = Vec::new();
    let mut reference = HashSet::new();
    for (name, code) in &rows {
        reference.insert(name.as_str());
        if let Some((_, value)) = FIREFOX_NOT_ERRORS.iter().find(|(not, _)| not == name) {
            assert_eq!(value, code, "{name}");
            assert_eq!(lookup(name), None, "{name} is excluded on purpose");
            assert_eq!(classify(name), Class::Unknown);
            // A success value never names an error row either.
            if let Some(found) = lookup(&format!("0x{code:08X}")) {
                errors.push(format!("{name}'s value finds {}", found.name));
            }
            continue;
        }
        if let Err(error) = check_row(name, *code, Browser::Firefox) {
            errors.push(error);
        }
    }
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(rows.len(), FIREFOX_ROWS_EXPECTED + FIREFOX_NOT_ERRORS.len());
    for (name, _) in FIREFOX_NOT_ERRORS {
        assert!(reference.contains(name), "{name} not in the reference");
    }
    for entry in entries().filter(|e| e.browser == Browser::Firefox) {
        assert!(
            reference.contains(entry.name),
            "{} not in the reference",
            entry.name
        );
    }
}

/// Firefox rows the table must hold: the reference's 163 less the 14 non-errors.
const FIREFOX_ROWS_EXPECTED: usize = 149;
