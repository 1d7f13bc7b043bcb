//! The ring of recent loads: its caps, its summary, and the typo guess.

use super::*;

fn outcome(host: &str, time: f64, class: Option<Class>) -> Outcome {
    Outcome {
        host: host.to_owned(),
        port: 443,
        time,
        class,
        ip: None,
        ms: None,
    }
}

#[test]
fn caps_the_ring_dropping_the_oldest() {
    let mut history = LoadRing::default();
    for i in 0..MAX_OUTCOMES + 5 {
        history.record(outcome(&format!("site{i}.example"), i as f64, None));
    }
    assert_eq!(history.outcomes.len(), MAX_OUTCOMES);
    assert_eq!(history.outcomes[0].host, "site5.example");
}

#[test]
fn caps_each_site_but_keeps_its_latest_success() {
    let mut history = LoadRing::default();
    history.record(outcome("a.example", 0.0, None));
    for i in 1..=20 {
        history.record(outcome("a.example", f64::from(i), Some(Class::TimedOut)));
    }
    let site: Vec<&Outcome> = history.outcomes.iter().collect();
    assert_eq!(site.len(), MAX_PER_SITE);
    assert!(site[0].succeeded(), "the success at 0 survives");
    assert_eq!(site[1].time, 14.0, "the oldest failures went");
}

#[test]
fn summarises_this_site_and_the_others() {
    let mut history = LoadRing::default();
    let now = 1_000_000.0;
    history.record(outcome("a.example", now - 120_000.0, None));
    history.record(outcome(
        "b.example",
        now - 50_000.0,
        Some(Class::ConnectionRefused),
    ));
    history.record(outcome("b.example", now - 20_000.0, None));
    history.record(outcome("c.example", now - 10_000.0, Some(Class::TimedOut)));
    history.record(outcome(
        "d.example",
        now - 10_000.0,
        Some(Class::Certificate),
    ));
    history.record(outcome(
        "old.example",
        now - RECENT_MS - 1.0,
        Some(Class::TimedOut),
    ));

    let summary = history.summary("a.example", 443, now);
    assert_eq!(summary.last_success_ago_ms, Some(120_000.0));
    assert_eq!(summary.other_hosts_ok, 1, "b recovered");
    assert_eq!(
        summary.other_hosts_failing, 1,
        "c only: d is a certificate, old is too old"
    );
    assert_eq!(summary.last_other_success_ago_ms, Some(20_000.0));
    assert_eq!(
        history.summary("a.example", 8080, now).last_success_ago_ms,
        None,
        "another port"
    );
}

#[test]
fn finds_a_loaded_host_spelled_almost_the_same() {
    let mut history = LoadRing::default();
    history.record(outcome("github.com", 1.0, None));
    history.record(outcome("gitlab.com", 2.0, Some(Class::TimedOut)));
    history.record(outcome("example.org", 3.0, None));
    assert_eq!(
        history
            .summary("githb.com", 443, 10.0)
            .similar_host
            .as_deref(),
        Some("github.com")
    );
    assert_eq!(
        history
            .summary("gitlab.com", 443, 10.0)
            .similar_host
            .as_deref(),
        Some("github.com")
    );
    assert_eq!(
        history.summary("a.io", 443, 10.0).similar_host,
        None,
        "too short to guess"
    );
    assert_eq!(
        history.summary("example.net", 443, 10.0).similar_host,
        None,
        "three edits"
    );
}

#[test]
fn never_compares_hosts_longer_than_dns_allows() {
    let long = "a".repeat(100_000);
    let mut history = LoadRing::default();
    for i in 0..MAX_OUTCOMES {
        history.record(outcome(&format!("{long}{i}"), i as f64, None));
    }
    history.record(outcome("example.com", 1.0, None));
    let started = std::time::Instant::now();
    assert_eq!(history.summary(&long, 443, 10.0).similar_host, None);
    assert_eq!(
        history.summary(&format!("{long}b"), 443, 10.0).similar_host,
        None
    );
    assert_eq!(
        history
            .summary("exampl.com", 443, 10.0)
            .similar_host
            .as_deref(),
        Some("example.com")
    );
    // Unbounded, this is 200 distances of 10^10 steps each.
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());

    let at_limit = "a".repeat(MAX_HOST_LEN);
    let mut history = LoadRing::default();
    history.record(outcome(&at_limit, 1.0, None));
    let typo = format!("b{}", &at_limit[1..]);
    assert_eq!(
        history.summary(&typo, 443, 10.0).similar_host.as_deref(),
        Some(at_limit.as_str()),
        "a name of the longest length is still compared"
    );
}

#[test]
fn trims_a_stored_ring_over_the_cap() {
    let mut history = LoadRing::default();
    for i in 0..10_000 {
        history
            .outcomes
            .push_back(outcome("a.example", f64::from(i), None));
    }
    history.record(outcome("a.example", 10_000.0, None));
    assert_eq!(history.outcomes.len(), MAX_PER_SITE);
    assert_eq!(history.outcomes.back().unwrap().time, 10_000.0);
}

