//! The user's settings (`storage.sync`) and an administrator's
//! (`storage.managed`): what they are, their defaults, and which win.

use serde::{Deserialize, Serialize};

use crate::catalog::Class;

/// The shortest and the longest pause between automatic re-checks a user
/// or an administrator can set, in seconds.
pub const MIN_RETRY_SECONDS: u32 = 2;
pub const MAX_RETRY_SECONDS: u32 = 3_600;

/// Every setting, as in force.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Whether NetWhy replaces the browser's error pages at all.
    pub enabled: bool,
    /// Classes the user keeps the browser's own page for.
    pub skipped_classes: Vec<Class>,
    /// Hosts never intercepted: `localhost` is that host exactly; `.example.com`
    /// is example.com and every name under it.
    pub excluded_hosts: Vec<String>,
    /// Whether the page re-checks the address by itself.
    pub auto_retry: bool,
    /// The longest pause between automatic re-checks, in seconds.
    pub max_retry_seconds: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            enabled: true,
            skipped_classes: Vec::new(),
            excluded_hosts: Vec::new(),
            auto_retry: true,
            max_retry_seconds: 60,
        }
    }
}

/// Settings as stored: any of them may be absent (not chosen, or not set by
/// policy). Unknown keys and values of the wrong type are ignored, never fatal.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Stored {
    #[serde(deserialize_with = "lenient")]
    enabled: Option<bool>,
    #[serde(deserialize_with = "lenient")]
    skipped_classes: Option<Vec<Class>>,
    #[serde(deserialize_with = "lenient")]
    excluded_hosts: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    auto_retry: Option<bool>,
    #[serde(deserialize_with = "lenient")]
    max_retry_seconds: Option<u32>,
}

/// A value that does not fit reads as absent, so one bad key in a policy
/// cannot switch every setting back to its default. Each value is read on
/// its own (a `JsValue` through `js_value`, a `serde_json::Value`
/// in tests), so a failed read leaves nothing half-consumed. Swallowing the
/// error, rather than reading a `serde_json::Value` first and converting
/// it, keeps a deserializer per setting type out of the wasm module.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer).ok().flatten())
}

/// The settings in force and the names of those an administrator locked.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InForce {
    pub settings: Settings,
    pub locked: Vec<&'static str>,
}

/// The settings in force: each one the administrator set, else the user's,
/// else the default.
pub fn in_force(user: Stored, managed: Stored) -> InForce {
    let mut locked = Vec::new();
    let defaults = Settings::default();
    macro_rules! pick {
        ($field:ident, $name:literal) => {{
            match managed.$field {
                Some(value) => {
                    locked.push($name);
                    value
                }
                None => user.$field.unwrap_or(defaults.$field),
            }
        }};
    }
    let settings = Settings {
        enabled: pick!(enabled, "enabled"),
        skipped_classes: pick!(skipped_classes, "skippedClasses"),
        excluded_hosts: pick!(excluded_hosts, "excludedHosts"),
        auto_retry: pick!(auto_retry, "autoRetry"),
        max_retry_seconds: pick!(max_retry_seconds, "maxRetrySeconds")
            .clamp(MIN_RETRY_SECONDS, MAX_RETRY_SECONDS),
    };
    InForce { settings, locked }
}

impl Settings {
    /// Whether the user or an administrator excluded `host` (as `URL.hostname` gives it).
    pub fn excludes(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.excluded_hosts.iter().any(|pattern| {
            let pattern = pattern.trim().trim_end_matches('.').to_ascii_lowercase();
            match pattern.strip_prefix('.') {
                Some(domain) => host == domain || host.ends_with(&pattern),
                None => !pattern.is_empty() && host == pattern,
            }
        })
    }

