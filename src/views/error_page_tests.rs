//! The error page as data: its texts, its links out, its re-checks, and what it offers for extensions.

use super::*;
use crate::diagnosis::diagnose;
use crate::i18n::English;

/// The page's part of the evidence NetWhy goes and gets.
#[path = "error_page_evidence_tests.rs"]
mod evidence_we_get;

fn page(failure: &Failure) -> ErrorPage {
    page_with(failure, &Evidence::default())
}

fn page_with(failure: &Failure, evidence: &Evidence) -> ErrorPage {
    ErrorPage::new(
        failure,
        evidence,
        &diagnose(failure, evidence),
        &Settings::default(),
    )
}

fn failure(url: &str, error: &str) -> Failure {
    serde_json::from_value(serde_json::json!({
        "url": url, "scheme": "http", "host": "127.0.0.1", "port": 5173,
        "error": error, "time": 2.0,
    }))
    .map(Failure::classified)
    .unwrap()
}

#[test]
fn a_refused_connection_reads_as_such_in_english() {
    let page = page(&failure(
        "http://127.0.0.1:5173/",
        "net::ERR_CONNECTION_REFUSED",
    ));
    assert_eq!(page.class, Class::ConnectionRefused);
    assert_eq!(page.retry_url.as_deref(), Some("http://127.0.0.1:5173/"));
    for text in [&page.document_title, &page.headline, &page.explanation] {
        let english = text.resolve(&English);
        assert_ne!(english, text.key, "missing English for {}", text.key);
    }
    assert!(page.document_title.resolve(&English).contains("127.0.0.1"));
    assert_eq!(page.causes[0].id, "local-server-down");
    let title = page.causes[0].title.resolve(&English);
    assert_ne!(title, page.causes[0].title.key);
}

#[test]
fn re_checks_by_itself_only_when_waiting_can_help() {
    let refused = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
    assert_eq!(
        page(&refused).auto_retry,
        Some(AutoRetry {
            max_seconds: 60,
            waits_for: None
        })
    );
    let off = Settings {
        auto_retry: false,
        ..Settings::default()
    };
    let diagnosis = diagnose(&refused, &Evidence::default());
    assert_eq!(
        ErrorPage::new(&refused, &Evidence::default(), &diagnosis, &off).auto_retry,
        None
    );
    for never in ["net::ERR_NAME_NOT_RESOLVED", "net::ERR_BLOCKED_BY_CLIENT"] {
        assert_eq!(page(&failure("http://x.example/", never)).auto_retry, None);
    }
}

#[test]
fn links_to_outside_services_only_for_public_sites() {
    let mut public = failure("https://example.org/a?b", "net::ERR_CONNECTION_RESET");
    public.host = "example.org".into();
    let page = page(&public);
    assert_eq!(
        page.archive_url.as_deref(),
        Some("https://web.archive.org/web/2/https://example.org/a?b")
    );
    assert_eq!(
        page.status_url.as_deref(),
        Some("https://downforeveryoneorjustme.com/example.org")
    );
    let local = page_with(
        &failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED"),
        &Evidence::default(),
    );
    assert_eq!((local.archive_url, local.status_url), (None, None));
}

#[test]
fn shows_at_most_max_shown_characters_but_retries_the_whole_address() {
    let long = format!("http://127.0.0.1:5173/{}", "ש".repeat(50_000));
    let page = page(&failure(&long, "net::ERR_CONNECTION_REFUSED"));
    assert_eq!(page.url.chars().count(), MAX_SHOWN + 1);
    assert!(page.url.ends_with('…') && long.starts_with(page.url.trim_end_matches('…')));
    assert_eq!(page.retry_url.as_deref(), Some(long.as_str()));
    let short = page_with(
        &failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED"),
        &Evidence::default(),
    );
    assert_eq!(short.url, "http://127.0.0.1:5173/");
}

#[test]
fn a_script_url_is_never_offered_for_retry() {
    let page = page(&failure("javascript:alert(1)//http://x", "net::ERR_FAILED"));
    assert_eq!(page.retry_url, None);
}

#[test]
fn offers_the_extension_list_only_when_it_would_name_the_blocker() {
    let blocked = failure("http://blocked.example/", "net::ERR_BLOCKED_BY_CLIENT");
    assert!(page(&blocked).offer_extension_list);
    let known = Evidence {
        extensions: Some(Vec::new()),
        ..Evidence::default()
    };
    assert!(!page_with(&blocked, &known).offer_extension_list);
    let refused = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
    assert!(!page(&refused).offer_extension_list);
}

