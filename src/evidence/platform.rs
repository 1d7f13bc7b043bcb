//! The user's browser and operating system, part of the evidence so that a
//! replayed report gives the steps its user saw. How steps are worded for
//! them is the diagnosis's business (`diagnosis::wording`).

use serde::{Deserialize, Deserializer, Serialize};

pub use crate::catalog::Browser;

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

/// Where NetWhy runs. Chromium-based browsers count as Chromium: they share
/// its pages (`chrome://…`) and its extension API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Platform {
    /// `None`: a browser this version does not know.
    #[serde(deserialize_with = "known_browser")]
    pub browser: Option<Browser>,
    #[serde(deserialize_with = "crate::evidence::lenient::or_default")]
    pub os: Os,
}

/// A browser name this version does not know reads as unknown, not as an error.
fn known_browser<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Browser>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Named {
        Known(Browser),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Option::<Named>::deserialize(deserializer)? {
        Some(Named::Known(browser)) => Some(browser),
        _ => None,
    })
}

impl Browser {
    /// The browser whose extension pages live under `extension_url`
    /// (`runtime.getURL("")`).
    pub fn of_extension_url(extension_url: &str) -> Option<Browser> {
        if extension_url.starts_with("moz-extension:") {
            Some(Browser::Firefox)
        } else if extension_url.starts_with("chrome-extension:") {
            Some(Browser::Chromium)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_the_apis_say() {
        let read = |raw| serde_json::from_value::<Platform>(raw).unwrap();
        assert_eq!(
            read(json!({"browser": "chrome", "os": "win"})),
            Platform {
                browser: Some(Browser::Chromium),
                os: Os::Windows
            }
        );
        assert_eq!(
            read(json!({"browser": "chromium"})).browser,
            Some(Browser::Chromium)
        );
        assert_eq!(read(json!({"os": "cros"})).os, Os::ChromeOs);
        assert_eq!(
            read(json!({"browser": "netscape", "os": "fuchsia"})),
            Platform::default()
        );
        assert_eq!(read(json!({"browser": null})), Platform::default());
        assert_eq!(
            Browser::of_extension_url("moz-extension://1234/"),
            Some(Browser::Firefox)
        );
        assert_eq!(
            Browser::of_extension_url("chrome-extension://abcd/"),
            Some(Browser::Chromium)
        );
        assert_eq!(Browser::of_extension_url("https://x/"), None);
    }
}
