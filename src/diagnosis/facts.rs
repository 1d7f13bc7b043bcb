//! The failure and its evidence, read once into the facts the rules ask about.

use crate::catalog::Class;
use crate::evidence::failure::Failure;
use crate::evidence::host::{address_text, parse_address, HostKind};
use crate::evidence::loads::{LoadSummary, SLOW_REFUSAL_MS};
use crate::evidence::Evidence;

/// A refusal faster than this (ms from request to error) never left this
/// computer: a lookup and a round trip to a server across the internet take
/// longer. The browser's own work between the two events counts too: with
/// Chromium 156, a name mapped to 0.0.0.0 (`--host-resolver-rules`, as a
/// hosts file or DNS filter would) was refused 2–13 ms after
/// `onBeforeRequest` (6.6 ms typical), so the former 3 ms missed most of them.
const INSTANT_MS: f64 = 20.0;

/// At least this many other hosts failing, and none loading, is "everything fails".
const MANY_FAILING: u32 = 2;

/// A load from a public address this recent says the name leads to a real
/// server: its refusal now is the server's, however fast it came (a CDN
/// edge nearby, a fibre line), unless a lookup shows the name moved.
const RECENT_ADDRESS_MS: f64 = 60.0 * 60.0 * 1000.0;
/// A page that took this long to load was answered, but slowly: a server
/// this slow is one that times out under a little more load.
const SLOW_LOAD_MS: f64 = 5_000.0;
/// A slow load longer ago than this says little about the server now.
const SLOW_LOAD_RECENT_MS: f64 = 60.0 * 60.0 * 1000.0;

/// How a connection failed, for the classes that are about connecting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Connection {
    /// Actively refused: nothing listens, or something answered "no".
    Refused,
    /// Cut off or closed without an answer.
    Dropped,
    /// No answer at all: timed out, no route, or failed without detail.
    Unanswered,
}

/// A public address this host loaded from recently, for evidence.
pub(super) struct LoadedFrom {
    pub address: String,
    /// How long ago, as a message argument.
    pub ago: String,
}

/// An address the host resolved to, as the browser told us.
pub(super) struct Answer {
    pub address: String,
    pub kind: HostKind,
}

pub(super) struct Facts<'a> {
    pub failure: &'a Failure,
    pub evidence: &'a Evidence,
    pub class: Class,
    /// Where the host is, from its name or address alone.
    pub host: HostKind,
    /// The most telling address the host resolved to, when known: a sinkhole
    /// over a local address over a public one.
    pub answer: Option<Answer>,
    /// History, or an empty summary (nothing known) when there is none.
    pub history: LoadSummary,
}

