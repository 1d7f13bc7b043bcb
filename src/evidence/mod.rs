//! What the browser knew when a page failed, besides the failure itself.
//!
//! The background gathers this with extension APIs; every part is optional,
//! because some need a permission the user may not grant (`management`) or
//! exist in only one browser (`dns`). Absent means "not known", never "no".
//! All of it is data: names and errors are shown, never interpreted as markup.

/// A failed top-level load, as recorded by the background.
pub mod failure;
/// Evidence from what the extension APIs return, in their own shapes.
pub mod gathered;
/// Where a host is: this computer, the local network or the internet.
pub mod host;
/// Reading fields that may be `null` as well as absent.
pub mod lenient;
/// The bounded ring of recent page loads, and what it says about one host.
pub mod loads;
/// The user's browser and operating system.
pub mod platform;
/// Where else a refused development server may be: the plan and the answers.
pub mod probe;

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::evidence::host::parse_address;
use crate::evidence::loads::LoadSummary;
use crate::evidence::platform::Platform;
use crate::evidence::probe::ProbeResult;

/// Everything known around one failure. See `docs/report.md`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Evidence {
    /// `navigator.onLine` in the background when the failure was recorded.
    pub online: Option<bool>,
    /// `proxy.settings.get({})`, flattened.
    pub proxy: Option<ProxySettings>,
    /// Proxy errors the browser reported shortly before the failure.
    #[serde(deserialize_with = "lenient::or_default")]
    pub proxy_errors: Vec<ProxyError>,
    /// Installed extensions (`management.getAll`); `None` without the
    /// `management` permission.
    pub extensions: Option<Vec<Extension>>,
    /// What recent loads say about this site and the others.
    pub history: Option<LoadSummary>,
    /// A separate lookup of the host (Firefox's `dns.resolve`), the way the
    /// browser resolves names: over its secure DNS when that is on.
    pub dns: Option<DnsAnswer>,
    /// The same lookup by the system's resolver only (Firefox's
    /// `dns.resolve` with `disable_trr`).
    pub system_dns: Option<DnsAnswer>,
    /// The browser and system, for steps in their words.
    pub platform: Option<Platform>,
    /// What the error page found at other addresses of this computer, when
    /// it looked (`evidence::probe`).
    pub probes: Option<Vec<ProbeResult>>,
    /// Firefox's captive portal detection (`captivePortal`).
    pub captive_portal: Option<CaptivePortal>,
}

/// The browser's proxy setting and who controls it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxySettings {
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub mode: ProxyMode,
    /// The proxy server(s) or PAC script URL, as the settings describe them.
    #[serde(default)]
    pub server: Option<String>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub level_of_control: LevelOfControl,
}

/// How the browser picks a proxy. Chromium's names; Firefox's `proxyType`
/// values are accepted as aliases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyMode {
    /// No proxy.
    #[serde(alias = "none")]
    Direct,
    /// Web Proxy Auto-Discovery on the local network.
    #[serde(alias = "autoDetect")]
    AutoDetect,
    /// A PAC script chooses per request.
    #[serde(alias = "autoConfig")]
    PacScript,
    /// Fixed proxy servers.
    #[serde(alias = "manual")]
    FixedServers,
    /// The operating system's proxy settings.
    System,
    /// A mode this version does not know, or none given.
    #[default]
    #[serde(other)]
    Unknown,
}

/// `levelOfControl` of a browser setting, as both browsers report it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelOfControl {
    /// Fixed by policy or another source extensions cannot override.
    NotControllable,
    /// Another extension set it.
    ControlledByOtherExtensions,
    /// Nothing overrides the browser's own value; we could.
    ControllableByThisExtension,
    /// We set it (NetWhy never does).
    ControlledByThisExtension,
    #[default]
    #[serde(other)]
    Unknown,
}

/// A proxy error event (`proxy.onProxyError` in Chromium, `proxy.onError` in Firefox).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProxyError {
    /// The error string or message.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub error: String,
    /// When it was reported, in milliseconds since the Unix epoch; unknown
    /// (NaN) never counts as recent.
    #[serde(default = "unknown_time", deserialize_with = "lenient::or_nan")]
    pub time: f64,
}

