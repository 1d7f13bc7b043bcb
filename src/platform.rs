//! The user's browser and operating system, so that steps name the exact
//! places ("chrome://net-internals/#dns", "ipconfig /flushdns") instead of
//! "check your settings".
//!
//! The rules in `diagnosis` speak in generic steps; [`Platform::fit`] then
//! swaps each for its wording on this browser or system, when [`VARIANTS`]
//! has one. A variant's key is the generic key plus a suffix, so the table
//! below is the one place that says which steps vary, and how.

use serde::{Deserialize, Serialize};

use crate::diagnosis::keys::*;
use crate::i18n::Text;

/// The browser NetWhy runs in. Chromium-based browsers count as Chrome:
/// they share its pages (`chrome://…`) and its extension API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    Chrome,
    Firefox,
    #[default]
    #[serde(other)]
    Unknown,
}

/// The operating system, as `runtime.getPlatformInfo().os` names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    #[serde(alias = "win")]
    Windows,
    Mac,
    Linux,
    #[serde(alias = "cros")]
    ChromeOs,
    Android,
    /// OpenBSD, Fuchsia, or one this version does not know.
    #[default]
    #[serde(other)]
    Other,
}

/// Where NetWhy runs. Part of the evidence, so a replayed report gives the
/// steps its user saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Platform {
    pub browser: Browser,
    pub os: Os,
}

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

impl Browser {
    /// The browser whose extension pages live under `extension_url`
    /// (`runtime.getURL("")`).
    pub fn of_extension_url(extension_url: &str) -> Browser {
        if extension_url.starts_with("moz-extension:") {
            Browser::Firefox
        } else if extension_url.starts_with("chrome-extension:") {
            Browser::Chrome
        } else {
            Browser::Unknown
        }
    }

    fn suffix(self) -> Option<&'static str> {
        match self {
            Browser::Chrome => Some("chrome"),
            Browser::Firefox => Some("firefox"),
            Browser::Unknown => None,
        }
    }
}

impl Os {
    fn suffix(self) -> Option<&'static str> {
        match self {
            Os::Windows => Some("windows"),
            Os::Mac => Some("mac"),
            Os::Linux => Some("linux"),
            Os::ChromeOs | Os::Android | Os::Other => None,
        }
    }
}

impl Platform {
    /// `step` as worded for this platform.
    pub fn fit(&self, step: Text) -> Text {
        match self.variant(&step.key) {
            Some(key) => Text { key, ..step },
            None => step,
        }
    }

    /// The key of `key`'s wording here, if it has one.
    fn variant(&self, key: &str) -> Option<String> {
        let (_, varies) = VARIANTS.iter().find(|(generic, _)| *generic == key)?;
        let suffix = match varies {
            Varies::ByBrowser => self.browser.suffix(),
            Varies::ByOs => self.os.suffix(),
        }?;
        Some(format!("{key}_{suffix}"))
    }

    /// Every key [`VARIANTS`] can produce, for the catalogue test.
    pub fn all_variant_keys() -> Vec<String> {
        let browsers = [Browser::Chrome, Browser::Firefox];
        let systems = [Os::Windows, Os::Mac, Os::Linux];
        let platforms = browsers
            .iter()
            .flat_map(|&browser| systems.iter().map(move |&os| Platform { browser, os }));
        let mut keys: Vec<String> = platforms
            .flat_map(|platform| {
                VARIANTS
                    .iter()
                    .filter_map(move |(key, _)| platform.variant(key))
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn platform(browser: Browser, os: Os) -> Platform {
        Platform { browser, os }
    }

    #[test]
    fn reads_what_the_apis_say() {
        let read = |raw| serde_json::from_value::<Platform>(raw).unwrap();
        assert_eq!(
            read(json!({"browser": "chrome", "os": "win"})),
            platform(Browser::Chrome, Os::Windows)
        );
        assert_eq!(read(json!({"os": "cros"})).os, Os::ChromeOs);
        assert_eq!(
            read(json!({"browser": "netscape", "os": "fuchsia"})),
            Platform::default()
        );
        assert_eq!(
            Browser::of_extension_url("moz-extension://1234/"),
            Browser::Firefox
        );
        assert_eq!(
            Browser::of_extension_url("chrome-extension://abcd/"),
            Browser::Chrome
        );
        assert_eq!(Browser::of_extension_url("https://x/"), Browser::Unknown);
    }

    #[test]
    fn words_steps_for_the_browser_and_the_system() {
        let step = |key: &str| Text::with(key, ["example.com"]);
        let chrome_on_windows = platform(Browser::Chrome, Os::Windows);
        let firefox_on_mac = platform(Browser::Firefox, Os::Mac);
        assert_eq!(
            chrome_on_windows.fit(step(STEP_CLEAR_BROWSER_DNS)).key,
            "step_clear_browser_dns_chrome"
        );
        assert_eq!(
            firefox_on_mac.fit(step(STEP_CLEAR_BROWSER_DNS)).key,
            "step_clear_browser_dns_firefox"
        );
        let hosts = chrome_on_windows.fit(step(STEP_CHECK_HOSTS_FILE));
        assert_eq!(hosts.key, "step_check_hosts_file_windows");
        assert_eq!(hosts.args, ["example.com"], "the arguments stay");
        assert_eq!(
            firefox_on_mac.fit(step(STEP_FLUSH_SYSTEM_DNS)).key,
            "step_flush_system_dns_mac"
        );
    }

    #[test]
    fn keeps_the_generic_wording_where_nothing_fits() {
        let unknown = Platform::default();
        let android = platform(Browser::Firefox, Os::Android);
        assert_eq!(
            unknown.fit(Text::new(STEP_FLUSH_SYSTEM_DNS)).key,
            STEP_FLUSH_SYSTEM_DNS
        );
        assert_eq!(
            android.fit(Text::new(STEP_FLUSH_SYSTEM_DNS)).key,
            STEP_FLUSH_SYSTEM_DNS
        );
        assert_eq!(
            android.fit(Text::new(STEP_TRY_PRIVATE_WINDOW)).key,
            "step_try_private_window_firefox"
        );
        assert_eq!(
            unknown.fit(Text::new(STEP_RETRY_LATER)).key,
            STEP_RETRY_LATER
        );
    }

    #[test]
    fn every_varying_step_is_a_step_the_rules_know() {
        for (key, _) in VARIANTS {
            assert!(ALL.contains(key), "{key} is not in diagnosis::keys");
        }
        assert!(Platform::all_variant_keys().len() >= 2 * VARIANTS.len());
    }
}
