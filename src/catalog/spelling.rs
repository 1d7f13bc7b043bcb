//! The spellings an error arrives in, reduced to one [`Key`].
//!
//! - `net::ERR_CONNECTION_REFUSED` (Chromium webRequest), `ERR_CONNECTION_REFUSED`
//! - `-102` (Chromium code)
//! - `NS_ERROR_CONNECTION_REFUSED` (Firefox webRequest)
//! - `0x804B000D` (hex nsresult, any case), `2152398861` (decimal nsresult),
//!   `Error code 2152398861` (Firefox webNavigation), `-2142568435` (signed nsresult)
//! - `NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SEC_ERROR_UNKNOWN_ISSUER)`
//!   or `NS_ERROR_GENERATE_FAILURE(6, 13)` (Gecko's name for values not in its list)
//!
//! Parsing is a constant amount of work on at most [`MAX_INPUT`] bytes; longer
//! strings are no error name and give `None`.

/// Longest error name the tables may hold.
pub(super) const MAX_NAME: usize = 80;
/// Longest input parsed at all (the GENERATE form with a long NSS name fits).
pub(super) const MAX_INPUT: usize = 160;

/// What an error string names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Key<'a> {
    /// A symbolic name, `net::` removed: `ERR_…`, `NS_…`, or a security-library name.
    Name(&'a str),
    /// A Chromium net error code (negative).
    Chromium(i64),
    /// A Firefox `nsresult` value.
    Nsresult(u32),
    /// A security-library (NSS) name from Gecko's GENERATE form.
    Security(&'a str),
}

/// `NS_ERROR_MODULE_SECURITY`'s number.
pub(super) const MODULE_SECURITY: u32 = 21;
const MODULE_BASE_OFFSET: u32 = 0x45;

/// The nsresult for a module and code, as Gecko's `NS_ERROR_GENERATE` builds it.
pub(super) const fn nsresult(failure: bool, module: u32, code: u32) -> u32 {
    ((failure as u32) << 31) | ((module + MODULE_BASE_OFFSET) << 16) | (code & 0xFFFF)
}

/// The key of an error string, or `None` when it is no spelling we know.
pub(super) fn parse(error: &str) -> Option<Key<'_>> {
    let s = error.trim();
    if s.is_empty() || s.len() > MAX_INPUT {
        return None;
    }
    if let Some(key) = generate_form(s) {
        return Some(key);
    }
    let number = strip_prefix_ignore_case(s, "error code").map_or(s, str::trim_start);
    if let Some(hex) = strip_prefix_ignore_case(number, "0x") {
        return hex_u32(hex).map(Key::Nsresult);
    }
    if let Some(digits) = number.strip_prefix('-') {
        let magnitude = decimal(digits)?;
        // Chromium codes are small; a large negative number is a signed nsresult.
        return if magnitude < 0x1_0000 {
            Some(Key::Chromium(-(magnitude as i64)))
        } else if magnitude <= 1 << 31 {
            Some(Key::Nsresult((magnitude as u32).wrapping_neg()))
        } else {
            None
        };
    }
    if let Some(value) = decimal(number) {
        return u32::try_from(value).ok().map(Key::Nsresult);
    }
    let name = s.strip_prefix("net::").unwrap_or(s);
    is_name(name).then_some(Key::Name(name))
}

/// `NS_ERROR_GENERATE_FAILURE(module, code)` / `NS_ERROR_GENERATE_SUCCESS(…)`,
/// module by name (`NS_ERROR_MODULE_SECURITY`) or number, code by NSS name or number.
fn generate_form(s: &str) -> Option<Key<'_>> {
    let (failure, args) = if let Some(args) = s.strip_prefix("NS_ERROR_GENERATE_FAILURE(") {
        (true, args)
    } else {
        (false, s.strip_prefix("NS_ERROR_GENERATE_SUCCESS(")?)
    };
    let (module, code) = args.strip_suffix(')')?.split_once(',')?;
    let (module, code) = (module.trim(), code.trim());
    let module = match module {
        "NS_ERROR_MODULE_SECURITY" => MODULE_SECURITY,
        _ => u32::try_from(decimal(module)?)
            .ok()
            .filter(|m| *m < 0x1FFF)?,
    };
    match decimal(code) {
        Some(code) if code <= 0xFFFF => Some(Key::Nsresult(nsresult(failure, module, code as u32))),
        Some(_) => None,
        None if module == MODULE_SECURITY && is_name(code) => Some(Key::Security(code)),
        None => None,
    }
}

/// An identifier as the browsers spell error names: `A-Z`, `0-9`, `_`, starting with a letter.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_NAME
        && s.as_bytes()[0].is_ascii_uppercase()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Up to ten ASCII digits as a number.
fn decimal(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One to eight hex digits, any case.
fn hex_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}