#[test]
fn offers_what_each_browser_allows_for_a_blamed_extension() {
    let blocked = failure("http://blocked.example/", "net::ERR_BLOCKED_BY_CLIENT");
    let id = "abcdefghijklmnopabcdefghijklmnop";
    let evidence = |browser, options_url: &str, may_disable| {
        serde_json::from_value::<Evidence>(serde_json::json!({
            "extensions": [{"id": id, "name": "Blocker <b>", "optionsUrl": options_url,
                "mayDisable": may_disable, "permissions": ["declarativeNetRequest"]}],
            "platform": {"browser": browser},
        }))
        .unwrap()
    };
    let actions = |evidence: &Evidence| page_with(&blocked, evidence).causes[0].extensions.clone();

    let own = format!("chrome-extension://{id}/options.html");
    let chrome = actions(&evidence("chrome", &own, true));
    assert_eq!(chrome.len(), 1);
    assert_eq!(chrome[0].name, "Blocker <b>");
    assert_eq!(chrome[0].settings_url.as_deref(), Some(own.as_str()));
    assert!(chrome[0].can_turn_off);

    // Another extension's page, or none: its entry in chrome://extensions.
    let elsewhere = actions(&evidence(
        "chrome",
        "chrome-extension://other/x.html",
        false,
    ));
    let entry = format!("chrome://extensions/?id={id}");
    assert_eq!(elsewhere[0].settings_url.as_deref(), Some(entry.as_str()));
    assert!(!elsewhere[0].can_turn_off, "installed by policy");

    let firefox = actions(&evidence(
        "firefox",
        "moz-extension://6f1c/options.html",
        true,
    ));
    assert_eq!(
        firefox[0].settings_url.as_deref(),
        Some("moz-extension://6f1c/options.html")
    );
    assert!(!firefox[0].can_turn_off);
    assert_eq!(
        actions(&evidence("firefox", "", true))[0].settings_url,
        None
    );
    assert!(
        actions(&Evidence::default()).is_empty(),
        "unknown extensions: no actions"
    );
}

#[test]
fn never_re_checks_a_load_that_sent_a_form() {
    let mut posted = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
    posted.method = "POST".into();
    assert_eq!(page(&posted).auto_retry, None);
    posted.method = "get".into();
    assert!(page(&posted).auto_retry.is_some());
}

/// A failure of `url` (a public site) with `error`, and evidence from JSON.
fn public(url: &str, error: &str, evidence: serde_json::Value) -> ErrorPage {
    let mut failure = failure(url, error);
    failure.host = url.split('/').nth(2).unwrap().to_owned();
    page_with(&failure, &serde_json::from_value(evidence).unwrap())
}

#[test]
fn outside_links_only_when_they_can_work_and_first_when_only_this_site_is_down() {
    let others_load =
        serde_json::json!({"history": {"otherHostsOk": 3, "lastOtherSuccessAgoMs": 20_000}});
    let down = public(
        "https://shop.example.com/",
        "net::ERR_CONNECTION_REFUSED",
        others_load.clone(),
    );
    assert!(down.archive_url.is_some() && down.status_url.is_some());
    assert!(down.outside_first, "only this site is down");
    let unknown = public(
        "https://shop.example.com/",
        "net::ERR_CONNECTION_REFUSED",
        serde_json::json!({}),
    );
    assert!(
        unknown.archive_url.is_some() && !unknown.outside_first,
        "nothing known of other sites"
    );
    // The links go the same way out, and fail the same.
    for (error, evidence) in [
        ("net::ERR_PROXY_CONNECTION_FAILED", others_load.clone()),
        ("net::ERR_INTERNET_DISCONNECTED", serde_json::json!({})),
        (
            "net::ERR_CONNECTION_TIMED_OUT",
            serde_json::json!({"online": false}),
        ),
        (
            "net::ERR_CONNECTION_TIMED_OUT",
            serde_json::json!({"history": {"otherHostsFailing": 3,
            "otherHostsFailingAt": {"connection": 3}}}),
        ),
        (
            "net::ERR_NAME_NOT_RESOLVED",
            serde_json::json!({"history": {"otherHostsFailing": 3,
            "otherHostsFailingAt": {"nameResolution": 3}}}),
        ),
        // An administrator's block is not for an outside copy to get round.
        ("net::ERR_BLOCKED_BY_ADMINISTRATOR", others_load.clone()),
    ] {
        let page = public("https://shop.example.com/", error, evidence);
        assert_eq!((page.archive_url, page.status_url), (None, None), "{error}");
    }
}

