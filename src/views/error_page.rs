//! The error page as data: what to show, in what order, before any DOM.
//!
//! Built from a failure and its diagnosis; rendered by `dom` in the browser
//! and inspected directly by native tests.

use serde::Serialize;

use crate::catalog::Class;
use crate::diagnosis::cause::Cause;
use crate::diagnosis::{Diagnosis, Finding, Scope};
use crate::evidence::failure::Failure;
use crate::evidence::platform::Browser;
use crate::evidence::probe;
use crate::evidence::{Evidence, Extension};
use crate::i18n::Text;
use crate::policy::settings::Settings;
use crate::views::cut;
use crate::views::probe_panel::ProbePanel;
use crate::views::report::has_query;

/// The Wayback Machine's address for the latest copy of a URL (the URL follows).
const ARCHIVE: &str = "https://web.archive.org/web/2/";
/// A public up-or-down checker (the host name follows).
const STATUS_CHECK: &str = "https://downforeveryoneorjustme.com/";

/// The most characters of an address the page shows. Browsers accept
/// megabyte URLs, and laying out 100 KB of one unbroken word takes Chromium
/// seconds (measured: 8 s at 1280 px, 50 s at 360 px); Try again and the
/// report keep the whole address.
pub const MAX_SHOWN: usize = 2_000;

/// Everything the error page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPage {
    /// The tab's title.
    pub document_title: Text,
    /// What went wrong, in plain words (the class's title).
    pub headline: Text,
    /// One sentence on what happened (the class's explanation).
    pub explanation: Text,
    pub class: Class,
    /// The failed URL as shown: exactly as requested, cut at [`MAX_SHOWN`]
    /// characters. Attacker-controlled text.
    pub url: String,
    /// Said when the address was too long to keep, so it cannot be loaded
    /// again from here.
    pub address_note: Option<Text>,
    /// Which site sent the tab here, when another site started the load or
    /// redirected it: "<origin> sent you to this address".
    pub sent_by: Option<Text>,
    /// The host as shown, cut likewise.
    pub host: String,
    pub port: u16,
    /// The browser's raw error string, for experts and bug reports.
    pub error: String,
    /// Likely causes, most likely first.
    pub causes: Vec<CauseView>,
    /// Whether to offer to read the installed extensions (the optional
    /// `management` permission) so a cause can name one.
    pub offer_extension_list: bool,
    /// What Try again loads; `None` when the URL is not plain http(s).
    pub retry_url: Option<String>,
    /// A copy of the page in the Internet Archive's Wayback Machine, for
    /// sites on the internet. A link: nothing is asked until it is followed.
    /// Only when the link can work: not when the proxy, the VPN, the whole
    /// connection or every name's lookup fails, which it goes through too.
    pub archive_url: Option<String>,
    /// A public "is it down for everyone" check of the host, likewise a link.
    pub status_url: Option<String>,
    /// What Copy report puts in the clipboard, said in one line, and the
    /// choice to include the address's query and fragment when it has any.
    pub report: ReportOffer,
    /// Whether those links come first, before the other actions: when
    /// other sites load and only this one's server or path fails.
    pub outside_first: bool,
    /// The page's automatic re-checks, when trying again unchanged can help
    /// and the settings allow it.
    pub auto_retry: Option<AutoRetry>,
    /// What the re-checks ask (`HEAD`, no credentials, no referrer): the
    /// failed address's origin, never its path, since many servers run a
    /// page's handler for `HEAD` too and a one-time link would be spent.
    pub check_url: Option<String>,
    /// The search for the server elsewhere on this computer, when the
    /// failure is a refused load of it: what to ask, and what answered.
    pub probes: Option<ProbePanel>,
}

/// Automatic re-checks: the page asks the address again after growing
/// pauses, and loads it once it answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoRetry {
    /// The longest pause between re-checks, in seconds.
    pub max_seconds: u32,
    /// What must change before a re-check can succeed; the page waits for
    /// that instead of counting down uselessly. `None`: nothing to wait for.
    pub waits_for: Option<WaitFor>,
}