/// One installed extension, from `management.getAll`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub name: String,
    #[serde(default = "yes", deserialize_with = "lenient::or_true")]
    pub enabled: bool,
    /// API permissions, e.g. `declarativeNetRequest`, `proxy`.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub permissions: Vec<String>,
    /// Its options page, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options_url: Option<String>,
    /// Whether the user may turn it off (not when a policy installed it).
    #[serde(default = "yes", deserialize_with = "lenient::or_true")]
    pub may_disable: bool,
}

fn yes() -> bool {
    true
}

fn unknown_time() -> f64 {
    f64::NAN
}

/// Permissions that let an extension block or redirect a page load.
const BLOCKING_PERMISSIONS: &[&str] = &[
    "declarativeNetRequest",
    "declarativeNetRequestWithHostAccess",
    "webRequestBlocking",
];

impl Extension {
    /// Whether it is on and may block or redirect page loads.
    pub fn can_block(&self) -> bool {
        self.enabled
            && self
                .permissions
                .iter()
                .any(|p| BLOCKING_PERMISSIONS.contains(&p.as_str()))
    }

    /// Whether it is on and may send page loads through a proxy.
    pub fn can_proxy(&self) -> bool {
        self.enabled && self.permissions.iter().any(|p| p == "proxy")
    }

    /// Whether it is on, can proxy, and calls itself a VPN: VPN products
    /// put the word in their names ("Proton VPN", "Browsec VPN", "Urban VPN
    /// Proxy"); a plain proxy switcher does not.
    pub fn is_vpn(&self) -> bool {
        self.can_proxy()
            && self
                .name
                .as_bytes()
                .windows(3)
                .any(|w| w.eq_ignore_ascii_case(b"vpn"))
    }
}

/// The result of looking the host up separately.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DnsAnswer {
    /// The addresses the name resolved to.
    #[serde(deserialize_with = "lenient::or_default")]
    pub addresses: Vec<String>,
    /// The lookup's error, when it failed (e.g. `NS_ERROR_UNKNOWN_HOST`).
    pub error: Option<String>,
    /// Whether the browser's secure DNS (DNS over HTTPS, "TRR") answered
    /// (Firefox's `isTRR`, read under that name too).
    #[serde(alias = "isTRR")]
    pub trr: Option<bool>,
    /// Whether the lookup skipped the browser's DNS cache (`bypass_cache`),
    /// so its answer is today's and not the one a page loaded with earlier.
    #[serde(deserialize_with = "lenient::or_default")]
    pub bypassed_cache: bool,
}

/// Firefox's captive portal detection: whether this network holds
/// everything back until someone signs in on its login page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CaptivePortal {
    #[serde(deserialize_with = "lenient::or_default")]
    pub state: PortalState,
    /// The page Firefox loads to detect a portal (`captivePortal.canonicalURL`):
    /// a portal answers it with its login page.
    pub canonical_url: Option<String>,
}

/// `captivePortal.getState()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortalState {
    /// No portal in the way.
    NotCaptive,
    /// A portal was there, and someone signed in.
    UnlockedPortal,
    /// A portal holds everything back: sign in first.
    LockedPortal,
    /// Not checked yet, or a state this version does not know.
    #[default]
    #[serde(other)]
    Unknown,
}

impl CaptivePortal {
    /// The page to open to sign in: the detection page, which the portal
    /// answers with its login page; only plain http(s).
    pub fn login_url(&self) -> Option<&str> {
        let url = self.canonical_url.as_deref()?;
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url)
    }
}

impl Evidence {
    /// Enabled extensions that can block page loads, or `None` when the
    /// extensions are not known.
    pub fn blocking_extensions(&self) -> Option<Vec<&Extension>> {
        self.extensions
            .as_ref()
            .map(|all| all.iter().filter(|e| e.can_block()).collect())
    }

    /// Enabled VPN extensions (see [`Extension::is_vpn`]), or `None` when not known.
    pub fn vpn_extensions(&self) -> Option<Vec<&Extension>> {
        self.extensions
            .as_ref()
            .map(|all| all.iter().filter(|e| e.is_vpn()).collect())
    }

