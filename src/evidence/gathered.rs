//! Evidence from what the extension APIs return, in their own shapes.
//!
//! The background stores API results with the failure as they came (of
//! `management.getAll` only the fields [`Extension`] reads); the page turns
//! them into [`Evidence`] when it first reads the record. So the browsers'
//! differences (Chromium's proxy `mode`/`rules` against Firefox's
//! `proxyType`/`http`) are handled in Rust, where they are tested, and not
//! in the glue; and the background's module, loaded at every wake-up, holds
//! none of this (BENCHMARKS.md, size).

use serde::Deserialize;

use crate::catalog;
use crate::evidence::failure::effective_port;
use crate::evidence::host::{address_text, parse_address};
use crate::evidence::loads::{LoadSummary, Outcome, MAX_HOST_LEN};
use crate::evidence::platform::{Browser, Os, Platform};
use crate::evidence::{
    CaptivePortal, DnsAnswer, Evidence, Extension, LevelOfControl, PortalState, ProxyError,
    ProxyMode, ProxySettings,
};

/// What the background collected when a page failed, as the APIs gave it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Gathered {
    /// `navigator.onLine`.
    pub online: Option<bool>,
    /// `proxy.settings.get({})`, or `None` where the API is missing.
    pub proxy: Option<BrowserProxySetting>,
    /// Recent proxy error events, already reduced to `{error, time}`.
    pub proxy_errors: Vec<ProxyError>,
    /// `management.getAll()`, or `None` without the `management` permission.
    pub extensions: Option<Vec<Extension>>,
    /// NetWhy's own id, to leave it out of `extensions`.
    pub self_id: Option<String>,
    /// Firefox's `dns.resolve(host, ["bypass_cache"])` record, or `{error}`
    /// when it failed; the background adds `bypassedCache`.
    pub dns: Option<DnsAnswer>,
    /// The same with `disable_trr`: the system's resolver alone.
    pub system_dns: Option<DnsAnswer>,
    /// Firefox's `captivePortal.getState()`.
    pub captive_portal: Option<PortalState>,
    /// Firefox's `captivePortal.canonicalURL.get({})`.
    pub canonical_url: Option<StringSetting>,
    /// `runtime.getPlatformInfo()`.
    pub platform: Option<PlatformInfo>,
    /// `runtime.getURL("")`, which says which browser this is.
    pub extension_url: Option<String>,
}

/// A browser setting as `types.BrowserSetting.get` gives it: only its value.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StringSetting {
    value: Option<String>,
}

/// `runtime.getPlatformInfo()`: only `os` matters here.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlatformInfo {
    os: Os,
}

/// `proxy.settings.get` in either browser: `{value, levelOfControl}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrowserProxySetting {
    #[serde(default)]
    value: ProxyValue,
    #[serde(default)]
    level_of_control: LevelOfControl,
}

/// The union of Chromium's `ProxyConfig` and Firefox's proxy settings object.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ProxyValue {
    /// Chromium.
    mode: Option<ProxyMode>,
    rules: Option<ProxyRules>,
    pac_script: Option<PacScript>,
    /// Firefox.
    proxy_type: Option<ProxyMode>,
    http: Option<String>,
    ssl: Option<String>,
    socks: Option<String>,
    auto_config_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ProxyRules {
    single_proxy: Option<ProxyServer>,
    proxy_for_http: Option<ProxyServer>,
    proxy_for_https: Option<ProxyServer>,
    fallback_proxy: Option<ProxyServer>,
}