id_enum! {
    /// A fix the re-checks wait for; its id is the status line's
    /// `data-waits-for`.
    pub enum WaitFor ("a fix to wait for");
    /// The device to be online again (`navigator.onLine`).
    Network = "network";
    /// The proxy settings to change (`proxy.settings`).
    ProxySettings = "proxy-settings";
    /// A captive portal to let pages through (Firefox's `captivePortal`).
    CaptivePortal = "captive-portal";
}

impl WaitFor {
    /// The message that says what the re-checks wait for.
    pub const fn message_key(self) -> &'static str {
        match self {
            WaitFor::Network => "retry_waiting_for_network",
            WaitFor::ProxySettings => "retry_waiting_for_proxy",
            WaitFor::CaptivePortal => "retry_waiting_for_portal",
        }
    }
}

/// Causes whose failure is the path every request takes, outside links
/// included; and a policy an outside copy would get around.
const PATH_CAUSES: &[Cause] = &[
    Cause::ProxyProblem,
    Cause::Vpn,
    Cause::NoInternet,
    Cause::NetworkChanged,
    Cause::BlockedByPolicy,
];

/// Causes that say this one site (its server, or something that blocks
/// it) fails: an archived copy and an outside check help most then.
const SITE_CAUSES: &[Cause] = &[
    Cause::ServerDown,
    Cause::ServerOverloaded,
    Cause::ServerUnreachable,
    Cause::BlockedByNetwork,
    Cause::DnsNotFound,
];

/// What the page says about the report it copies ([`crate::views::report::Report::shared`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportOffer {
    /// One line on what the report holds.
    pub contents: Text,
    /// The label of the choice to include the query and fragment; `None`
    /// when the address has neither.
    pub include_query: Option<Text>,
}

/// One likely cause as shown: why we think so and what to do.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CauseView {
    /// Stable id, shown as `data-cause`.
    pub id: String,
    pub title: Text,
    /// 0–100.
    pub confidence: u8,
    pub evidence: Vec<Text>,
    pub steps: Vec<Text>,
    /// What the page offers for each extension the cause blames.
    pub extensions: Vec<ExtensionAction>,
    /// For a captive portal: the network's login page (Firefox's detection
    /// page, which the portal answers with it), opened in a new tab by
    /// action `open-login-page`.
    pub login_url: Option<String>,
}

/// An extension a cause blames, and what the page can do about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionAction {
    pub id: String,
    /// Its name, as it calls itself: data, never markup.
    pub name: String,
    /// Where its settings are: its own options page, else (Chrome) its
    /// entry in chrome://extensions. Opened in a new tab on request.
    pub settings_url: Option<String>,
    /// Whether the page offers to turn it off: only in Chrome, since
    /// Firefox lets extensions turn off themes only
    /// (https://bugzilla.mozilla.org/show_bug.cgi?id=1282982), never one
    /// an administrator installed, and only when the cause blames it alone:
    /// a site can send the tab to any address a blocker blocks, and must not
    /// get a button that turns every blocker off.
    pub can_turn_off: bool,
}

impl ExtensionAction {
    fn of(extension: &Extension, browser: Option<Browser>, alone: bool) -> ExtensionAction {
        let own_page = extension.options_url.clone().filter(|url| match browser {
            // Only a page of that very extension: the list is data.
            Some(Browser::Chromium) => {
                url.starts_with(&format!("chrome-extension://{}/", extension.id))
            }
            // Firefox's extension URLs carry a per-profile UUID, not the id.
            Some(Browser::Firefox) => url.starts_with("moz-extension://"),
            None => false,
        });
        let chromium = browser == Some(Browser::Chromium);
        let chrome_id = extension.id.bytes().all(|b| (b'a'..=b'p').contains(&b));
        let entry =
            (chromium && chrome_id).then(|| format!("chrome://extensions/?id={}", extension.id));
        ExtensionAction {
            id: extension.id.clone(),
            name: extension.name.clone(),
            settings_url: own_page.or(entry),
            can_turn_off: chromium && alone && extension.enabled && extension.may_disable,
        }
    }
}

