//! The error catalogue: every error string the browsers report, classified.
//!
//! One static table per browser ([`chromium`], [`firefox`]) holds each error
//! name with its numeric code, its [`Class`] and a one-line technical detail.
//! Everything a user reads (title, explanation) and every decision (retry,
//! certificate, intercept) comes from the class, never from the row.
//!
//! [`lookup`] accepts every spelling the browsers and their APIs use (see
//! [`spelling`]); [`classify`] adds Firefox's security-library messages and
//! names ([`tls_text`]) and falls back to [`Class::Unknown`].

pub mod class;

mod chromium;
mod explain;
mod firefox;
/// The ports the browsers refuse to connect to.
pub mod ports;
mod spelling;
mod tls_text;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_reference;
#[cfg(test)]
mod tests_spelling;

use serde::{Deserialize, Serialize};

pub use class::Class;
pub use explain::{explain, Explanation};

use spelling::Key;

/// A browser family: the one that reports an error name, and the one NetWhy
/// runs in (Chromium-based browsers share Chromium's errors and pages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    /// `"chrome"` is how earlier reports named it.
    #[serde(alias = "chrome")]
    Chromium,
    Firefox,
}

/// One error name of one browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `ERR_CONNECTION_REFUSED` (Chromium, without `net::`) or `NS_ERROR_CONNECTION_REFUSED`.
    pub name: &'static str,
    /// The code without its sign, which the browser gives (see
    /// [`Entry::code`]): 32 bits rather than 64 make a row 16 bytes in the
    /// wasm build, not 24.
    magnitude: u32,
    pub browser: Browser,
    pub class: Class,
    /// One short English technical line, for the CLI (`diagnose --explain`).
    /// Left out of the wasm build: the page never shows it, and the lines
    /// of all rows were ~16 KB of the module.
    #[cfg(not(target_arch = "wasm32"))]
    pub detail: &'static str,
    /// Dropped from current browser sources, but older builds may report it.
    pub legacy: bool,
}

impl Entry {
    /// Chromium: the negative net error code (-102). Firefox: the unsigned
    /// `nsresult` value (0x804B000D).
    pub const fn code(&self) -> i64 {
        match self.browser {
            Browser::Chromium => -(self.magnitude as i64),
            Browser::Firefox => self.magnitude as i64,
        }
    }

    /// The row's technical line; empty in the wasm build, which leaves the
    /// lines out.
    pub fn detail(&self) -> &'static str {
        #[cfg(not(target_arch = "wasm32"))]
        return self.detail;
        #[cfg(target_arch = "wasm32")]
        return "";
    }

    /// Firefox codes in hex as Gecko writes them (`0x804B000D`); `None` for Chromium.
    pub fn code_hex(&self) -> Option<String> {
        match self.browser {
            Browser::Firefox => Some(format!("0x{:08X}", self.magnitude)),
            Browser::Chromium => None,
        }
    }
}

/// The table entry for a raw error string, in any spelling the browsers use:
/// `net::ERR_CONNECTION_REFUSED`, `ERR_CONNECTION_REFUSED`, `-102`,
/// `NS_ERROR_CONNECTION_REFUSED`, `0x804B000D`, `Error code 2152398861`,
/// `2152398861`, with or without surrounding whitespace.
pub fn lookup(error: &str) -> Option<&'static Entry> {
    match spelling::parse(error)? {
        Key::Name(name) => chromium::TABLE
            .by_name(name)
            .or_else(|| firefox::TABLE.by_name(name)),
        Key::Chromium(code) => chromium::TABLE.by_code(code),
        Key::Nsresult(value) => firefox::TABLE.by_code(i64::from(value)),
        Key::Security(_) => None,
    }
}

/// The class of a raw error string: the table entry's, else what Firefox's
/// security-library names, codes and sentences say, else [`Class::Unknown`].
pub fn classify(error: &str) -> Class {
    if let Some(entry) = lookup(error) {
        return entry.class;
    }
    if let Some(security) = tls_text::security(error) {
        return security.class;
    }
    if future_certificate_error(error) {
        return Class::Certificate;
    }
    Class::Unknown
}

/// What an error says about something between the browser and the server
/// taking the secure connection apart: an intercepting proxy, or security
/// software scanning HTTPS. The class still decides everything else; this
/// only adds that candidate. Found where the failure is classified and
/// kept in it (`Failure::interception`), like its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interception {
    /// The browser detected it (a downgrade, a known interception
    /// certificate, Firefox's MITM check).
    Detected,
    /// What it also produces, but so does a server with a certificate from
    /// a private authority: an unknown issuer.
    Possible,
}

/// Error names that say so, each with how surely.
const INTERCEPTION_SIGNS: &[(&str, Interception)] = &[
    ("ERR_TLS13_DOWNGRADE_DETECTED", Interception::Detected),
    ("ERR_SSL_VERSION_INTERFERENCE", Interception::Detected),
    (
        "ERR_ESET_ANTI_VIRUS_SSL_INTERCEPTION",
        Interception::Detected,
    ),
    (
        "ERR_CERT_KNOWN_INTERCEPTION_BLOCKED",
        Interception::Detected,
    ),
    ("MOZILLA_PKIX_ERROR_MITM_DETECTED", Interception::Detected),
    ("SEC_ERROR_UNKNOWN_ISSUER", Interception::Possible),
];