impl<'a> Facts<'a> {
    pub fn new(failure: &'a Failure, evidence: &'a Evidence) -> Facts<'a> {
        let reported = failure.ip.as_deref().and_then(parse_address);
        let answer = evidence
            .resolved_addresses()
            .into_iter()
            .chain(reported)
            .map(|ip| Answer {
                address: address_text(ip),
                kind: HostKind::of_address(ip),
            })
            .min_by_key(|answer| telling_rank(answer.kind));
        Facts {
            failure,
            evidence,
            class: failure.class(),
            host: HostKind::of(&failure.host),
            answer,
            history: evidence.history.clone().unwrap_or_default(),
        }
    }

    pub fn host_name(&self) -> String {
        self.failure.host.clone()
    }

    pub fn port(&self) -> String {
        self.failure.port.to_string()
    }

    /// How the connection failed, when the class is about connecting. A
    /// refusal that took seconds was no answer (see [`Facts::refused_after_wait`]).
    pub fn connection(&self) -> Option<Connection> {
        match self.class {
            Class::ConnectionRefused if self.refused_after_wait() => Some(Connection::Unanswered),
            Class::ConnectionRefused => Some(Connection::Refused),
            Class::ConnectionReset | Class::ConnectionClosed => Some(Connection::Dropped),
            Class::TimedOut | Class::AddressUnreachable | Class::ConnectionFailed => {
                Some(Connection::Unanswered)
            }
            _ => None,
        }
    }

    /// Where the connection went: the host's own kind, or for a name, the
    /// kind of address it resolved to when that is local.
    pub fn target(&self) -> HostKind {
        match &self.answer {
            Some(answer)
                if !matches!(self.host, HostKind::PublicAddress) && answer.kind.is_local() =>
            {
                answer.kind
            }
            _ => self.host,
        }
    }

    /// The address a public name resolved to when it is 0.0.0.0, `::` or
    /// loopback: a public site never lives there, so a filter put it there.
    pub fn sinkhole(&self) -> Option<&Answer> {
        let answer = self.answer.as_ref()?;
        (self.host == HostKind::PublicName && answer.kind.is_this_computer()).then_some(answer)
    }

    /// Whether the connection was refused too fast to have left this computer.
    pub fn refused_instantly(&self) -> bool {
        self.class == Class::ConnectionRefused
            && self.failure.elapsed_ms().is_some_and(|ms| ms <= INSTANT_MS)
    }

    /// A public name refused too fast, with no address known: how Chromium
    /// reports a name mapped to 0.0.0.0 by a hosts file or DNS filter. Not
    /// when the name led to a public server within the hour: speed alone
    /// cannot outweigh that.
    pub fn refused_like_a_sinkhole(&self) -> bool {
        self.refused_instantly()
            && self.host == HostKind::PublicName
            && self.answer.is_none()
            && self.loaded_from_public().is_none()
    }

    /// The public address this host loaded from straight from its server
    /// within the last hour, if it did.
    pub fn loaded_from_public(&self) -> Option<LoadedFrom> {
        let address = self.history.loaded_from.as_deref()?;
        let ago = self.history.loaded_from_ago_ms?;
        let public = parse_address(address)
            .is_some_and(|ip| HostKind::of_address(ip) == HostKind::PublicAddress);
        (public && ago <= RECENT_ADDRESS_MS).then(|| LoadedFrom {
            address: address.to_owned(),
            ago: duration(ago),
        })
    }

    /// A public address refused too fast to be the server's answer: a
    /// firewall or security software on this computer refused it.
    pub fn refused_here(&self) -> bool {
        let public = !self.target().is_local()
            && (self.answer.is_some() || self.host == HostKind::PublicAddress);
        self.refused_instantly() && public
    }

    /// A refusal that came only after seconds: no server refused it (that
    /// takes one round trip); Firefox reports "no route to host" this way
    /// once the local network gave up finding the device.
    pub fn refused_after_wait(&self) -> bool {
        self.class == Class::ConnectionRefused
            && self
                .failure
                .elapsed_ms()
                .is_some_and(|ms| ms >= SLOW_REFUSAL_MS)
    }

    /// Whether the connection went to the internet, not this computer or
    /// the local network.
    pub fn public_target(&self) -> bool {
        !self.target().is_local()
    }

    /// The local-network address a public name resolved to: a block page
    /// of a filtering network, or a name only a workplace network or VPN knows.
    pub fn public_name_local_answer(&self) -> Option<&Answer> {
        let answer = self.answer.as_ref()?;
        (self.host == HostKind::PublicName && answer.kind == HostKind::PrivateNetwork)
            .then_some(answer)
    }

    /// The address the browser connected to, and the ones a fresh lookup
    /// gives, when the fresh ones do not include it: the browser used an
    /// address it remembered (Firefox reports both).
    pub fn stale_address(&self) -> Option<(String, String)> {
        let tried = self.failure.ip.as_deref().and_then(parse_address)?;
        let fresh = self.evidence.resolved_addresses();
        if fresh.is_empty() || fresh.contains(&tried) {
            return None;
        }
        let list: Vec<String> = fresh.into_iter().map(address_text).collect();
        Some((address_text(tried), list.join(", ")))
    }

    /// Whether the browser says this device has no network.
    pub fn offline(&self) -> bool {
        self.evidence.online == Some(false)
    }

    /// Whether other sites loaded recently, so the connection works.
    pub fn others_loading(&self) -> bool {
        self.history.other_hosts_ok > 0
    }

    /// Whether several other sites failed recently and none loaded.
    pub fn everything_failing(&self) -> bool {
        self.history.other_hosts_failing >= MANY_FAILING && self.history.other_hosts_ok == 0
    }

    /// Whether other sites fail too, mostly at looking their names up: the
    /// DNS server, rather than the whole connection, is down.
    pub fn names_failing_everywhere(&self) -> bool {
        let at = &self.history.other_hosts_failing_at;
        self.everything_failing() && at.name_resolution > at.connection + at.timeout
    }

    /// Whether other sites fail too, and not only at looking names up: the
    /// whole connection is down.
    pub fn connections_failing_everywhere(&self) -> bool {
        self.everything_failing() && !self.names_failing_everywhere()
    }

    /// How long this site's last load took, when it loaded recently but slowly.
    pub fn site_slow(&self) -> Option<f64> {
        let recent = self
            .history
            .last_success_ago_ms
            .is_some_and(|ago| ago <= SLOW_LOAD_RECENT_MS);
        self.history
            .last_success_ms
            .filter(|&ms| recent && ms >= SLOW_LOAD_MS)
    }

    /// Whether this site both loaded and failed in the last minutes.
    pub fn site_intermittent(&self) -> bool {
        self.history.site_loaded > 0 && self.history.site_failed > 0
    }

    /// Whether a load failed because the network changed just before.
    pub fn network_changed_before(&self) -> bool {
        self.history.network_changed_ago_ms.is_some()
    }

    /// How long ago the last other site loaded, for evidence.
    pub fn others_loaded_ago(&self) -> Option<String> {
        self.history
            .last_other_success_ago_ms
            .filter(|_| self.others_loading())
            .map(duration)
    }

    /// How long ago this site last loaded, for evidence.
    pub fn site_loaded_ago(&self) -> Option<String> {
        self.history.last_success_ago_ms.map(duration)
    }
}

