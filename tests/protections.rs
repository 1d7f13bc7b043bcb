//! Advice a site cannot turn against the user, checked by replaying reports
//! (`diagnose REPORT.json`): a site picks its URL, port, DNS answer and how
//! it fails, so for a host on the internet no step may lower a defence
//! without a caution, and allowing a blocked port is offered only for the
//! user's own addresses.

use std::fs;
use std::path::PathBuf;

use netwhy::diagnosis::caution::{users_own, LET_A_SITE_THROUGH};
use netwhy::evidence::host::HostKind;
use netwhy::views::report::replay;
use serde_json::{json, Value};

/// A report of `error` for `url` (host and port as the browser splits
/// them), with `evidence`, replayed.
fn replayed(url: &str, host: &str, port: u16, error: &str, evidence: Value) -> Value {
    let report = json!({
        "version": 1,
        "failure": {
            "url": url, "scheme": url.split(':').next().unwrap(), "host": host, "port": port,
            "error": error, "time": 1_767_225_600_000_u64, "started": 1_767_225_599_990_u64,
        },
        "evidence": evidence,
    });
    serde_json::from_str(&replay(&report.to_string()).unwrap()).unwrap()
}

/// The step keys of each cause, most likely cause first.
fn steps(replayed: &Value) -> Vec<(String, Vec<String>)> {
    replayed["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cause| {
            let keys = cause["steps"].as_array().unwrap().iter();
            let keys = keys.map(|step| step["key"].as_str().unwrap().to_owned());
            (cause["cause"].as_str().unwrap().to_owned(), keys.collect())
        })
        .collect()
}

fn all_steps(replayed: &Value) -> Vec<String> {
    steps(replayed)
        .into_iter()
        .flat_map(|(_, keys)| keys)
        .collect()
}

fn generic(key: &str) -> &str {
    ["_chrome", "_firefox", "_windows", "_mac", "_linux"]
        .iter()
        .find_map(|suffix| key.strip_suffix(suffix))
        .unwrap_or(key)
}

const CHROME_ON_WINDOWS: &str = r#"{"platform": {"browser": "chromium", "os": "windows"}}"#;

fn chrome_on_windows() -> Value {
    serde_json::from_str(CHROME_ON_WINDOWS).unwrap()
}

#[test]
fn an_unsafe_port_is_allowed_only_on_this_computer_or_the_local_network() {
    let unsafe_port = |host: &str| {
        let url = format!("http://{host}:5060/");
        let port = replayed(
            &url,
            host,
            5060,
            "net::ERR_UNSAFE_PORT",
            chrome_on_windows(),
        );
        assert_eq!(port["causes"][0]["cause"], "blocked-port", "{host}");
        all_steps(&port)
    };
    for own in [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "0.0.0.0",
        "192.168.1.20",
        "10.0.0.7",
    ] {
        let steps = unsafe_port(own);
        assert!(
            steps.contains(&"step_allow_port_chrome".to_owned()),
            "{own}: {steps:?}"
        );
        assert!(
            steps.contains(&"step_use_another_port".to_owned()),
            "{own}: {steps:?}"
        );
    }
    for public in ["evil.example", "203.0.113.9", "[2001:db8::1]"] {
        let steps = unsafe_port(public);
        assert!(
            !steps.iter().any(|key| generic(key) == "step_allow_port"),
            "{public}: {steps:?}"
        );
        assert_eq!(
            steps,
            ["step_ask_owner_for_usual_port", "step_keep_port_blocked"],
            "{public}"
        );
    }
    // A local-looking name is still answered by DNS: no allowing either.
    let steps = unsafe_port("nas.local");
    assert_eq!(steps, ["step_use_another_port"]);
}

#[test]
fn a_public_name_a_filter_blocked_starts_with_it_may_be_blocked_for_a_reason() {
    let mut evidence = chrome_on_windows();
    evidence["dns"] = json!({"addresses": ["0.0.0.0"]});
    let blocked = replayed(
        "http://ads.example.com/",
        "ads.example.com",
        80,
        "NS_ERROR_CONNECTION_REFUSED",
        evidence,
    );
    let (cause, steps) = &steps(&blocked)[0];
    assert_eq!(cause, "dns-blocked");
    assert_eq!(steps[0], "step_blocked_for_a_reason");
    assert_eq!(
        blocked["causes"][0]["steps"][0]["args"][0],
        "ads.example.com"
    );
    assert!(steps.contains(&"step_allow_in_dns_filter".to_owned()));
    assert!(steps.contains(&"step_check_hosts_file_windows".to_owned()));
}

#[test]
fn security_software_that_denied_a_site_is_a_reason_first_and_never_the_whole_browser() {
    let denied = |host: &str| {
        let url = format!("https://{host}/");
        let evidence = chrome_on_windows();
        steps(&replayed(
            &url,
            host,
            443,
            "net::ERR_NETWORK_ACCESS_DENIED",
            evidence,
        ))
    };
    let public = denied("shop.example.com");
    let firewall = public
        .iter()
        .find(|(cause, _)| cause == "firewall")
        .unwrap();
    assert_eq!(firewall.1[0], "step_blocked_for_a_reason");
    assert!(firewall
        .1
        .contains(&"step_check_security_software".to_owned()));
    // The user's own server: no warning about the user's own site.
    let own = denied("127.0.0.1");
    let firewall = own.iter().find(|(cause, _)| cause == "firewall").unwrap();
    assert_eq!(firewall.1[0], "step_check_security_software");
}