    /// Enabled extensions that can proxy page loads, or `None` when not known.
    pub fn proxying_extensions(&self) -> Option<Vec<&Extension>> {
        self.extensions
            .as_ref()
            .map(|all| all.iter().filter(|e| e.can_proxy()).collect())
    }

    /// The addresses the separate lookup found, skipping any that do not parse.
    pub fn resolved_addresses(&self) -> Vec<IpAddr> {
        self.dns.as_ref().map(DnsAnswer::parsed).unwrap_or_default()
    }

    /// Whether a captive portal holds this network back right now.
    pub fn behind_portal(&self) -> bool {
        self.captive_portal
            .as_ref()
            .is_some_and(|portal| portal.state == PortalState::LockedPortal)
    }
}

impl DnsAnswer {
    /// The addresses found, skipping any that do not parse.
    pub fn parsed(&self) -> Vec<IpAddr> {
        let listed = self.addresses.iter();
        listed
            .filter_map(|address| parse_address(address))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_is_no_evidence() {
        let evidence: Evidence = serde_json::from_str("{}").unwrap();
        assert_eq!(evidence, Evidence::default());
        assert_eq!(evidence.blocking_extensions(), None);
    }

    #[test]
    fn reads_both_browsers_proxy_modes() {
        let chromium: ProxySettings =
            serde_json::from_str(r#"{"mode":"fixed_servers","levelOfControl":"not_controllable"}"#)
                .unwrap();
        let firefox: ProxySettings = serde_json::from_str(
            r#"{"mode":"manual","levelOfControl":"controlled_by_other_extensions"}"#,
        )
        .unwrap();
        let future: ProxySettings =
            serde_json::from_str(r#"{"mode":"quantum","levelOfControl":"?"}"#).unwrap();
        assert_eq!(chromium.mode, ProxyMode::FixedServers);
        assert_eq!(chromium.level_of_control, LevelOfControl::NotControllable);
        assert_eq!(firefox.mode, ProxyMode::FixedServers);
        assert_eq!(future.mode, ProxyMode::Unknown);
        assert_eq!(future.level_of_control, LevelOfControl::Unknown);
    }

    #[test]
    fn picks_extensions_by_what_they_can_do() {
        let evidence: Evidence = serde_json::from_value(serde_json::json!({"extensions": [
            {"id": "a", "name": "Blocker", "permissions": ["declarativeNetRequest"]},
            {"id": "b", "name": "Off", "enabled": false, "permissions": ["webRequestBlocking", "proxy"]},
            {"id": "c", "name": "VPN", "permissions": ["proxy", "storage"]},
        ]}))
        .unwrap();
        let names = |list: Option<Vec<&Extension>>| {
            list.unwrap()
                .iter()
                .map(|e| e.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(evidence.blocking_extensions()), ["Blocker"]);
        assert_eq!(names(evidence.proxying_extensions()), ["VPN"]);
    }

    #[test]
    fn parses_looked_up_addresses() {
        let evidence = Evidence {
            dns: Some(DnsAnswer {
                addresses: vec!["0.0.0.0".into(), "::1".into(), "junk".into()],
                ..DnsAnswer::default()
            }),
            ..Evidence::default()
        };
        assert_eq!(evidence.resolved_addresses().len(), 2);
    }

    #[test]
    fn reads_the_captive_portal_state_and_offers_only_a_web_login_page() {
        let evidence: Evidence = serde_json::from_value(serde_json::json!({"captivePortal":
            {"state": "locked_portal", "canonicalUrl": "http://detectportal.firefox.com/canonical.html"}}))
        .unwrap();
        assert!(evidence.behind_portal());
        let portal = evidence.captive_portal.unwrap();
        assert!(portal.login_url().is_some());
        let odd = CaptivePortal {
            state: PortalState::LockedPortal,
            canonical_url: Some("javascript:alert(1)".into()),
        };
        assert_eq!(odd.login_url(), None);
        let future: CaptivePortal = serde_json::from_str(r#"{"state": "half_open"}"#).unwrap();
        assert_eq!(future.state, PortalState::Unknown);
    }
}
