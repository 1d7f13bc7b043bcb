//! The causes of issue 12 on this computer and the local network, and in
//! name resolution, for and against, in both browsers' spellings where both
//! can report them: with the evidence that supports it, the cause is among
//! the findings (first, where that evidence decides it); with the evidence
//! that rules it out, it is not there at all.

mod common;

use common::*;
use netwhy::diagnosis::cause::Cause;
use serde_json::{json, Value};

#[test]
fn device_unreachable() {
    let lan = "http://192.168.1.50:8123/";
    let history = json!({"history": others_load(json!({}))});
    check(
        "chromium no route",
        failure(lan, "net::ERR_ADDRESS_UNREACHABLE", 3_100.0),
        history.clone(),
        Cause::DeviceUnreachable,
        Top,
    );
    check(
        "firefox refused after 3 s",
        failure(lan, "NS_ERROR_CONNECTION_REFUSED", 3_050.0),
        history.clone(),
        Cause::DeviceUnreachable,
        Top,
    );
    check(
        "firefox timeout",
        failure(lan, "NS_ERROR_NET_TIMEOUT", 21_000.0),
        history.clone(),
        Cause::DeviceUnreachable,
        Top,
    );
    // A device that is on refuses at once: its server is what stopped.
    check(
        "refused at once",
        failure(lan, "NS_ERROR_CONNECTION_REFUSED", 4.0),
        history.clone(),
        Cause::DeviceUnreachable,
        Absent,
    );
    check(
        "refused at once: nothing listens",
        failure(lan, "net::ERR_CONNECTION_REFUSED", 4.0),
        history.clone(),
        Cause::LocalServerDown,
        Top,
    );
    check(
        "on the internet",
        failure(
            "http://203.0.113.5/",
            "net::ERR_ADDRESS_UNREACHABLE",
            3_100.0,
        ),
        history,
        Cause::DeviceUnreachable,
        Absent,
    );
}

#[test]
fn local_network_permission() {
    let lan = "http://192.168.1.20/";
    for error in [
        "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
        "net::ERR_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS",
        "net::ERR_LOCAL_NETWORK_PERMISSION_MISSING",
        "-385",
        "NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED",
        "NS_ERROR_OS_LOCAL_NETWORK_ACCESS_DENIED",
    ] {
        check(
            error,
            failure(lan, error, 5.0),
            json!({}),
            Cause::LocalNetworkPermission,
            Top,
        );
    }
    // macOS keeps apps without its permission off the local network, and
    // the browser then sees no route: a candidate there, and only there.
    let unreachable = failure(lan, "net::ERR_ADDRESS_UNREACHABLE", 40.0);
    let on = |os: &str| json!({"platform": {"browser": "chrome", "os": os}});
    check(
        "mac, no route",
        unreachable.clone(),
        on("mac"),
        Cause::LocalNetworkPermission,
        Listed,
    );
    check(
        "linux, no route",
        unreachable,
        on("linux"),
        Cause::LocalNetworkPermission,
        Absent,
    );
    check(
        "mac, refused",
        failure(lan, "net::ERR_CONNECTION_REFUSED", 3.0),
        on("mac"),
        Cause::LocalNetworkPermission,
        Absent,
    );
}

#[test]
fn dns_stale() {
    let site = "https://app.example.com/";
    let mut moved = failure(site, "NS_ERROR_CONNECTION_REFUSED", 140.0);
    moved["ip"] = json!("203.0.113.7");
    let fresh = |addresses: Value| json!({"dns": {"addresses": addresses}, "history": others_load(json!({}))});
    check(
        "connected to an old address",
        moved.clone(),
        fresh(json!(["198.51.100.20"])),
        Cause::DnsStale,
        Top,
    );
    let mut timed_out = failure(site, "NS_ERROR_NET_TIMEOUT", 21_000.0);
    timed_out["ip"] = json!("203.0.113.7");
    check(
        "timed out at an old address",
        timed_out,
        fresh(json!(["198.51.100.20", "2001:db8::20"])),
        Cause::DnsStale,
        Top,
    );
    // Against: the address tried is the current one; Chromium says neither.
    check(
        "current address",
        moved,
        fresh(json!(["203.0.113.7"])),
        Cause::DnsStale,
        Absent,
    );
    check(
        "chromium knows no address",
        failure(site, "net::ERR_CONNECTION_REFUSED", 140.0),
        fresh(json!([])),
        Cause::DnsStale,
        Absent,
    );
}

#[test]
fn firewall_is_a_candidate_while_other_sites_load() {
    let site = "https://shop.example.com/";
    let loading = json!({"history": others_load(json!({}))});
    for error in [
        "net::ERR_CONNECTION_REFUSED",
        "NS_ERROR_CONNECTION_REFUSED",
        "net::ERR_CONNECTION_RESET",
        "net::ERR_NAME_NOT_RESOLVED",
        "NS_ERROR_UNKNOWN_HOST",
    ] {
        check(
            error,
            failure(site, error, 120.0),
            loading.clone(),
            Cause::Firewall,
            Listed,
        );
    }
    let failing = json!({"history": {"otherHostsOk": 0, "otherHostsFailing": 3}});
    check(
        "every site fails",
        failure(site, "net::ERR_NAME_NOT_RESOLVED", 120.0),
        failing,
        Cause::Firewall,
        Absent,
    );
    check(
        "this computer",
        failure("http://127.0.0.1:8080/", "net::ERR_CONNECTION_REFUSED", 2.0),
        loading.clone(),
        Cause::Firewall,
        Absent,
    );
    check(
        "nothing known of others",
        failure(site, "net::ERR_NAME_NOT_RESOLVED", 120.0),
        json!({}),
        Cause::Firewall,
        Absent,
    );
}

#[test]
fn a_dead_dns_server_is_told_from_a_dead_connection() {
    let site = "https://docs.example.com/";
    let at = |names: u32, connections: u32| {
        json!({"history": {"otherHostsOk": 0, "otherHostsFailing": names + connections,
            "otherHostsFailingAt": {"nameResolution": names, "connection": connections}}})
    };
    check(
        "every name fails",
        failure(site, "net::ERR_NAME_NOT_RESOLVED", 40.0),
        at(3, 0),
        Cause::DnsFailure,
        Top,
    );
    check(
        "every name fails, firefox",
        failure(site, "NS_ERROR_UNKNOWN_HOST", 40.0),
        at(3, 0),
        Cause::DnsFailure,
        Top,
    );
    check(
        "every name fails: not the connection first",
        failure(site, "net::ERR_NAME_NOT_RESOLVED", 40.0),
        at(3, 0),
        Cause::NoInternet,
        Listed,
    );
    check(
        "every connection fails",
        failure(site, "net::ERR_NAME_NOT_RESOLVED", 40.0),
        at(0, 3),
        Cause::NoInternet,
        Top,
    );
    check(
        "every connection fails: no DNS verdict",
        failure(site, "net::ERR_NAME_NOT_RESOLVED", 40.0),
        at(0, 3),
        Cause::DnsFailure,
        Absent,
    );
    check(
        "connections fail, this one too",
        failure(site, "net::ERR_CONNECTION_TIMED_OUT", 30_000.0),
        at(0, 3),
        Cause::NoInternet,
        Top,
    );
}
