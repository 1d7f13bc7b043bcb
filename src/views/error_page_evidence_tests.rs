//! The error page with the evidence NetWhy goes and gets: where it looks for
//! a development server, the captive portal's login page, and what the
//! re-checks wait for.

use super::*;

#[test]
fn looks_for_the_server_only_after_a_refused_load_of_this_computer() {
    let refused = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
    let probes = page(&refused).probes.unwrap();
    assert_eq!(probes.plan[0].url, "http://[::1]:5173/");
    let mut public = failure("http://example.org/", "net::ERR_CONNECTION_REFUSED");
    public.host = "example.org".into();
    assert_eq!(page(&public).probes, None);
}

#[test]
fn offers_the_login_page_only_behind_a_portal() {
    let mut timed_out = failure("https://example.org/", "NS_ERROR_NET_TIMEOUT");
    timed_out.host = "example.org".into();
    let behind = |state: &str, url: &str| {
        serde_json::from_value::<Evidence>(serde_json::json!({
            "captivePortal": {"state": state, "canonicalUrl": url}}))
        .unwrap()
    };
    let canonical = "http://detectportal.firefox.com/canonical.html";
    let login = |evidence: &Evidence| {
        let page = page_with(&timed_out, evidence);
        let urls: Vec<_> = page
            .causes
            .iter()
            .filter_map(|c| c.login_url.clone())
            .collect();
        (page.causes[0].id.clone(), urls)
    };
    assert_eq!(
        login(&behind("locked_portal", canonical)),
        ("captive-portal".to_owned(), vec![canonical.to_owned()])
    );
    assert!(login(&behind("not_captive", canonical)).1.is_empty());
    assert!(login(&behind("locked_portal", "file:///etc/passwd"))
        .1
        .is_empty());
}

#[test]
fn only_addresses_off_this_computer_wait_for_the_network_or_a_portal() {
    let waits = |failure: &Failure, evidence: serde_json::Value| {
        let evidence = serde_json::from_value(evidence).unwrap();
        page_with(failure, &evidence)
            .auto_retry
            .and_then(|retry| retry.waits_for)
    };
    let offline = serde_json::json!({"online": false});
    let portal = serde_json::json!({"captivePortal": {"state": "locked_portal"}});
    // This computer's servers answer offline and behind a portal alike.
    let local = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
    assert_eq!(waits(&local, offline.clone()), None);
    assert_eq!(waits(&local, portal.clone()), None);
    let mut site = failure("http://example.org/", "net::ERR_CONNECTION_TIMED_OUT");
    site.host = "example.org".into();
    assert_eq!(waits(&site, offline), Some(WaitFor::Network));
    assert_eq!(waits(&site, portal), Some(WaitFor::CaptivePortal));
}