#[test]
fn counts_single_character_edits_up_to_a_bound() {
    let edits = |a: &str, b: &str, max| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        edits_within(&a, &b, max)
    };
    assert_eq!(edits("kitten", "sitting", 3), Some(3));
    assert_eq!(edits("kitten", "sitting", 2), None);
    assert_eq!(edits("", "abc", 3), Some(3));
    assert_eq!(edits("same", "same", 2), Some(0));
    assert_eq!(edits("exmaple.com", "example.com", 2), Some(2));
    assert_eq!(edits("example.co", "example.com", 2), Some(1));
    assert_eq!(edits("abcdef", "abcxyz", 2), None, "three substitutions");
    assert_eq!(
        edits("aaaa", "bbbbbb", 2),
        None,
        "length alone rules it out"
    );
    // The full table agrees with the band on every pair within reach.
    let words = [
        "gitlab.com",
        "github.com",
        "gihtub.com",
        "githu.com",
        "gthub.co",
        "ab",
        "a",
        "",
    ];
    for a in words {
        for b in words {
            let full = full_distance(a, b);
            assert_eq!(edits(a, b, 2), (full <= 2).then_some(full), "{a} {b}");
        }
    }
}

/// The whole Levenshtein table, to check the band against.
fn full_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[test]
fn remembers_the_address_a_host_last_loaded_from() {
    let mut history = LoadRing::default();
    let with_ip = |port: u16, time: f64, ip: &str| Outcome {
        port,
        ip: Some(ip.to_owned()),
        ..outcome("a.example", time, None)
    };
    history.record(with_ip(443, 1_000.0, "198.51.100.1"));
    history.record(with_ip(8443, 2_000.0, "198.51.100.2"));
    history.record(outcome("a.example", 3_000.0, None));
    history.record(outcome(
        "a.example",
        4_000.0,
        Some(Class::ConnectionRefused),
    ));
    let summary = history.summary("a.example", 443, 5_000.0);
    assert_eq!(
        summary.loaded_from.as_deref(),
        Some("198.51.100.2"),
        "any port, the latest with an address"
    );
    assert_eq!(summary.loaded_from_ago_ms, Some(3_000.0));
    assert_eq!(history.summary("b.example", 443, 5_000.0).loaded_from, None);
}

fn timed(host: &str, time: f64, class: Option<Class>, ms: f64) -> Outcome {
    Outcome {
        ms: Some(ms),
        ..outcome(host, time, class)
    }
}

#[test]
fn tells_how_other_sites_failed() {
    let mut ring = LoadRing::default();
    let now = 1_000_000.0;
    for (host, class, ms) in [
        ("a.example", Class::NameNotResolved, 30.0),
        ("b.example", Class::DnsFailure, 4_000.0),
        ("c.example", Class::ConnectionRefused, 5.0),
        // Firefox's refusal after seconds is no route: a timeout, not a refusal.
        ("d.example", Class::ConnectionRefused, 3_000.0),
        ("e.example", Class::TimedOut, 30_000.0),
        ("f.example", Class::Certificate, 80.0),
        ("g.example", Class::BlockedByClient, 2.0),
    ] {
        ring.record(timed(host, now - 5_000.0, Some(class), ms));
    }
    let at = ring.summary("x.example", 443, now).other_hosts_failing_at;
    assert_eq!(
        (
            at.name_resolution,
            at.connection,
            at.timeout,
            at.secure_connection
        ),
        (2, 1, 2, 1),
        "a blocked load failed at no stage"
    );
}

#[test]
fn summarises_this_sites_recent_loads_and_how_long_they_took() {
    let mut ring = LoadRing::default();
    let now = 1_000_000.0;
    ring.record(timed("s.example", now - 1_200_000.0, None, 100.0));
    ring.record(timed("s.example", now - 300_000.0, None, 9_000.0));
    ring.record(timed(
        "s.example",
        now - 200_000.0,
        Some(Class::TimedOut),
        30_000.0,
    ));
    ring.record(timed("s.example", now - 100_000.0, None, 12_000.0));
    // The failure being explained, already in the ring: it counts for nothing.
    ring.record(timed("s.example", now, Some(Class::TimedOut), 30_000.0));
    let summary = ring.summary("s.example", 443, now);
    assert_eq!(summary.last_success_ms, Some(12_000.0));
    assert_eq!(summary.last_success_ago_ms, Some(100_000.0));
    assert_eq!(
        (summary.site_loaded, summary.site_failed),
        (2, 1),
        "the last ten minutes only"
    );
    assert_eq!(summary.network_changed_ago_ms, None);

    ring.record(timed(
        "w.example",
        now - 30_000.0,
        Some(Class::NetworkChanged),
        10.0,
    ));
    ring.record(timed(
        "v.example",
        now - 90_000.0,
        Some(Class::NetworkChanged),
        10.0,
    ));
    let summary = ring.summary("s.example", 443, now);
    assert_eq!(
        summary.network_changed_ago_ms,
        Some(30_000.0),
        "the latest, within a minute"
    );
}

#[test]
fn reads_a_summary_with_nulls_and_without_the_newer_fields() {
    let summary: LoadSummary = serde_json::from_str(
        r#"{"lastSuccessAgoMs": null, "otherHostsOk": null, "otherHostsFailing": 2,
            "otherHostsFailingAt": null, "siteLoaded": null, "similarHost": null}"#,
    )
    .unwrap();
    assert_eq!(summary.other_hosts_failing, 2);
    assert_eq!(summary.other_hosts_ok, 0);
    assert_eq!(summary.other_hosts_failing_at, FailingAt::default());
}
