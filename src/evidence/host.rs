//! Where a host is — this computer, the local network or the internet —
//! decided from its name or address alone, without a lookup.
//!
//! The host arrives already split by the browser's `URL` parser: lowercase
//! for names, bracketed for IPv6 literals (`[::1]`). We only classify it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// Where a host is, as far as its name or address tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostKind {
    /// This computer: 127.0.0.0/8, `::1`, `localhost` and `*.localhost`.
    Loopback,
    /// `0.0.0.0` or `::`, "any address": a server listens on it; a browser
    /// that connects to it reaches this computer (or refuses, on Windows).
    Unspecified,
    /// An address on a private, link-local, unique-local or shared
    /// (carrier-grade NAT, many VPNs) network.
    PrivateNetwork,
    /// A name only a local network or VPN resolves: `.local`, `.internal`,
    /// `.lan`, `.home.arpa`, `.test`, or a single label like `nas`.
    LocalName,
    /// A literal public IP address.
    PublicAddress,
    /// A name for the public DNS to resolve.
    PublicName,
}

/// Suffixes of names that never reach the public DNS (RFC 6761, 6762, 8375
/// and ICANN's reservation of `.internal`) plus the de facto `.lan`.
const LOCAL_SUFFIXES: &[&str] = &[".local", ".internal", ".lan", ".home.arpa", ".test"];

impl HostKind {
    /// The kind of `host` as the browser's `URL.hostname` gives it.
    pub fn of(host: &str) -> HostKind {
        if let Some(address) = parse_address(host) {
            return HostKind::of_address(address);
        }
        // A trailing dot makes a name fully qualified without changing it.
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") {
            HostKind::Loopback
        } else if !name.contains('.') || LOCAL_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        {
            HostKind::LocalName
        } else {
            HostKind::PublicName
        }
    }

    /// The kind of a literal address.
    pub fn of_address(address: IpAddr) -> HostKind {
        match address {
            IpAddr::V4(v4) => of_v4(v4),
            // An IPv4-mapped address (`::ffff:127.0.0.1`) is that IPv4 address.
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or_else(|| of_v6(v6), of_v4),
        }
    }

    /// Whether connections to this host stay on this computer or the local
    /// network, where "the server is down" means one the user can go and start.
    pub fn is_local(self) -> bool {
        !matches!(self, HostKind::PublicAddress | HostKind::PublicName)
    }

    /// Whether this is the address of this computer itself.
    pub fn is_this_computer(self) -> bool {
        matches!(self, HostKind::Loopback | HostKind::Unspecified)
    }
}

/// The address in `host` when it is an IP literal, IPv6 with or without brackets.
pub fn parse_address(host: &str) -> Option<IpAddr> {
    let bare = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse().ok()
}

/// `address` exactly as std's `Display` writes it: dotted IPv4; IPv6 in
/// lower-case hex with the first longest run of two or more zero groups as
/// `::` (RFC 5952), and IPv4-mapped ones as `::ffff:a.b.c.d`. Written here
/// because std's IP formatting was ~3 KB of the wasm module.
pub fn address_text(address: IpAddr) -> String {
    let mut text = String::new();
    match address {
        IpAddr::V4(v4) => push_v4(&mut text, v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => {
                text.push_str("::ffff:");
                push_v4(&mut text, v4);
            }
            None => push_v6(&mut text, v6.segments()),
        },
    }
    text
}

fn push_v4(text: &mut String, address: Ipv4Addr) {
    for (i, octet) in address.octets().into_iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        text.push_str(&octet.to_string());
    }
}

fn push_v6(text: &mut String, segments: [u16; 8]) {
    // The first longest run of zero groups: (start, length).
    let (mut longest, mut run) = ((0, 0), (0, 0));
    for (i, &segment) in segments.iter().enumerate() {
        run = if segment == 0 {
            (run.0, run.1 + 1)
        } else {
            (i + 1, 0)
        };
        if run.1 > longest.1 {
            longest = run;
        }
    }
    let groups = |text: &mut String, groups: &[u16]| {
        for (i, &group) in groups.iter().enumerate() {
            if i > 0 {
                text.push(':');
            }
            let digits = (1..4).rev().find(|d| group >> (4 * d) != 0).unwrap_or(0);
            for d in (0..=digits).rev() {
                let nibble = (group >> (4 * d)) & 0xf;
                text.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
            }
        }
    };
    if longest.1 > 1 {
        groups(text, &segments[..longest.0]);
        text.push_str("::");
        groups(text, &segments[longest.0 + longest.1..]);
    } else {
        groups(text, &segments);
    }
}