#[test]
fn re_checks_wait_for_the_fix_behind_a_dead_proxy_or_while_offline() {
    let waits = |error: &str, evidence: serde_json::Value| {
        public("https://example.com/", error, evidence)
            .auto_retry
            .and_then(|retry| retry.waits_for)
    };
    assert_eq!(
        waits("net::ERR_PROXY_CONNECTION_FAILED", serde_json::json!({})),
        Some(WaitFor::ProxySettings)
    );
    assert_eq!(
        waits("NS_ERROR_PROXY_CONNECTION_REFUSED", serde_json::json!({})),
        Some(WaitFor::ProxySettings)
    );
    assert_eq!(
        waits("net::ERR_INTERNET_DISCONNECTED", serde_json::json!({})),
        Some(WaitFor::Network)
    );
    assert_eq!(
        waits(
            "net::ERR_CONNECTION_TIMED_OUT",
            serde_json::json!({"online": false})
        ),
        Some(WaitFor::Network)
    );
    assert_eq!(
        waits(
            "net::ERR_CONNECTION_TIMED_OUT",
            serde_json::json!({"online": true})
        ),
        None,
        "a server that may come back: the countdown"
    );
}

#[test]
fn what_the_re_checks_wait_for_is_named_once() {
    for &wait in WaitFor::ALL {
        assert_eq!(serde_json::to_value(wait).unwrap(), wait.id());
        assert_ne!(
            Text::new(wait.message_key()).resolve(&English),
            wait.message_key()
        );
    }
}

#[test]
fn offers_to_turn_off_an_extension_only_when_it_alone_is_blamed() {
    let blocked = failure("http://blocked.example/", "net::ERR_BLOCKED_BY_CLIENT");
    let blocker = |id: &str| serde_json::json!({"id": id, "name": id, "permissions": ["declarativeNetRequest"]});
    let with = |extensions: Vec<serde_json::Value>| {
        let evidence: Evidence = serde_json::from_value(serde_json::json!({
            "extensions": extensions, "platform": {"browser": "chromium"},
        }))
        .unwrap();
        page_with(&blocked, &evidence).causes[0].extensions.clone()
    };
    let one = with(vec![blocker("aaaa")]);
    assert!(one[0].can_turn_off);
    let two = with(vec![blocker("aaaa"), blocker("bbbb")]);
    assert_eq!(two.len(), 2, "both are named, with their settings");
    assert!(two.iter().all(|action| !action.can_turn_off), "{two:?}");
}

#[test]
fn says_which_site_sent_the_tab_here() {
    let mut refused = failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_REFUSED");
    assert_eq!(page(&refused).sent_by, None, "typed by the user");
    refused.initiator = Some("http://127.0.0.1:5173".into());
    assert_eq!(page(&refused).sent_by, None, "the site itself");
    refused.initiator = Some("https://evil.example".into());
    let sent_by = page(&refused).sent_by.unwrap();
    assert_eq!(sent_by.key, "page_sent_by");
    assert_eq!(sent_by.args, ["https://evil.example"]);
}

#[test]
fn an_address_too_long_to_keep_is_never_loaded_again() {
    let long = format!("http://127.0.0.1:5173/{}", "a".repeat(3 << 20));
    let kept = failure(&long, "net::ERR_CONNECTION_REFUSED")
        .bounded(crate::policy::retention::MAX_STORED_URL);
    let page = page(&kept);
    assert_eq!(page.retry_url, None);
    assert_eq!(page.auto_retry, None);
    assert_eq!(page.archive_url, None);
    assert_eq!(page.address_note.unwrap().key, "page_address_too_long");
    assert_eq!(
        self::page(&failure(
            "http://127.0.0.1:5173/",
            "net::ERR_CONNECTION_REFUSED"
        ))
        .address_note,
        None
    );
}

#[test]
fn offers_the_full_address_in_the_report_only_when_there_is_more_to_it() {
    let plain = page(&failure(
        "http://127.0.0.1:5173/",
        "net::ERR_CONNECTION_REFUSED",
    ));
    assert_eq!(plain.report.contents.key, "report_contents");
    assert_eq!(plain.report.include_query, None);
    for url in [
        "http://127.0.0.1:5173/?token=SECRET",
        "http://127.0.0.1:5173/#frag",
    ] {
        let page = page(&failure(url, "net::ERR_CONNECTION_REFUSED"));
        assert_eq!(
            page.report.include_query.unwrap().key,
            "report_include_query"
        );
    }
}

#[test]
fn the_new_lines_have_english() {
    let mut refused = failure("http://127.0.0.1:5173/?q", "net::ERR_CONNECTION_REFUSED");
    refused.initiator = Some("https://a.example".into());
    let whole = page(&refused);
    let cut = page(&refused.bounded(10));
    let texts = [
        whole.sent_by.unwrap(),
        cut.address_note.unwrap(),
        whole.report.contents,
        whole.report.include_query.unwrap(),
    ];
    for text in texts {
        assert_ne!(text.resolve(&English), text.key);
    }
}
