//! The causes a diagnosis can name: why the page failed, in terms a person
//! can act on.
//!
//! Each cause is one row below; its stable id (used in reports and the page)
//! and its message keys are derived from that row. Ids are never renamed:
//! saved reports and the page's styles refer to them.

use serde::{Deserialize, Serialize};

macro_rules! causes {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $id:literal;
    )*) => {
        /// Why a page failed to load. Table order breaks ties when ranking.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Cause {
            $( $(#[doc = $doc])* #[serde(rename = $id)] $variant, )*
        }

        impl Cause {
            /// Every cause, in table order.
            pub const ALL: &'static [Cause] = &[$(Cause::$variant),*];

            /// Stable kebab-case id, used in reports and message keys.
            pub const fn id(self) -> &'static str {
                match self { $(Cause::$variant => $id,)* }
            }
        }
    };
}

causes! {
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
    /// A site on the internet refused or dropped the connection while the network works.
    ServerDown = "server-down";
    /// The server did not answer in time, or there is no route to it.
    ServerUnreachable = "server-unreachable";
    /// This device is offline, or its whole connection fails.
    NoInternet = "no-internet";
    /// The network holds everything back until someone signs in on its
    /// login page (a captive portal, as on hotel or café Wi-Fi).
    CaptivePortal = "captive-portal";
    /// A proxy (system, command line, PAC or an extension) cannot be used.
    ProxyProblem = "proxy-problem";
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
    /// Security software or a firewall blocked the connection.
    Firewall = "firewall";
    /// The browser refuses to connect to this port.
    BlockedPort = "blocked-port";
    /// An administrator's policy blocks the address.
    BlockedByPolicy = "blocked-by-policy";
    /// A secure connection could not be set up.
    TlsProblem = "tls-problem";
    /// The network switched while the page was loading.
    NetworkChanged = "network-changed";
    /// Nothing in the evidence points anywhere in particular.
    Unknown = "unknown";
}

impl Cause {
    /// The cause with this id, if any.
    pub fn from_id(id: &str) -> Option<Cause> {
        Cause::ALL.iter().copied().find(|cause| cause.id() == id)
    }

    /// `_locales` key of the cause's headline, e.g. `cause_local_server_down_title`.
    pub fn title_key(self) -> String {
        format!("cause_{}_title", self.id().replace('-', "_"))
    }

    /// `_locales` key of the cause's one-sentence summary.
    pub fn summary_key(self) -> String {
        format!("cause_{}_summary", self.id().replace('-', "_"))
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
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