    /// Whether the user keeps the browser's page for `class`.
    pub fn skips(&self, class: Class) -> bool {
        self.skipped_classes.contains(&class)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stored(value: serde_json::Value) -> Stored {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn defaults_then_the_user_then_the_administrator() {
        let none = in_force(Stored::default(), Stored::default());
        assert_eq!(none.settings, Settings::default());
        assert!(none.locked.is_empty());
        let user = stored(json!({"enabled": false, "autoRetry": false, "maxRetrySeconds": 30}));
        let managed = stored(json!({"enabled": true, "excludedHosts": ["intranet.corp"]}));
        let both = in_force(user, managed);
        assert!(both.settings.enabled, "the policy wins");
        assert!(
            !both.settings.auto_retry,
            "the user's choice stands where no policy speaks"
        );
        assert_eq!(both.settings.max_retry_seconds, 30);
        assert_eq!(both.locked, ["enabled", "excludedHosts"]);
    }

    #[test]
    fn bad_values_read_as_absent() {
        let user = stored(
            json!({"enabled": "yes", "skippedClasses": ["dns-failure", "nonsense"],
            "maxRetrySeconds": 999999, "other": 1}),
        );
        let settings = in_force(user, Stored::default()).settings;
        assert!(settings.enabled);
        assert!(
            settings.skipped_classes.is_empty(),
            "one bad class voids the list"
        );
        assert_eq!(settings.max_retry_seconds, 3600);
    }

    #[test]
    fn each_setting_reads_only_its_own_type() {
        let wrong = stored(
            json!({"enabled": null, "autoRetry": 0, "maxRetrySeconds": 30.5,
            "excludedHosts": ["a.example", 1], "skippedClasses": "dns-failure"}),
        );
        assert!(in_force(wrong, Stored::default()).locked.is_empty());
        let wrong = stored(json!({"enabled": [true], "autoRetry": {"on": true},
            "maxRetrySeconds": -5, "excludedHosts": [["a.example"]], "skippedClasses": [null]}));
        assert_eq!(
            in_force(Stored::default(), wrong).locked,
            Vec::<&str>::new()
        );
        let right = stored(
            json!({"enabled": false, "autoRetry": false, "maxRetrySeconds": 5,
            "excludedHosts": ["a.example"], "skippedClasses": ["dns-failure", "tls"]}),
        );
        let in_force = in_force(Stored::default(), right);
        assert_eq!(in_force.locked.len(), 5);
        assert_eq!(
            in_force.settings,
            Settings {
                enabled: false,
                skipped_classes: vec![Class::DnsFailure, Class::Tls],
                excluded_hosts: vec!["a.example".into()],
                auto_retry: false,
                max_retry_seconds: 5,
            }
        );
    }

    #[test]
    fn excludes_exact_hosts_and_whole_domains() {
        let settings = Settings {
            excluded_hosts: vec!["localhost".into(), ".corp.example".into(), " ".into()],
            ..Settings::default()
        };
        assert!(settings.excludes("localhost"));
        assert!(settings.excludes("LOCALHOST."));
        assert!(!settings.excludes("app.localhost"));
        assert!(settings.excludes("corp.example"));
        assert!(settings.excludes("wiki.corp.example"));
        assert!(!settings.excludes("notcorp.example"));
        assert!(!settings.excludes(""));
    }

    #[test]
    fn the_policy_schema_types_and_bounds_are_these() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../extension/managed_schema.json")).unwrap();
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        for (name, value) in defaults.as_object().unwrap() {
            let declared = &schema["properties"][name]["type"];
            let expected = match value {
                serde_json::Value::Bool(_) => "boolean",
                serde_json::Value::Array(_) => "array",
                serde_json::Value::Number(_) => "integer",
                other => panic!("{name}: no schema type for {other}"),
            };
            assert_eq!(declared, expected, "{name}");
        }
        let seconds = &schema["properties"]["maxRetrySeconds"];
        assert_eq!(seconds["minimum"], MIN_RETRY_SECONDS);
        assert_eq!(seconds["maximum"], MAX_RETRY_SECONDS);
    }

    #[test]
    fn the_policy_schema_names_exactly_these_settings() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../extension/managed_schema.json")).unwrap();
        let mut in_schema: Vec<&String> =
            schema["properties"].as_object().unwrap().keys().collect();
        let settings = serde_json::to_value(Settings::default()).unwrap();
        let mut in_rust: Vec<&String> = settings.as_object().unwrap().keys().collect();
        in_schema.sort();
        in_rust.sort();
        assert_eq!(in_schema, in_rust);
    }
}