#[derive(Debug, Deserialize)]
struct ProxyServer {
    #[serde(default)]
    scheme: Option<String>,
    host: String,
    #[serde(default)]
    port: Option<u16>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PacScript {
    url: Option<String>,
}

impl ProxyServer {
    fn describe(&self) -> String {
        let scheme = self
            .scheme
            .as_deref()
            .map(|s| format!("{s}://"))
            .unwrap_or_default();
        match self.port {
            Some(port) => format!("{scheme}{}:{port}", self.host),
            None => format!("{scheme}{}", self.host),
        }
    }
}

impl BrowserProxySetting {
    /// The setting in the browser-neutral form the diagnosis reads.
    fn settings(self) -> ProxySettings {
        let value = self.value;
        let rules = value.rules.as_ref();
        let fixed = rules.and_then(|r| {
            [
                &r.single_proxy,
                &r.proxy_for_http,
                &r.proxy_for_https,
                &r.fallback_proxy,
            ]
            .into_iter()
            .find_map(|server| server.as_ref().map(ProxyServer::describe))
        });
        let server = fixed
            .or(value.pac_script.and_then(|pac| pac.url))
            .or([value.http, value.ssl, value.socks]
                .into_iter()
                .flatten()
                .find(|s| !s.is_empty()))
            .or(value.auto_config_url.filter(|s| !s.is_empty()));
        ProxySettings {
            mode: value.mode.or(value.proxy_type).unwrap_or_default(),
            server,
            level_of_control: self.level_of_control,
        }
    }
}

impl Gathered {
    /// The evidence, with what the ring of recent loads said about the
    /// failed site when it failed (`history`, which the worker reads from
    /// its ring in place: see `LoadRing::summary`).
    pub fn evidence(self, history: Option<LoadSummary>) -> Evidence {
        let self_id = self.self_id;
        Evidence {
            online: self.online,
            proxy: self.proxy.map(BrowserProxySetting::settings),
            proxy_errors: self.proxy_errors,
            extensions: self.extensions.map(|all| others(all, self_id.as_deref())),
            history,
            dns: self.dns,
            system_dns: self.system_dns,
            platform: platform(self.platform, self.extension_url.as_deref()),
            // The page probes, later, while it is open.
            probes: None,
            captive_portal: self.captive_portal.map(|state| CaptivePortal {
                state,
                canonical_url: self.canonical_url.and_then(|setting| setting.value),
            }),
        }
    }
}

/// The platform, when the background said anything about it.
fn platform(info: Option<PlatformInfo>, extension_url: Option<&str>) -> Option<Platform> {
    if info.is_none() && extension_url.is_none() {
        return None;
    }
    Some(Platform {
        browser: extension_url.and_then(Browser::of_extension_url),
        os: info.map(|info| info.os).unwrap_or_default(),
    })
}

/// The extensions besides NetWhy itself (`self_id`).
pub fn others(extensions: Vec<Extension>, self_id: Option<&str>) -> Vec<Extension> {
    extensions
        .into_iter()
        .filter(|e| Some(e.id.as_str()) != self_id)
        .collect()
}

/// A finished top-level load as the background reports it: the URL's
/// scheme, host and port (0 for the default), when it ended and (if the
/// background saw it) started, the raw error when it failed, and for a
/// success, where it came from.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Load {
    pub scheme: String,
    pub host: String,
    #[serde(default)]
    pub port: u16,
    pub time: f64,
    #[serde(default)]
    pub started: Option<f64>,
    #[serde(default)]
    pub error: Option<String>,
    /// The server address the browser reports (`ip` of `onCompleted`).
    #[serde(default)]
    pub ip: Option<String>,
    /// Served from the browser's cache (`fromCache`).
    #[serde(default)]
    pub from_cache: bool,
    /// Whether it went through a proxy, when the browser can tell
    /// (Firefox's `proxyInfo`; in Chromium, a fixed or PAC proxy setting).
    #[serde(default)]
    pub proxied: Option<bool>,
}

impl Load {
    /// The outcome to remember, or `None` for loads that say nothing about
    /// the network (stopped by the user, turned into a download), and for
    /// hosts longer than any DNS name: the `URL` parser accepts megabyte
    /// hosts, which no server answers to and the ring must not hold.
    pub fn outcome(self) -> Option<Outcome> {
        if self.host.len() > MAX_HOST_LEN {
            return None;
        }
        let class = self.error.as_deref().map(catalog::classify);
        if class.is_some_and(|class| !class.intercept() && !class.certificate()) {
            return None;
        }
        // The address is the server's only for a load that went to it: a
        // proxied load reports the proxy's, a cached one the address of
        // whichever load filled the cache (or none).
        let direct = class.is_none() && !self.from_cache && self.proxied != Some(true);
        let ip = self
            .ip
            .filter(|_| direct)
            .and_then(|ip| parse_address(&ip))
            .map(address_text);
        Some(Outcome {
            port: effective_port(&self.scheme, self.port),
            host: self.host,
            ms: self.started.map(|started| (self.time - started).max(0.0)),
            time: self.time,
            class,
            ip,
        })
    }
}

#[cfg(test)]
#[path = "gathered_tests.rs"]
mod tests;
