//! Chromium's own advice as an outside reference: every error in its
//! suggestion table (`tests/fixtures/chromium-suggestions.tsv`, from
//! `components/error_page/common/localized_error.cc`) is replayed once per
//! piece of advice, with evidence that supports the matching cause, and our
//! causes must include it. Where we disagree on purpose, [`DISAGREEMENTS`]
//! lists the pair with the reason; a listed pair that agrees after all
//! fails the test too, so the list stays true.

mod common;

use std::collections::BTreeSet;

use common::{failure, T};
use netwhy::diagnosis::cause::Cause;
use netwhy::diagnosis::diagnose;
use serde_json::{json, Value};

/// (error, advice, why we do not name that cause for it).
const DISAGREEMENTS: &[(&str, &str, &str)] = &[
    (
        "ERR_NETWORK_ACCESS_DENIED",
        "SUGGEST_CHECK_CONNECTION",
        "a denial comes from this device (security software, the system, a policy), which we name; \
         a connection that is down fails otherwise",
    ),
    (
        "ERR_NETWORK_ACCESS_DENIED",
        "SUGGEST_CAPTIVE_PORTAL_SIGNIN",
        "likewise: a sign-in page never denies access, it answers",
    ),
    (
        "ERR_TLS13_DOWNGRADE_DETECTED",
        "SUGGEST_CHECK_CONNECTION",
        "a downgrade is something on the way rewriting the handshake, which we name \
         (tls-interception); the connection itself works",
    ),
    (
        "ERR_TEMPORARILY_THROTTLED",
        "SUGGEST_DISABLE_EXTENSION",
        "Chromium's request throttler for extensions' requests is gone from its network stack; \
         a browser-internal error with no evidence against an extension blames none",
    ),
];

/// The causes that carry one piece of Chromium's advice; a TLS error's
/// firewall or proxy advice means the middlebox that intercepts it.
fn causes_for(advice: &str) -> Option<&'static [Cause]> {
    use Cause::*;
    Some(match advice {
        "SUGGEST_CHECK_CONNECTION" | "SUGGEST_OFFLINE_CHECKS" | "SUGGEST_CAPTIVE_PORTAL_SIGNIN" => {
            &[NoInternet]
        }
        "SUGGEST_FIREWALL_CONFIG" | "SUGGEST_ANTIVIRUS_CONFIG" => &[Firewall, TlsInterception],
        "SUGGEST_PROXY_CONFIG" => &[ProxyProblem, TlsInterception],
        "SUGGEST_DNS_CONFIG" => &[DnsFailure],
        "SUGGEST_DISABLE_EXTENSION" => &[ExtensionInterference],
        "SUGGEST_CONTACT_ADMINISTRATOR" => &[BlockedByPolicy, ClientCertificate, ProxyProblem],
        "SUGGEST_UNSUPPORTED_CIPHER" => &[TlsProblem],
        "SUGGEST_RELOAD_PRIVATE_NETWORK_ACCESS" => &[LocalNetworkPermission],
        // The system's diagnostics, a help article, nothing: no cause.
        _ => return None,
    })
}

/// The evidence that supports the cause behind `advice`.
fn evidence_for(advice: &str) -> Value {
    let failing_at = |stage: &str| {
        json!({"online": true, "history": {"otherHostsOk": 0, "otherHostsFailing": 3,
            "otherHostsFailingAt": {stage: 3}}})
    };
    match advice {
        "SUGGEST_CHECK_CONNECTION" | "SUGGEST_CAPTIVE_PORTAL_SIGNIN" => failing_at("connection"),
        "SUGGEST_OFFLINE_CHECKS" => json!({"online": false}),
        "SUGGEST_DNS_CONFIG" => failing_at("nameResolution"),
        "SUGGEST_PROXY_CONFIG" | "SUGGEST_CONTACT_ADMINISTRATOR" => json!({
            "proxy": {"mode": "fixed_servers", "server": "proxy.example.net:3128",
                "levelOfControl": "not_controllable"},
            "proxyErrors": [{"error": "net::ERR_PROXY_CONNECTION_FAILED", "time": T - 1_000.0}],
        }),
        "SUGGEST_DISABLE_EXTENSION" => {
            json!({"extensions": [{"id": "abcdefghijklmnopabcdefghijklmnop",
            "name": "Blocker", "permissions": ["declarativeNetRequest"]}]})
        }
        // Firewall, antivirus: other sites load, so the connection works.
        _ => {
            json!({"online": true, "history": {"otherHostsOk": 3, "lastOtherSuccessAgoMs": 20_000}})
        }
    }
}

/// The table's rows: (error, its advice).
fn table() -> Vec<(String, Vec<String>)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/chromium-suggestions.tsv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let rows: Vec<(String, Vec<String>)> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("error\t"))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "{line}");
            let mut advice: Vec<String> = fields[2].split('|').map(str::to_owned).collect();
            // Chromium's page replaces the advice for a load an extension
            // blocked (`is_blocked_by_extension`), as the file's header says.
            if fields[0] == "ERR_BLOCKED_BY_CLIENT" {
                advice = vec!["SUGGEST_DISABLE_EXTENSION".to_owned()];
            }
            (fields[0].to_owned(), advice)
        })
        .collect();
    assert_eq!(rows.len(), 44, "rows in the transcription");
    rows
}

#[test]
fn our_causes_include_chromiums_advice_but_where_listed() {
    let (mut replayed, mut pairs, mut agreed) = (BTreeSet::new(), 0, 0);
    let mut unexpected = Vec::new();
    let mut listed_but_agreeing = Vec::new();
    for (error, advice) in table() {
        for flag in &advice {
            let Some(expected) = causes_for(flag) else {
                continue;
            };
            replayed.insert(error.clone());
            pairs += 1;
            // The local-network advice is about devices on the local network.
            let url = if flag.contains("PRIVATE_NETWORK") {
                "http://192.168.1.20/"
            } else {
                "https://site.example.com/"
            };
            let failure = serde_json::from_value(failure(url, &format!("net::{error}"), 120.0));
            let evidence = serde_json::from_value(evidence_for(flag)).unwrap();
            let ours: Vec<Cause> = diagnose(&failure.unwrap(), &evidence)
                .causes
                .iter()
                .map(|f| f.cause)
                .collect();
            let agrees = ours.iter().any(|cause| expected.contains(cause));
            let listed = DISAGREEMENTS
                .iter()
                .any(|(e, f, _)| *e == error && f == flag);
            match (agrees, listed) {
                (true, false) => agreed += 1,
                (true, true) => listed_but_agreeing.push(format!("{error} {flag}")),
                (false, true) => {}
                (false, false) => unexpected.push(format!("{error} {flag}: ours {ours:?}")),
            }
        }
    }
    println!(
        "Chromium's suggestion table: {} errors replayed, {pairs} pieces of advice, \
         {agreed} agreed, {} disagreements listed",
        replayed.len(),
        DISAGREEMENTS.len()
    );
    assert!(
        unexpected.is_empty(),
        "unlisted disagreements:\n{unexpected:#?}"
    );
    assert!(
        listed_but_agreeing.is_empty(),
        "listed, yet agreeing: {listed_but_agreeing:?}"
    );
    assert_eq!(agreed + DISAGREEMENTS.len(), pairs);
}