fn of_v4(address: Ipv4Addr) -> HostKind {
    // 100.64.0.0/10, shared address space: carrier-grade NAT and VPNs such as
    // Tailscale. `Ipv4Addr::is_shared` is not stable yet.
    let shared = address.octets()[0] == 100 && address.octets()[1] & 0xc0 == 64;
    if address.is_loopback() {
        HostKind::Loopback
    } else if address.is_unspecified() {
        HostKind::Unspecified
    } else if address.is_private() || address.is_link_local() || shared {
        HostKind::PrivateNetwork
    } else {
        HostKind::PublicAddress
    }
}

fn of_v6(address: Ipv6Addr) -> HostKind {
    // fc00::/7 unique-local and fe80::/10 link-local; the std methods for
    // these need a newer Rust than our minimum.
    let first = address.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00;
    let link_local = first & 0xffc0 == 0xfe80;
    if address.is_loopback() {
        HostKind::Loopback
    } else if address.is_unspecified() {
        HostKind::Unspecified
    } else if unique_local || link_local {
        HostKind::PrivateNetwork
    } else {
        HostKind::PublicAddress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_computer() {
        for host in [
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
            "localhost",
            "LOCALHOST.",
            "app.localhost",
            "[::ffff:127.0.0.1]",
        ] {
            assert_eq!(HostKind::of(host), HostKind::Loopback, "{host}");
        }
        for host in ["0.0.0.0", "[::]"] {
            assert_eq!(HostKind::of(host), HostKind::Unspecified, "{host}");
        }
    }

    #[test]
    fn local_networks() {
        for host in [
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.20",
            "169.254.1.1",
            "100.100.1.1",
            "[fd12::1]",
            "[fe80::1]",
        ] {
            assert_eq!(HostKind::of(host), HostKind::PrivateNetwork, "{host}");
        }
        for host in [
            "printer.local",
            "db.internal",
            "nas.lan",
            "router.home.arpa",
            "app.test",
            "intranet",
            "nas.",
        ] {
            assert_eq!(HostKind::of(host), HostKind::LocalName, "{host}");
        }
    }

    #[test]
    fn the_internet() {
        for host in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "[2606:4700::1111]"] {
            assert_eq!(HostKind::of(host), HostKind::PublicAddress, "{host}");
        }
        for host in [
            "example.com",
            "localhost.example.com",
            "test.example.org",
            "local.example.com",
        ] {
            assert_eq!(HostKind::of(host), HostKind::PublicName, "{host}");
        }
    }

    #[test]
    fn addresses_are_written_as_std_writes_them() {
        let mut v6 = vec![
            Ipv6Addr::UNSPECIFIED,
            Ipv6Addr::LOCALHOST,
            "::ffff:127.0.0.1".parse().unwrap(),
            "::127.0.0.1".parse().unwrap(),
            "2606:4700::1111".parse().unwrap(),
            "1:0:0:2:0:0:0:3".parse().unwrap(),
            "1:0:0:2:0:0:3:4".parse().unwrap(),
        ];
        // Every pattern of zero and non-zero groups, with values of every width.
        for pattern in 0u32..256 {
            let segments: Vec<u16> = (0..8u32)
                .map(|i| match pattern >> i & 1 {
                    0 => 0,
                    _ => [0xf, 0xab, 0x1c0, 0xffff, 0x1000][(i + pattern) as usize % 5],
                })
                .collect();
            v6.push(Ipv6Addr::from(<[u16; 8]>::try_from(segments).unwrap()));
        }
        for address in v6 {
            assert_eq!(address_text(IpAddr::V6(address)), address.to_string());
        }
        for v4 in ["0.0.0.0", "127.0.0.1", "10.20.255.9", "255.255.255.255"] {
            let address: IpAddr = v4.parse().unwrap();
            assert_eq!(address_text(address), v4);
        }
    }

    #[test]
    fn only_local_kinds_are_local() {
        assert!(HostKind::of("192.168.0.1").is_local());
        assert!(HostKind::of("nas").is_local());
        assert!(!HostKind::of("example.com").is_local());
        assert!(!HostKind::of("1.1.1.1").is_local());
        assert!(HostKind::of("0.0.0.0").is_this_computer());
        assert!(!HostKind::of("10.0.0.1").is_this_computer());
    }
}
