//! Tests of reading what the extension APIs return.

use super::*;
use crate::evidence::failure::Failure;
use crate::evidence::loads::LoadRing;
use serde_json::json;

fn settings(raw: serde_json::Value) -> ProxySettings {
    serde_json::from_value::<BrowserProxySetting>(raw)
        .unwrap()
        .settings()
}

#[test]
fn reads_chromium_proxy_settings() {
    let fixed = settings(
        json!({"value": {"mode": "fixed_servers", "rules": {"singleProxy":
        {"scheme": "http", "host": "127.0.0.1", "port": 3128}, "bypassList": []}},
        "levelOfControl": "controllable_by_this_extension"}),
    );
    assert_eq!(fixed.mode, ProxyMode::FixedServers);
    assert_eq!(fixed.server.as_deref(), Some("http://127.0.0.1:3128"));
    assert_eq!(
        fixed.level_of_control,
        LevelOfControl::ControllableByThisExtension
    );
    let pac = settings(
        json!({"value": {"mode": "pac_script", "pacScript": {"url": "http://wpad/wpad.dat"}},
        "levelOfControl": "controlled_by_other_extensions"}),
    );
    assert_eq!(pac.server.as_deref(), Some("http://wpad/wpad.dat"));
    assert_eq!(
        settings(json!({"value": {"mode": "system"}})).mode,
        ProxyMode::System
    );
}

#[test]
fn reads_firefox_proxy_settings() {
    let manual = settings(
        json!({"value": {"proxyType": "manual", "http": "127.0.0.1:8080",
        "ssl": "", "autoConfigUrl": ""}, "levelOfControl": "controllable_by_this_extension"}),
    );
    assert_eq!(manual.mode, ProxyMode::FixedServers);
    assert_eq!(manual.server.as_deref(), Some("127.0.0.1:8080"));
    let none = settings(json!({"value": {"proxyType": "none", "http": "", "autoConfigUrl": ""}}));
    assert_eq!(none.mode, ProxyMode::Direct);
    assert_eq!(none.server, None);
}

#[test]
fn leaves_netwhy_out_and_summarises_history_for_the_failed_site() {
    let failure: Failure =
        serde_json::from_value(json!({"url": "http://a.example/", "scheme": "http",
        "host": "a.example", "port": 80, "error": "net::ERR_CONNECTION_REFUSED", "time": 10_000.0}))
        .unwrap();
    let gathered: Gathered = serde_json::from_value(json!({
        "selfId": "me",
        "extensions": [{"id": "me", "name": "NetWhy"}, {"id": "x", "name": "Other"}],
    }))
    .unwrap();
    let ring: LoadRing = serde_json::from_value(
        json!({"outcomes": [{"host": "b.example", "port": 80, "time": 9_000.0}]}),
    )
    .unwrap();
    let history = ring.summary(&failure.host, failure.port, failure.time);
    let evidence = gathered.evidence(Some(history));
    let names: Vec<_> = evidence
        .extensions
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["Other"]);
    assert_eq!(evidence.history.unwrap().other_hosts_ok, 1);
}

#[test]
fn tells_the_browser_by_its_extension_urls() {
    let platform = |raw| {
        serde_json::from_value::<Gathered>(raw)
            .unwrap()
            .evidence(None)
            .platform
    };
    assert_eq!(
        platform(json!({"platform": {"os": "mac", "arch": "arm64"},
            "extensionUrl": "moz-extension://0b6b1c1e/"})),
        Some(Platform {
            browser: Some(Browser::Firefox),
            os: Os::Mac
        })
    );
    assert_eq!(
        platform(json!({"extensionUrl": "chrome-extension://abc/"})),
        Some(Platform {
            browser: Some(Browser::Chromium),
            os: Os::Other
        })
    );
    assert_eq!(platform(json!({})), None);
}