fn telling_rank(kind: HostKind) -> u8 {
    match kind {
        HostKind::Unspecified => 0,
        HostKind::Loopback => 1,
        HostKind::PrivateNetwork => 2,
        _ => 3,
    }
}

/// A duration for a message argument: "40 s", "3 min", "2 h". The unit
/// symbols are international (SI and accepted alongside it), so the
/// argument needs no translation.
pub(super) fn duration(ms: f64) -> String {
    let seconds = (ms / 1000.0).round().max(1.0);
    if seconds < 90.0 {
        format!("{} s", whole(seconds))
    } else if seconds < 90.0 * 60.0 {
        format!("{} min", whole(seconds / 60.0))
    } else {
        format!("{} h", whole(seconds / 3600.0))
    }
}

/// `ms` rounded to a whole number for a message argument ("3"); never negative.
pub(super) fn whole_ms(ms: f64) -> String {
    whole(ms).to_string()
}

/// Rounded to an integer: every number the page shows is a whole one, and
/// the page's own text then needs no float formatting (~15 KB of wasm).
fn whole(value: f64) -> u64 {
    // `as` saturates: NaN and negatives give 0, huge values u64::MAX.
    value.round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_use_the_largest_sensible_unit() {
        assert_eq!(duration(200.0), "1 s");
        assert_eq!(duration(20_400.0), "20 s");
        assert_eq!(duration(120_000.0), "2 min");
        assert_eq!(duration(3.0 * 3_600_000.0), "3 h");
        assert_eq!(duration(f64::NAN), "1 s");
        assert_eq!(duration(-5.0), "1 s");
    }

    #[test]
    fn whole_milliseconds_round() {
        assert_eq!(whole_ms(2.4), "2");
        assert_eq!(whole_ms(2.5), "3");
        assert_eq!(whole_ms(0.0), "0");
    }
}