/// What `error`, in any spelling, says about interception (see [`Interception`]).
pub fn interception(error: &str) -> Option<Interception> {
    let name = match lookup(error) {
        Some(entry) => entry.name,
        None => tls_text::security(error)?.name?,
    };
    INTERCEPTION_SIGNS
        .iter()
        .find(|(sign, _)| *sign == name)
        .map(|(_, how)| *how)
}

/// Every row: Chromium's, then Firefox's, each in source order.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    chromium::TABLE
        .rows
        .iter()
        .chain(firefox::TABLE.rows.iter())
}

/// A Chromium certificate error name this table does not know yet. They
/// keep the `ERR_CERT_` prefix, and replacing the browser's certificate page
/// would take away its override, so an unknown one still counts as one.
fn future_certificate_error(error: &str) -> bool {
    let name = error.trim();
    let name = name.strip_prefix("net::").unwrap_or(name);
    name.len() <= spelling::MAX_NAME
        && name.starts_with("ERR_CERT_")
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// One browser's rows with two orderings for binary search, built at compile time.
struct Table {
    rows: &'static [Entry],
    /// Row positions sorted by name, bytewise.
    by_name: &'static [u16],
    /// Row positions sorted by code; among equal codes active rows come
    /// before legacy ones and earlier rows before later ones, so the first
    /// match is the name the browser reports for that value today.
    by_code: &'static [u16],
}

impl Table {
    fn by_name(&self, name: &str) -> Option<&'static Entry> {
        let rows = self.rows;
        let found = self
            .by_name
            .binary_search_by(|&i| rows[usize::from(i)].name.cmp(name));
        found.ok().map(|at| &rows[usize::from(self.by_name[at])])
    }

    fn by_code(&self, code: i64) -> Option<&'static Entry> {
        let rows = self.rows;
        let at = self
            .by_code
            .partition_point(|&i| rows[usize::from(i)].code() < code);
        let entry = &rows[usize::from(*self.by_code.get(at)?)];
        (entry.code() == code).then_some(entry)
    }
}

/// Row positions of `rows` sorted by name (stable insertion sort, in const).
const fn name_order<const N: usize>(rows: &[Entry]) -> [u16; N] {
    let mut order = identity::<N>();
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0
            && bytes_less(
                rows[order[j] as usize].name,
                rows[order[j - 1] as usize].name,
            )
        {
            let swap = order[j];
            order[j] = order[j - 1];
            order[j - 1] = swap;
            j -= 1;
        }
        i += 1;
    }
    order
}

/// Row positions of `rows` sorted by (code, legacy), stable so that earlier rows win ties.
const fn code_order<const N: usize>(rows: &[Entry]) -> [u16; N] {
    let mut order = identity::<N>();
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && code_less(&rows[order[j] as usize], &rows[order[j - 1] as usize]) {
            let swap = order[j];
            order[j] = order[j - 1];
            order[j - 1] = swap;
            j -= 1;
        }
        i += 1;
    }
    order
}

const fn identity<const N: usize>() -> [u16; N] {
    assert!(N <= u16::MAX as usize);
    let mut order = [0u16; N];
    let mut i = 0;
    while i < N {
        order[i] = i as u16;
        i += 1;
    }
    order
}

const fn code_less(a: &Entry, b: &Entry) -> bool {
    let (a_code, b_code) = (a.code(), b.code());
    a_code < b_code || (a_code == b_code && !a.legacy && b.legacy)
}

/// A row's code as stored: without its sign, which `browser` gives.
const fn magnitude(browser: Browser, code: i64) -> u32 {
    let negative = matches!(browser, Browser::Chromium);
    assert!((code < 0) == negative && code.unsigned_abs() <= u32::MAX as u64);
    code.unsigned_abs() as u32
}

const fn bytes_less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// `false`, or `true` for a row marked `legacy`.
macro_rules! legacy_flag {
    () => {
        false
    };
    (legacy) => {
        true
    };
}

/// Rows of one browser: `(code, NAME, Class, "detail")`, with `, legacy` last
/// for names current sources no longer define.
macro_rules! rows {
    ($browser:ident; $(($code:expr, $name:ident, $class:ident, $detail:literal $(, $legacy:ident)?)),* $(,)?) => {
        &[$(
            $crate::catalog::Entry {
                name: stringify!($name),
                magnitude: $crate::catalog::magnitude($crate::catalog::Browser::$browser, $code),
                browser: $crate::catalog::Browser::$browser,
                class: $crate::catalog::Class::$class,
                #[cfg(not(target_arch = "wasm32"))]
                detail: $detail,
                legacy: $crate::catalog::legacy_flag!($($legacy)?),
            }
        ),*]
    };
}

/// A [`Table`] over a const slice of rows, with its orderings computed at compile time.
macro_rules! table {
    ($rows:path) => {
        super::Table {
            rows: $rows,
            by_name: &super::name_order::<{ $rows.len() }>($rows),
            by_code: &super::code_order::<{ $rows.len() }>($rows),
        }
    };
}

pub(crate) use {legacy_flag, rows, table};
