//! The causes of issue 12 at a site on the internet, on the way to it and
//! in its secure connection, for and against, in both browsers' spellings
//! where both can report them: with the evidence that supports it, the
//! cause is among the findings (first, where that evidence decides it); with
//! the evidence that rules it out, it is not there at all.

mod common;

use common::*;
use netwhy::diagnosis::cause::Cause;
use serde_json::json;

#[test]
fn blocked_by_network() {
    let site = "https://news.example.org/";
    let loading = json!({"history": others_load(json!({}))});
    for error in [
        "net::ERR_CONNECTION_RESET",
        "NS_ERROR_NET_RESET",
        "NS_ERROR_NET_INTERRUPT",
    ] {
        check(
            error,
            failure(site, error, 300.0),
            loading.clone(),
            Cause::BlockedByNetwork,
            Top,
        );
        check(
            error,
            failure(site, error, 300.0),
            loading.clone(),
            Cause::ServerDown,
            Listed,
        );
    }
    check(
        "silence where others answer",
        failure(site, "net::ERR_CONNECTION_TIMED_OUT", 30_000.0),
        loading.clone(),
        Cause::BlockedByNetwork,
        Listed,
    );
    let block_page =
        json!({"dns": {"addresses": ["10.10.34.34"]}, "history": others_load(json!({}))});
    check(
        "a public name answered with a local address",
        failure(site, "NS_ERROR_NET_TIMEOUT", 21_000.0),
        block_page,
        Cause::BlockedByNetwork,
        Top,
    );
    // Against: everything fails (the connection), this computer, a refusal
    // this computer gave (too fast for any network).
    check(
        "offline",
        failure(site, "net::ERR_CONNECTION_RESET", 300.0),
        json!({"online": false}),
        Cause::BlockedByNetwork,
        Absent,
    );
    let failing = json!({"history": {"otherHostsOk": 0, "otherHostsFailing": 4}});
    check(
        "every site fails",
        failure(site, "net::ERR_CONNECTION_RESET", 300.0),
        failing,
        Cause::BlockedByNetwork,
        Absent,
    );
    check(
        "loopback",
        failure("http://127.0.0.1:5173/", "net::ERR_CONNECTION_RESET", 3.0),
        loading.clone(),
        Cause::BlockedByNetwork,
        Absent,
    );
    check(
        "refused here",
        failure("https://203.0.113.9/", "net::ERR_CONNECTION_REFUSED", 2.0),
        loading,
        Cause::BlockedByNetwork,
        Absent,
    );
}

#[test]
fn server_overloaded() {
    let site = "https://tickets.example.com/";
    let slow = json!({"history": others_load(json!({"lastSuccessAgoMs": 300_000, "lastSuccessMs": 14_000}))});
    let sometimes = json!({"history": others_load(json!({"lastSuccessAgoMs": 60_000, "lastSuccessMs": 800,
        "siteLoaded": 2, "siteFailed": 1}))});
    check(
        "slow, then timed out",
        failure(site, "net::ERR_CONNECTION_TIMED_OUT", 30_000.0),
        slow.clone(),
        Cause::ServerOverloaded,
        Top,
    );
    check(
        "firefox, slow",
        failure(site, "NS_ERROR_NET_TIMEOUT", 30_000.0),
        slow.clone(),
        Cause::ServerOverloaded,
        Top,
    );
    check(
        "only sometimes, empty response",
        failure(site, "net::ERR_EMPTY_RESPONSE", 9_000.0),
        sometimes.clone(),
        Cause::ServerOverloaded,
        Top,
    );
    check(
        "firefox, only sometimes",
        failure(site, "NS_ERROR_NET_PARTIAL_TRANSFER", 9_000.0),
        sometimes,
        Cause::ServerOverloaded,
        Top,
    );
    // Against: a refusal is no busy server; every site failing is the
    // connection; a server on this computer is the developer's.
    check(
        "refused",
        failure(site, "net::ERR_CONNECTION_REFUSED", 90.0),
        slow.clone(),
        Cause::ServerOverloaded,
        Absent,
    );
    let failing = json!({"history": {"otherHostsOk": 0, "otherHostsFailing": 3, "lastSuccessAgoMs": 300_000, "lastSuccessMs": 14_000}});
    check(
        "every site fails",
        failure(site, "net::ERR_CONNECTION_TIMED_OUT", 30_000.0),
        failing,
        Cause::ServerOverloaded,
        Absent,
    );
    check(
        "loopback",
        failure("http://127.0.0.1:8000/", "net::ERR_EMPTY_RESPONSE", 9_000.0),
        slow,
        Cause::ServerOverloaded,
        Absent,
    );
}

