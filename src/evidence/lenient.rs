//! Reading evidence as people paste it: every field may be `null` as well as
//! absent, and both mean "not known" (`docs/report.md`). serde's `default`
//! covers an absent field only; these cover `null` too.

use serde::{Deserialize, Deserializer};

/// `null` or absent reads as the type's default (empty, zero, unknown).
pub fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// `null` or absent reads as `true`: for flags whose unknown value is the
/// ordinary one (an extension is on, and the user may turn it off).
pub fn or_true<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(true))
}

/// `null` or absent reads as NaN: a time nobody knows, which no comparison
/// counts as recent.
pub fn or_nan<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
}

/// `null` or absent reads as `GET`, the method of every page load.
pub fn or_get<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_else(|| "GET".to_owned()))
}
