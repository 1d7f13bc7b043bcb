//! The causes a diagnosis can name: why the page failed, in terms a person
//! can act on.
//!
//! Each cause is one row below; its stable id (used in reports and the page)
//! and its message keys are derived from that row. Ids are never renamed:
//! saved reports and the page's styles refer to them.

id_enum! {
    /// Why a page failed to load. Table order breaks ties when ranking.
    pub enum Cause ("a cause id");
    /// Nothing accepts connections at this address on this computer or the
    /// local network: a development server not running, crashed, or on another port.
    LocalServerDown = "local-server-down";
    /// Nothing answers at the address, but a server on this computer answers
    /// on the same port at the other loopback address (IPv6 `::1` instead of
    /// IPv4 `127.0.0.1`, or the reverse): it listens on one of them only.
    ServerOnOtherFamily = "server-on-other-family";
    /// Nothing answers at the address, but a server on this computer answers
    /// on a port next to it or on a usual development port: it moved.
    ServerOnAnotherPort = "server-on-another-port";
    /// A device on the local network does not answer at all: switched off,
    /// asleep, given another address, or this computer is on another network.
    DeviceUnreachable = "device-unreachable";
    /// The browser or the system needs the user's permission before pages
    /// may reach the local network (Local Network Access, macOS's Local Network).
    LocalNetworkPermission = "local-network-permission";
    /// Something on the way (the network the user is on, the provider, the
    /// country) blocks this one site: reset or silence after connecting, or a
    /// block page's address. Before `server-down`: a tie goes to it.
    BlockedByNetwork = "blocked-by-network";
    /// A site on the internet refused or dropped the connection while the network works.
    ServerDown = "server-down";
    /// The server answers too slowly or only sometimes: waiting is the fix.
    ServerOverloaded = "server-overloaded";
    /// The server did not answer in time, or there is no route to it.
    ServerUnreachable = "server-unreachable";
    /// This device is offline, or its whole connection fails.
    NoInternet = "no-internet";
    /// The network holds everything back until someone signs in on its
    /// login page (a captive portal, as on hotel or café Wi-Fi).
    CaptivePortal = "captive-portal";
    /// A proxy (system, command line, PAC or an extension) cannot be used.
    ProxyProblem = "proxy-problem";
    /// A VPN (an extension or an app) carries the connection and fails, or
    /// is needed for this address and not connected.
    Vpn = "vpn";
    /// Another extension blocked or rerouted the request.
    ExtensionInterference = "extension-interference";
    /// The name does not exist: a typo, or an expired domain.
    DnsNotFound = "dns-not-found";
    /// A public name resolved to 0.0.0.0, `::` or a loopback address: a DNS
    /// filter, hosts file or parental control.
    DnsBlocked = "dns-blocked";
    /// The DNS server failed or timed out.
    DnsFailure = "dns-failure";
    /// The browser's secure DNS (DNS over HTTPS) does not know a name the
    /// system's own resolver does: a company, VPN or home-network name.
    SecureDnsCannotResolve = "secure-dns-cannot-resolve";
    /// The browser or the system used an address it remembered for the name,
    /// which the name no longer has.
    DnsStale = "dns-stale";
    /// Security software or a firewall blocked the connection.
    Firewall = "firewall";
    /// The browser refuses to connect to this port.
    BlockedPort = "blocked-port";
    /// An administrator's policy blocks the address.
    BlockedByPolicy = "blocked-by-policy";
    /// A secure connection could not be set up.
    TlsProblem = "tls-problem";
    /// Security software or a proxy intercepts secure connections, and the
    /// browser or the site rejected the result.
    TlsInterception = "tls-interception";
    /// The site asks for the user's own certificate, and none was given or accepted.
    ClientCertificate = "client-certificate";
    /// The network switched while the page was loading.
    NetworkChanged = "network-changed";
    /// Nothing in the evidence points anywhere in particular.
    Unknown = "unknown";
}

impl Cause {
    /// `_locales` key of the cause's headline, e.g. `cause_local_server_down_title`.
    pub fn title_key(self) -> String {
        format!("cause_{}_title", self.id().replace('-', "_"))
    }

    /// `_locales` key of the cause's one-sentence summary.
    pub fn summary_key(self) -> String {
        format!("cause_{}_summary", self.id().replace('-', "_"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_name_their_keys() {
        for &cause in Cause::ALL {
            assert_eq!(Cause::from_id(cause.id()), Some(cause));
            assert_eq!(serde_json::to_value(cause).unwrap(), cause.id());
        }
        assert_eq!(Cause::DnsNotFound.title_key(), "cause_dns_not_found_title");
        assert_eq!(Cause::from_id("nope"), None);
    }
}
