//! The ports both browsers refuse to connect to, whatever the page asks:
//! the Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking),
//! which Chromium (`kRestrictedPorts` in net/base/port_util.cc) and Firefox
//! (`gBadPortList` in netwerk/base/nsIOService.cpp) both enforce; the list
//! as the web-platform-tests check it (fetch/api/request/request-bad-port.any.js).
//! A load of one fails with `net::ERR_UNSAFE_PORT` / `NS_ERROR_PORT_ACCESS_NOT_ALLOWED`
//! ([`super::Class::UnsafePort`]); NetWhy never probes one.

/// Sorted ascending, so [`is_blocked_port`] can search it.
pub const BLOCKED_PORTS: &[u16] = &[
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

/// Whether both browsers refuse connections to `port`.
pub fn is_blocked_port(port: u16) -> bool {
    BLOCKED_PORTS.binary_search(&port).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_knows_the_usual_suspects() {
        assert!(BLOCKED_PORTS.windows(2).all(|pair| pair[0] < pair[1]));
        for blocked in [0, 22, 25, 6000, 6667, 10080] {
            assert!(is_blocked_port(blocked), "{blocked}");
        }
        for open in [80, 443, 3000, 5173, 8080, 65535] {
            assert!(!is_blocked_port(open), "{open}");
        }
    }
}
