//! Steps worded for the user's browser and system, so that they name the
//! exact places ("chrome://net-internals/#dns", "ipconfig /flushdns")
//! instead of "check your settings".
//!
//! The rules speak in generic steps; [`fit`] then swaps each for its wording
//! on this browser or system, when [`VARIANTS`] has one. A variant's key is
//! the generic key plus a suffix, so the table below is the one place that
//! says which steps vary, and how.

use super::keys::*;
use crate::evidence::platform::{Browser, Os, Platform};
use crate::i18n::Text;

/// What a step's wording depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Varies {
    /// Pages and menus of the browser: suffix `_chrome` or `_firefox`.
    ByBrowser,
    /// Tools of the system: suffix `_windows`, `_mac` or `_linux`.
    ByOs,
}

/// The steps worded per browser or system. Any other step reads the same
/// everywhere, and an unknown browser or system keeps the generic wording.
pub const VARIANTS: &[(&str, Varies)] = &[
    (STEP_ALLOW_PORT, Varies::ByBrowser),
    (STEP_CHECK_COMMAND_LINE_PROXY, Varies::ByBrowser),
    (STEP_CHECK_HOSTS_FILE, Varies::ByOs),
    (STEP_CHECK_PROXY_DETECTION, Varies::ByBrowser),
    (STEP_CHECK_PROXY_SETTINGS, Varies::ByBrowser),
    (STEP_CHECK_SYSTEM_PROXY, Varies::ByOs),
    (STEP_CLEAR_BROWSER_DNS, Varies::ByBrowser),
    (STEP_FIND_BLOCKING_EXTENSION, Varies::ByBrowser),
    (STEP_FIND_PROXY_EXTENSION, Varies::ByBrowser),
    (STEP_FLUSH_SYSTEM_DNS, Varies::ByOs),
    (STEP_TRY_PRIVATE_WINDOW, Varies::ByBrowser),
    (STEP_VIEW_POLICIES, Varies::ByBrowser),
];

/// The suffix of a step worded for this browser: its pages are `chrome://`
/// or `about:` ones.
fn browser_suffix(browser: Option<Browser>) -> Option<&'static str> {
    match browser? {
        Browser::Chromium => Some("chrome"),
        Browser::Firefox => Some("firefox"),
    }
}

fn os_suffix(os: Os) -> Option<&'static str> {
    match os {
        Os::Windows => Some("windows"),
        Os::Mac => Some("mac"),
        Os::Linux => Some("linux"),
        Os::ChromeOs | Os::Android | Os::Other => None,
    }
}

/// `step` as worded for `platform`.
pub fn fit(platform: &Platform, step: Text) -> Text {
    match variant(platform, &step.key) {
        Some(key) => Text { key, ..step },
        None => step,
    }
}

/// The key of `key`'s wording on `platform`, if it has one.
fn variant(platform: &Platform, key: &str) -> Option<String> {
    let (_, varies) = VARIANTS.iter().find(|(generic, _)| *generic == key)?;
    let suffix = match varies {
        Varies::ByBrowser => browser_suffix(platform.browser),
        Varies::ByOs => os_suffix(platform.os),
    }?;
    Some(format!("{key}_{suffix}"))
}

/// Every key [`VARIANTS`] can produce, for the catalogue test.
pub fn all_variant_keys() -> Vec<String> {
    let browsers = [Browser::Chromium, Browser::Firefox];
    let systems = [Os::Windows, Os::Mac, Os::Linux];
    let platforms = browsers.iter().flat_map(|&browser| {
        systems.iter().map(move |&os| Platform {
            browser: Some(browser),
            os,
        })
    });
    let mut keys: Vec<String> = platforms
        .flat_map(|platform| {
            VARIANTS
                .iter()
                .filter_map(move |(key, _)| variant(&platform, key))
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform(browser: Browser, os: Os) -> Platform {
        Platform {
            browser: Some(browser),
            os,
        }
    }

    #[test]
    fn words_steps_for_the_browser_and_the_system() {
        let step = |key: &str| Text::with(key, ["example.com"]);
        let chrome_on_windows = platform(Browser::Chromium, Os::Windows);
        let firefox_on_mac = platform(Browser::Firefox, Os::Mac);
        assert_eq!(
            fit(&chrome_on_windows, step(STEP_CLEAR_BROWSER_DNS)).key,
            "step_clear_browser_dns_chrome"
        );
        assert_eq!(
            fit(&firefox_on_mac, step(STEP_CLEAR_BROWSER_DNS)).key,
            "step_clear_browser_dns_firefox"
        );
        let hosts = fit(&chrome_on_windows, step(STEP_CHECK_HOSTS_FILE));
        assert_eq!(hosts.key, "step_check_hosts_file_windows");
        assert_eq!(hosts.args, ["example.com"], "the arguments stay");
        assert_eq!(
            fit(&firefox_on_mac, step(STEP_FLUSH_SYSTEM_DNS)).key,
            "step_flush_system_dns_mac"
        );
    }

    #[test]
    fn keeps_the_generic_wording_where_nothing_fits() {
        let unknown = Platform::default();
        let android = platform(Browser::Firefox, Os::Android);
        assert_eq!(
            fit(&unknown, Text::new(STEP_FLUSH_SYSTEM_DNS)).key,
            STEP_FLUSH_SYSTEM_DNS
        );
        assert_eq!(
            fit(&android, Text::new(STEP_FLUSH_SYSTEM_DNS)).key,
            STEP_FLUSH_SYSTEM_DNS
        );
        assert_eq!(
            fit(&android, Text::new(STEP_TRY_PRIVATE_WINDOW)).key,
            "step_try_private_window_firefox"
        );
        assert_eq!(
            fit(&unknown, Text::new(STEP_RETRY_LATER)).key,
            STEP_RETRY_LATER
        );
    }

    #[test]
    fn every_varying_step_is_a_step_the_rules_know() {
        for (key, _) in VARIANTS {
            assert!(ALL.contains(key), "{key} is not in diagnosis::keys");
        }
        assert!(all_variant_keys().len() >= 2 * VARIANTS.len());
    }
}