#[test]
fn remembers_loads_that_say_something_about_the_network() {
    let load = |error: Option<&str>| Load {
        scheme: "https".into(),
        host: "h".into(),
        port: 0,
        time: 1_500.0,
        started: Some(1_000.0),
        error: error.map(Into::into),
        ip: None,
        from_cache: false,
        proxied: None,
    };
    let success = load(None).outcome().unwrap();
    assert_eq!((success.class, success.port), (None, 443));
    assert_eq!(success.ms, Some(500.0), "how long the load took");
    assert!(load(Some("net::ERR_CONNECTION_REFUSED"))
        .outcome()
        .is_some());
    assert!(load(Some("net::ERR_ABORTED")).outcome().is_none());
    assert!(load(Some("net::ERR_CERT_DATE_INVALID")).outcome().is_some());
}

#[test]
fn keeps_the_server_address_of_direct_loads_only() {
    let load = |raw: serde_json::Value| {
        let mut load = json!({"scheme": "https", "host": "h", "time": 0.0});
        load.as_object_mut()
            .unwrap()
            .extend(raw.as_object().unwrap().clone());
        serde_json::from_value::<Load>(load)
            .unwrap()
            .outcome()
            .unwrap()
            .ip
    };
    assert_eq!(
        load(json!({"ip": "198.51.100.7"})).as_deref(),
        Some("198.51.100.7")
    );
    assert_eq!(
        load(json!({"ip": "2001:DB8::1", "proxied": false})).as_deref(),
        Some("2001:db8::1"),
        "written one way"
    );
    assert_eq!(load(json!({"ip": "198.51.100.7", "fromCache": true})), None);
    assert_eq!(load(json!({"ip": "198.51.100.7", "proxied": true})), None);
    assert_eq!(load(json!({"ip": "not an address"})), None);
    assert_eq!(
        load(json!({"ip": "198.51.100.7", "error": "net::ERR_CONNECTION_RESET"})),
        None
    );
}

#[test]
fn reads_firefox_lookups_and_the_portal_state() {
    let gathered: Gathered = serde_json::from_value(json!({
        "dns": {"addresses": [], "error": "NS_ERROR_UNKNOWN_HOST", "bypassedCache": true},
        "systemDns": {"addresses": ["10.1.2.3"], "isTRR": false, "canonicalName": null, "bypassedCache": true},
        "captivePortal": "locked_portal",
        "canonicalUrl": {"value": "http://detectportal.firefox.com/canonical.html", "levelOfControl": "not_controllable"},
    }))
    .unwrap();
    let evidence = gathered.evidence(None);
    let system = evidence.system_dns.as_ref().unwrap();
    assert_eq!((system.trr, system.bypassed_cache), (Some(false), true));
    assert!(evidence.behind_portal());
    assert_eq!(
        evidence.captive_portal.unwrap().login_url(),
        Some("http://detectportal.firefox.com/canonical.html")
    );
}

#[test]
fn the_background_keeps_every_field_an_extension_is_read_by() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/extension/background/extensions.js"
    );
    let js = std::fs::read_to_string(path).unwrap();
    let list = js
        .lines()
        .find_map(|line| line.strip_prefix("export const EXTENSION_FIELDS = ["))
        .expect("export const EXTENSION_FIELDS = [...];");
    let kept: Vec<&str> = list
        .trim_end_matches("];")
        .split(", ")
        .map(|field| field.trim_matches('"'))
        .collect();
    let every = Extension {
        id: "x".into(),
        name: "X".into(),
        enabled: true,
        permissions: vec![],
        options_url: Some("chrome-extension://x/options.html".into()),
        may_disable: true,
    };
    let serde_json::Value::Object(read) = serde_json::to_value(every).unwrap() else {
        unreachable!("an extension is an object");
    };
    let read: Vec<&str> = read.keys().map(String::as_str).collect();
    let mut sorted = kept.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted, read,
        "extension/background/extensions.js and evidence::Extension"
    );
}
