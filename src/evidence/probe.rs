//! Where else a development server may be: when a load to this computer is
//! refused, the error page asks a few nearby addresses whether anything
//! answers there. This is the plan (which addresses, at most
//! [`MAX_PROBES`]) and the shape of what came back; the page sends the
//! requests, and the diagnosis reads the answers (`diagnosis::probes`).
//!
//! Every probe goes to a loopback address of this computer, never to a
//! port the browsers block ([`is_blocked_port`]), and asks only the root
//! (`/`): it learns that something answers, not what, and sends neither the
//! failed URL's path nor its query anywhere new.

use serde::{Deserialize, Serialize};

use crate::catalog::ports::is_blocked_port;
use crate::catalog::Class;
use crate::evidence::failure::Failure;
use crate::evidence::host::{parse_address, HostKind};
use crate::evidence::lenient;

/// How many ports after the failed one are asked: Vite, Next.js, Create
/// React App, Angular and Astro move to the next free port when theirs is taken,
/// and a second or third server running moves further.
pub const NEXT_PORTS: u16 = 3;

/// The usual development ports, most common first: 3000 (Next.js, Create
/// React App, Express, Rails), 5173 (Vite), 8080 (webpack-dev-server, Vue
/// CLI, Spring Boot, Tomcat), 8000 (Django, `python -m http.server`, PHP),
/// 4200 (Angular), 5000 (Flask, `serve`).
pub const DEV_PORTS: &[u16] = &[3000, 5173, 8080, 8000, 4200, 5000];

/// At most this many probes per failure, all at once.
pub const MAX_PROBES: usize = 20;

/// How long one probe waits for an answer. A loopback port with nothing on
/// it refuses at once; a server answers a root request in milliseconds; only
/// a server that accepts and then hangs costs the whole wait.
pub const PROBE_TIMEOUT_MS: u32 = 1_500;

/// The two loopback addresses, as a URL writes them.
pub const IPV4_LOOPBACK: &str = "127.0.0.1";
pub const IPV6_LOOPBACK: &str = "[::1]";

/// One address to ask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// A loopback address as a URL writes it: `127.0.0.1` or `[::1]`
    /// (or the failed URL's own `127.x.y.z`).
    pub host: String,
    pub port: u16,
    /// What the page asks: `scheme://host:port/`.
    pub url: String,
}

/// What one probe found; part of the evidence and of a report. Like all
/// evidence, any field may be `null` or absent: an unknown host answers for
/// no address, an unknown `answered` is no answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeResult {
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub host: String,
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub port: u16,
    /// Whether anything answered (any status, a redirect included) within
    /// [`PROBE_TIMEOUT_MS`].
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub answered: bool,
}

/// The loopback addresses to try for `failure`, most telling first, or
/// none when it is not a refused load of this computer over http(s).
pub fn plan(failure: &Failure) -> Vec<Probe> {
    let scheme = failure.scheme.as_str();
    let probed = failure.class() == Class::ConnectionRefused
        && HostKind::of(&failure.host) == HostKind::Loopback
        && matches!(scheme, "http" | "https")
        && failure.retry_url().is_some();
    if !probed {
        return Vec::new();
    }
    // The failed URL's own family first, then the other one. A name
    // (`localhost`, `app.localhost`) has no family of its own: both are other.
    let (own, other): (Option<&str>, &[&str]) = match parse_address(&failure.host) {
        Some(address) if address.is_ipv4() => (Some(&failure.host), &[IPV6_LOOPBACK]),
        Some(_) => (Some(IPV6_LOOPBACK), &[IPV4_LOOPBACK]),
        None => (None, &[IPV4_LOOPBACK, IPV6_LOOPBACK]),
    };
    let all: Vec<&str> = own.into_iter().chain(other.iter().copied()).collect();

    let port = failure.port;
    let mut probes: Vec<(&str, u16)> = other.iter().map(|&host| (host, port)).collect();
    let next = (1..=NEXT_PORTS).filter_map(|step| port.checked_add(step));
    let usual = DEV_PORTS.iter().copied();
    for candidate in next.chain(usual) {
        for &host in &all {
            if candidate != port && !probes.contains(&(host, candidate)) {
                probes.push((host, candidate));
            }
        }
    }
    probes
        .into_iter()
        .filter(|&(_, port)| !is_blocked_port(port))
        .take(MAX_PROBES)
        .map(|(host, port)| Probe {
            host: host.to_owned(),
            port,
            url: format!("{scheme}://{host}:{port}/"),
        })
        .collect()
}