#[test]
fn a_blocking_extension_is_a_reason_first_for_a_site_on_the_internet() {
    let blocked = |host: &str, extensions: Value| {
        let mut evidence = chrome_on_windows();
        evidence["extensions"] = extensions;
        let url = format!("https://{host}/");
        steps(&replayed(
            &url,
            host,
            443,
            "net::ERR_BLOCKED_BY_CLIENT",
            evidence,
        ))
    };
    let one = json!([{"id": "a", "name": "Blocker", "permissions": ["declarativeNetRequest"]}]);
    let two = json!([
        {"id": "a", "name": "Blocker", "permissions": ["declarativeNetRequest"]},
        {"id": "b", "name": "Shield", "permissions": ["webRequestBlocking"]},
    ]);
    for extensions in [one, two, Value::Null] {
        let public = blocked("tracker.example", extensions.clone());
        assert_eq!(public[0].0, "extension-interference");
        assert_eq!(public[0].1[0], "step_blocked_for_a_reason", "{extensions}");
        let own = blocked("192.168.1.20", extensions.clone());
        assert_ne!(own[0].1[0], "step_blocked_for_a_reason", "{extensions}");
    }
}

#[test]
fn a_secure_connection_problem_never_says_turn_the_scanning_off() {
    let tls = replayed(
        "https://bank.example/",
        "bank.example",
        443,
        "net::ERR_SSL_PROTOCOL_ERROR",
        chrome_on_windows(),
    );
    let english = tls.to_string().to_lowercase();
    assert!(english.contains("https scanning"), "{english}");
    assert!(!english.contains("turn that off"), "{english}");
    assert!(english.contains("update it"), "{english}");
}

/// Every fixture, moved to each kind of host: whatever the site makes the
/// browser report, the steps keep to the rules.
#[test]
fn no_fixture_on_any_host_coaches_around_a_defence_without_a_caution() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let mut checked = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let report: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for host in [
            "evil.example",
            "203.0.113.9",
            "127.0.0.1",
            "192.168.1.20",
            "nas.local",
        ] {
            let mut moved = report.clone();
            let failure = &mut moved["failure"];
            let scheme = failure["scheme"].as_str().unwrap().to_owned();
            failure["host"] = json!(host);
            failure["url"] = json!(format!("{scheme}://{host}:{}/", failure["port"]));
            let out: Value = serde_json::from_str(&replay(&moved.to_string()).unwrap()).unwrap();
            let own = users_own(HostKind::of(host));
            for (cause, keys) in steps(&out) {
                let context = format!("{} on {host}, {cause}: {keys:?}", path.display());
                if !own {
                    assert!(
                        !keys.iter().any(|key| generic(key) == "step_allow_port"),
                        "{context}"
                    );
                }
                // Another address is offered only on this computer itself.
                if HostKind::of(host) != HostKind::Loopback {
                    assert!(
                        !keys.contains(&"step_open_where_it_answers".to_owned()),
                        "{context}"
                    );
                }
                let lets_through = keys
                    .iter()
                    .position(|key| LET_A_SITE_THROUGH.contains(&generic(key)));
                if let (Some(at), false) = (lets_through, own) {
                    assert_eq!(keys[0], "step_blocked_for_a_reason", "{context}");
                    assert!(at > 0, "{context}");
                } else {
                    assert!(
                        !keys.contains(&"step_blocked_for_a_reason".to_owned()),
                        "{context}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 5 * 38, "{checked} replays");
}

/// A report is data: probe answers from anywhere but this computer, or for
/// a failure anywhere but on it, never become "open it there".
#[test]
fn only_this_computer_is_offered_where_a_probe_found_a_server() {
    let probed = |host: &str, answered_at: &str| {
        let url = format!("http://{host}:5173/");
        let evidence = json!({"probes": [
            {"host": answered_at, "port": 5174, "answered": true},
        ]});
        let out = replayed(&url, host, 5173, "net::ERR_CONNECTION_REFUSED", evidence);
        all_steps(&out).contains(&"step_open_where_it_answers".to_owned())
    };
    assert!(probed("127.0.0.1", "127.0.0.1"), "the real case is offered");
    assert!(probed("localhost", "[::1]"), "the real case is offered");
    for (host, answered_at) in [
        ("127.0.0.1", "203.0.113.9"),
        ("127.0.0.1", "evil.example"),
        ("127.0.0.1", "192.168.1.20"),
        ("evil.example", "127.0.0.1"),
        ("192.168.1.20", "127.0.0.1"),
    ] {
        assert!(!probed(host, answered_at), "{host}, found at {answered_at}");
    }
}