impl CauseView {
    fn of(finding: &Finding, evidence: &Evidence) -> CauseView {
        let browser = evidence.platform.unwrap_or_default().browser;
        let known = evidence.extensions.as_deref().unwrap_or_default();
        let blamed: Vec<&Extension> = finding
            .extensions
            .iter()
            .filter_map(|id| known.iter().find(|e| &e.id == id))
            .collect();
        let alone = blamed.len() == 1;
        CauseView {
            id: finding.cause.id().to_owned(),
            title: Text::new(finding.cause.title_key()),
            confidence: finding.confidence,
            evidence: finding.evidence.clone(),
            steps: finding.steps.clone(),
            extensions: blamed
                .into_iter()
                .map(|e| ExtensionAction::of(e, browser, alone))
                .collect(),
            login_url: (finding.cause == Cause::CaptivePortal)
                .then(|| evidence.captive_portal.as_ref()?.login_url())
                .flatten()
                .map(str::to_owned),
        }
    }
}

impl ErrorPage {
    /// The page for `failure` as `diagnosis` explains it, given what the
    /// `evidence` behind it knew, under `settings`.
    pub fn new(
        failure: &Failure,
        evidence: &Evidence,
        diagnosis: &Diagnosis,
        settings: &Settings,
    ) -> ErrorPage {
        // Only these causes name extensions, and only a known list can.
        let names_extensions = |finding: &Finding| {
            matches!(
                finding.cause,
                Cause::ExtensionInterference | Cause::ProxyProblem
            )
        };
        let class = diagnosis.class;
        let top = diagnosis.causes.first().map(|finding| finding.cause);
        // Outside services know nothing of local hosts, only plain http(s)
        // URLs are handed to them, and they are no use when the way out fails.
        let outside = !diagnosis.host.is_local()
            && failure.retry_url().is_some()
            && diagnosis.scope != Scope::Everything
            && !top.is_some_and(|cause| PATH_CAUSES.contains(&cause));
        // This computer's servers answer offline and behind a captive portal
        // alike: only an address off it waits for the network or the portal.
        let needs_network = !diagnosis.host.is_this_computer();
        let offline = evidence.online == Some(false) || class == Class::Offline;
        let waits_for = if needs_network && offline {
            Some(WaitFor::Network)
        } else if top == Some(Cause::ProxyProblem) {
            Some(WaitFor::ProxySettings)
        } else if needs_network && evidence.behind_portal() {
            Some(WaitFor::CaptivePortal)
        } else {
            None
        };
        ErrorPage {
            document_title: Text::with("page_document_title", [failure.host.as_str()]),
            headline: Text::new(class.title_key()),
            explanation: Text::new(class.explanation_key()),
            class,
            url: cut(&failure.url, MAX_SHOWN),
            address_note: failure
                .original_url_length
                .map(|_| Text::new("page_address_too_long")),
            sent_by: failure
                .sent_by()
                .map(|site| Text::with("page_sent_by", [cut(site, MAX_SHOWN)])),
            host: cut(&failure.host, MAX_SHOWN),
            port: failure.port,
            error: failure.error.clone(),
            causes: diagnosis
                .causes
                .iter()
                .map(|finding| CauseView::of(finding, evidence))
                .collect(),
            offer_extension_list: evidence.extensions.is_none()
                && diagnosis.causes.first().is_some_and(names_extensions),
            retry_url: failure.retry_url().map(str::to_owned),
            archive_url: outside.then(|| format!("{ARCHIVE}{url}", url = failure.url)),
            status_url: outside.then(|| format!("{STATUS_CHECK}{host}", host = failure.host)),
            outside_first: outside
                && diagnosis.scope == Scope::ThisSite
                && top.is_some_and(|cause| SITE_CAUSES.contains(&cause)),
            report: ReportOffer {
                contents: Text::new("report_contents"),
                include_query: has_query(&failure.url).then(|| Text::new("report_include_query")),
            },
            auto_retry: (settings.auto_retry
                && class.retryable()
                && failure.retry_url().is_some()
                // Asking again must be harmless: a failed form post is not re-sent.
                && failure.method.eq_ignore_ascii_case("GET"))
            .then_some(AutoRetry {
                max_seconds: settings.max_retry_seconds,
                waits_for,
            }),
            check_url: failure.origin_url(),
            probes: ProbePanel::new(
                failure,
                probe::plan(failure),
                evidence.probes.as_deref().unwrap_or_default(),
            ),
        }
    }
}

#[cfg(test)]
#[path = "error_page_tests.rs"]
mod tests;