/// The failed URL at another loopback address: its scheme, path, query and
/// fragment with `host`:`port` in place of its own host and port (and
/// without any user name or password). `None` when the URL is not plain
/// http(s).
///
/// The URL comes from the browser's serializer (webRequest), where the
/// authority ends at the first `/` after `scheme://`: `/`, `?`, `#` and `@`
/// inside a user name are percent-encoded, and an http(s) URL always has a
/// path.
pub fn alternative_url(failure: &Failure, host: &str, port: u16) -> Option<String> {
    let url = failure.retry_url()?;
    let scheme_end = url.find("://")? + 3;
    let rest = &url[scheme_end..];
    let path = rest.find('/').map_or("/", |start| &rest[start..]);
    Some(format!("{}{host}:{port}{path}", &url[..scheme_end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str, host: &str, port: u16) -> Failure {
        serde_json::from_value(serde_json::json!({
            "url": url, "scheme": url.split(':').next().unwrap(), "host": host, "port": port,
            "error": "net::ERR_CONNECTION_REFUSED", "time": 1.0,
        }))
        .map(Failure::classified)
        .unwrap()
    }

    fn targets(probes: &[Probe]) -> Vec<String> {
        probes
            .iter()
            .map(|p| format!("{}:{}", p.host, p.port))
            .collect()
    }

    #[test]
    fn asks_the_other_family_then_the_next_ports_then_the_usual_ones() {
        let probes = plan(&refused("http://127.0.0.1:5173/app?x=1", "127.0.0.1", 5173));
        let targets = targets(&probes);
        assert_eq!(
            targets[..7],
            [
                "[::1]:5173",
                "127.0.0.1:5174",
                "[::1]:5174",
                "127.0.0.1:5175",
                "[::1]:5175",
                "127.0.0.1:5176",
                "[::1]:5176"
            ]
        );
        assert!(targets.contains(&"127.0.0.1:3000".to_owned()));
        assert!(
            !targets.contains(&"127.0.0.1:5173".to_owned()),
            "{targets:?}"
        );
        assert_eq!(
            probes.len(),
            17,
            "5173 is the failed port: 5 usual ones left"
        );
        assert_eq!(
            probes[0].url, "http://[::1]:5173/",
            "the root, no path, no query"
        );
    }

    #[test]
    fn a_name_has_both_families_and_the_plan_stays_bounded() {
        for (url, host) in [
            ("https://localhost:4000/", "localhost"),
            ("http://app.localhost:4000/", "app.localhost"),
        ] {
            let probes = plan(&refused(url, host, 4000));
            assert_eq!(targets(&probes[..2]), ["127.0.0.1:4000", "[::1]:4000"]);
            assert_eq!(probes.len(), MAX_PROBES);
            assert!(probes[0]
                .url
                .starts_with(&format!("{}://", &url[..url.find(':').unwrap()])));
        }
        let v6 = plan(&refused("http://[::1]:8080/", "[::1]", 8080));
        assert_eq!(
            targets(&v6[..3]),
            ["127.0.0.1:8080", "[::1]:8081", "127.0.0.1:8081"]
        );
    }

    #[test]
    fn never_a_blocked_port_nor_past_the_last_one() {
        let probes = plan(&refused("http://127.0.0.1:6664/", "127.0.0.1", 6664));
        assert!(probes.iter().all(|p| !is_blocked_port(p.port)));
        assert!(probes.iter().all(|p| p.port != 6665 && p.port != 6666));
        let top = plan(&refused("http://127.0.0.1:65535/", "127.0.0.1", 65535));
        assert_eq!(
            targets(&top[..2]),
            ["[::1]:65535", "127.0.0.1:3000"],
            "no port after the last"
        );
    }

    #[test]
    fn only_a_refused_load_of_this_computer_is_probed() {
        let mut remote = refused("http://example.com:5173/", "example.com", 5173);
        assert!(plan(&remote).is_empty());
        remote.host = "192.168.1.2".into();
        assert!(plan(&remote).is_empty(), "the local network is not probed");
        let mut reset = refused("http://127.0.0.1:5173/", "127.0.0.1", 5173);
        reset.error = "net::ERR_CONNECTION_RESET".into();
        assert!(plan(&reset.classified()).is_empty());
        let firefox = Failure {
            error: "NS_ERROR_CONNECTION_REFUSED".into(),
            ..refused("http://localhost:5173/", "localhost", 5173)
        }
        .classified();
        assert!(!plan(&firefox).is_empty());
    }

    #[test]
    fn the_alternative_keeps_the_path_and_drops_the_credentials() {
        let failure = refused("http://user:pw@127.0.0.1:5173/a/b?c=1#d", "127.0.0.1", 5173);
        assert_eq!(
            alternative_url(&failure, "[::1]", 5174).as_deref(),
            Some("http://[::1]:5174/a/b?c=1#d")
        );
        let bare = refused("http://localhost:3000", "localhost", 3000);
        assert_eq!(
            alternative_url(&bare, "127.0.0.1", 3000).as_deref(),
            Some("http://127.0.0.1:3000/")
        );
        let script = refused("javascript:alert(1)", "127.0.0.1", 80);
        assert_eq!(alternative_url(&script, "127.0.0.1", 80), None);
    }
}