#[test]
fn vpn() {
    let site = "https://example.com/";
    let through_vpn =
        |name: &str| json!({"proxy": extension_proxy(), "extensions": vpn_extension(name)});
    check(
        "chromium, VPN extension's proxy",
        failure(site, "net::ERR_CONNECTION_TIMED_OUT", 30_000.0),
        through_vpn("Browsec VPN"),
        Cause::Vpn,
        Top,
    );
    check(
        "firefox, VPN extension's proxy",
        failure(site, "NS_ERROR_NET_TIMEOUT", 30_000.0),
        through_vpn("Urban VPN Proxy"),
        Cause::Vpn,
        Top,
    );
    check(
        "the proxy itself fails",
        failure(site, "net::ERR_PROXY_CONNECTION_FAILED", 40.0),
        through_vpn("Proton VPN"),
        Cause::Vpn,
        Listed,
    );
    let changed = json!({"history": {"networkChangedAgoMs": 20_000}});
    check(
        "network changed just before",
        failure(site, "net::ERR_NAME_NOT_RESOLVED", 40.0),
        changed,
        Cause::Vpn,
        Listed,
    );
    check(
        "an internal name",
        failure("http://wiki.internal/", "net::ERR_NAME_NOT_RESOLVED", 40.0),
        json!({}),
        Cause::Vpn,
        Listed,
    );
    check(
        "firefox, an internal name",
        failure("http://wiki.internal/", "NS_ERROR_UNKNOWN_HOST", 40.0),
        json!({}),
        Cause::Vpn,
        Listed,
    );
    // Against: a proxy switcher is no VPN; this computer's own server
    // needs no VPN; nothing points at one.
    let switcher =
        json!({"proxy": extension_proxy(), "extensions": vpn_extension("Proxy SwitchyOmega")});
    check(
        "proxy switcher",
        failure(site, "net::ERR_CONNECTION_TIMED_OUT", 30_000.0),
        switcher,
        Cause::Vpn,
        Absent,
    );
    check(
        "loopback",
        failure("http://127.0.0.1:3000/", "net::ERR_CONNECTION_REFUSED", 2.0),
        through_vpn("Proton VPN"),
        Cause::Vpn,
        Absent,
    );
    check(
        "nothing says VPN",
        failure(site, "net::ERR_CONNECTION_TIMED_OUT", 30_000.0),
        json!({}),
        Cause::Vpn,
        Absent,
    );
}

#[test]
fn tls_interception() {
    let site = "https://bank.example.com/";
    check(
        "chromium downgrade",
        failure(site, "net::ERR_TLS13_DOWNGRADE_DETECTED", 200.0),
        json!({}),
        Cause::TlsInterception,
        Top,
    );
    check(
        "firefox MITM",
        failure(site, "MOZILLA_PKIX_ERROR_MITM_DETECTED", 200.0),
        json!({}),
        Cause::TlsInterception,
        Top,
    );
    check(
        "firefox unknown issuer",
        failure(site, "Peer’s Certificate issuer is not recognized.", 200.0),
        json!({}),
        Cause::TlsInterception,
        Listed,
    );
    let loading = json!({"history": others_load(json!({}))});
    check(
        "one site's TLS fails while others load",
        failure(site, "net::ERR_SSL_PROTOCOL_ERROR", 200.0),
        loading,
        Cause::TlsInterception,
        Listed,
    );
    // Against: a cipher mismatch with nothing else known, an expired
    // certificate, a local server.
    check(
        "cipher mismatch",
        failure(site, "net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH", 200.0),
        json!({}),
        Cause::TlsInterception,
        Absent,
    );
    check(
        "expired",
        failure(site, "Peer’s Certificate has expired.", 200.0),
        json!({}),
        Cause::TlsInterception,
        Absent,
    );
    check(
        "local",
        failure(
            "https://127.0.0.1:5173/",
            "net::ERR_SSL_PROTOCOL_ERROR",
            3.0,
        ),
        json!({"history": others_load(json!({}))}),
        Cause::TlsInterception,
        Absent,
    );
}

#[test]
fn certificate_sentences_replay_to_a_tls_cause() {
    for error in [
        "Peer’s Certificate has expired.",
        "Peer’s Certificate has been revoked.",
        "The certificate is not trusted because it is self-signed.",
        "SEC_ERROR_EXPIRED_CERTIFICATE",
        "net::ERR_CERT_DATE_INVALID",
    ] {
        check(
            error,
            failure("https://expired.example.com/", error, 200.0),
            json!({}),
            Cause::TlsProblem,
            Top,
        );
    }
}

#[test]
fn client_certificate() {
    let site = "https://portal.example.com/";
    for error in [
        "net::ERR_SSL_CLIENT_AUTH_CERT_NEEDED",
        "net::ERR_BAD_SSL_CLIENT_AUTH_CERT",
        "net::ERR_SSL_CLIENT_AUTH_CERT_NO_PRIVATE_KEY",
        "SSL peer cannot verify your certificate.",
        "SSL peer rejected your certificate as expired.",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT)",
    ] {
        check(
            error,
            failure(site, error, 200.0),
            json!({}),
            Cause::ClientCertificate,
            Top,
        );
    }
    check(
        "proxy authentication",
        failure(site, "net::ERR_PROXY_AUTH_REQUESTED", 200.0),
        json!({}),
        Cause::ClientCertificate,
        Absent,
    );
    check(
        "server certificate",
        failure(site, "net::ERR_CERT_AUTHORITY_INVALID", 200.0),
        json!({}),
        Cause::ClientCertificate,
        Absent,
    );
}
