//! Firefox's security-library (NSS/PSM) failures, which never arrive as table names.
//!
//! When a channel's security info carries an NSS error, Firefox's webRequest
//! reports the LOCALIZED sentence for it ("Peer’s Certificate has expired.").
//! Gecko names such values `NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY,
//! SEC_ERROR_UNKNOWN_ISSUER)`, and their nsresult is `0x805A0000 + -nssCode`:
//! SEC_ERROR_* (base -0x2000) → 0x805A1xxx, SSL_ERROR_* (base -0x3000) →
//! 0x805A2xxx, MOZILLA_PKIX_ERROR_* (base -0x4000) → 0x805A3xxx.
//!
//! Certificate problems become [`Class::Certificate`], so the browser's own
//! page (and its override) stays; handshake, cipher and protocol problems
//! become [`Class::Tls`]. When unsure, certificate is the safe side: it only
//! means the browser's page is kept.

use super::spelling::{self, Key, MODULE_SECURITY};
use super::Class;

/// What the security library said, as far as we can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Security<'a> {
    /// The NSS name, when the input gives it or we know it.
    pub name: Option<&'a str>,
    /// The nsresult, when the input gives it or we know it.
    pub code: Option<u32>,
    pub class: Class,
}

const SECURITY_MODULE: u32 = spelling::nsresult(true, MODULE_SECURITY, 0);

/// Known NSS errors: name, offset from its range's base, en-US sentence.
/// Offsets are only given where certain; sentences use U+2019 apostrophes.
const KNOWN: &[(&str, u16, &str)] = &[
    ("SEC_ERROR_BAD_SIGNATURE", 10, "Peer’s certificate has an invalid signature."),
    ("SEC_ERROR_EXPIRED_CERTIFICATE", 11, "Peer’s Certificate has expired."),
    ("SEC_ERROR_REVOKED_CERTIFICATE", 12, "Peer’s Certificate has been revoked."),
    ("SEC_ERROR_UNKNOWN_ISSUER", 13, "Peer’s Certificate issuer is not recognized."),
    ("SEC_ERROR_UNTRUSTED_ISSUER", 20, "Peer’s certificate issuer has been marked as not trusted by the user."),
    ("SEC_ERROR_UNTRUSTED_CERT", 21, "Peer’s certificate has been marked as not trusted by the user."),
    ("SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE", 30, "The certificate issuer’s certificate has expired. Check your system date and time."),
    ("SEC_ERROR_CA_CERT_INVALID", 36, "Issuer certificate is invalid."),
    ("SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED", 0, "The certificate was signed using a signature algorithm that is disabled because it is not secure."),
    ("SSL_ERROR_NO_CYPHER_OVERLAP", 2, "Cannot communicate securely with peer: no common encryption algorithm(s)."),
    ("SSL_ERROR_BAD_CERTIFICATE", 4, "Unable to communicate securely with peer: peers’s certificate was rejected."),
    ("SSL_ERROR_UNSUPPORTED_VERSION", 9, "Peer using unsupported version of security protocol."),
    ("SSL_ERROR_NO_CERTIFICATE", 3, "Unable to find the certificate or key necessary for authentication."),
    ("SSL_ERROR_BAD_CERT_DOMAIN", 12, "Unable to communicate securely with peer: requested domain name does not match the server’s certificate."),
    ("SSL_ERROR_BAD_CERT_ALERT", 17, "SSL peer cannot verify your certificate."),
    ("SSL_ERROR_REVOKED_CERT_ALERT", 18, "SSL peer rejected your certificate as revoked."),
    ("SSL_ERROR_EXPIRED_CERT_ALERT", 19, "SSL peer rejected your certificate as expired."),
    ("SSL_ERROR_UNKNOWN_CA_ALERT", 0, "Peer does not recognize and trust the CA that issued your certificate."),
    ("SSL_ERROR_ACCESS_DENIED_ALERT", 0, "Peer received a valid certificate, but access was denied."),
    ("SSL_ERROR_HANDSHAKE_FAILURE_ALERT", 0, "SSL peer was unable to negotiate an acceptable set of security parameters."),
    ("SSL_ERROR_PROTOCOL_VERSION_ALERT", 0, "Peer reports incompatible or unsupported protocol version."),
    ("SSL_ERROR_INAPPROPRIATE_FALLBACK_ALERT", 0, "The server rejected the handshake because the client downgraded to a lower TLS version than the server supports."),
    ("SSL_ERROR_WEAK_SERVER_CERT_KEY", 0, "The server certificate included a public key that was too weak."),
    ("SSL_ERROR_RX_RECORD_TOO_LONG", 0, "SSL received a record that exceeded the maximum permissible length."),
    ("MOZILLA_PKIX_ERROR_KEY_PINNING_FAILURE", 0, "The server uses key pinning (HPKP) but no trusted certificate chain could be constructed that matches the pinset. Key pinning violations cannot be overridden."),
    ("MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE", 0, "The server presented a certificate that is not yet valid."),
    ("MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE", 0, "A certificate that is not yet valid was used to issue the server’s certificate."),
    ("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", 14, "The certificate is not trusted because it is self-signed."),
    ("MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED", 0, "The certificate authority that issued the certificate was distrusted before the certificate was issued."),
];

/// SSL_ERROR_* names that are about the server's certificate, not the handshake.
const SSL_CERTIFICATE: &[&str] = &[
    "SSL_ERROR_BAD_CERT_DOMAIN",
    "SSL_ERROR_BAD_CERTIFICATE",
    "SSL_ERROR_WEAK_SERVER_CERT_KEY",
    "SSL_ERROR_UNSUPPORTED_CERTIFICATE_TYPE",
    "SSL_ERROR_EXTRACT_PUBLIC_KEY_FAILURE",
];

/// SSL_ERROR_* names about the user's own certificate, which the server asked
/// for (client authentication): no server certificate, so no override, at stake.
const SSL_CLIENT_CERTIFICATE: &[&str] = &[
    "SSL_ERROR_NO_CERTIFICATE",
    "SSL_ERROR_BAD_CERT_ALERT",
    "SSL_ERROR_REVOKED_CERT_ALERT",
    "SSL_ERROR_EXPIRED_CERT_ALERT",
    "SSL_ERROR_UNKNOWN_CA_ALERT",
    "SSL_ERROR_ACCESS_DENIED_ALERT",
    "SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT",
];

/// Offsets in the SEC range (from -0x2000) of generic library failures, not certificate verdicts.
const SEC_GENERIC: &[u16] = &[0, 1, 2, 3, 4, 5, 6, 19];
/// SEC_ERROR_* names of generic library failures.
const SEC_GENERIC_NAMES: &[&str] = &[
    "SEC_ERROR_IO",
    "SEC_ERROR_LIBRARY_FAILURE",
    "SEC_ERROR_BAD_DATA",
    "SEC_ERROR_OUTPUT_LEN",
    "SEC_ERROR_INPUT_LEN",
    "SEC_ERROR_INVALID_ARGS",
    "SEC_ERROR_INVALID_ALGORITHM",
    "SEC_ERROR_NO_MEMORY",
];

/// Words for "certificate" in the languages Firefox ships most (lower case).
const CERTIFICATE_WORDS: &[&str] = &[
    "certificat", // en certificate, fr, ro, ca
    "zertifikat", // de
    "certificado",
    "certificato",
    "certyfikat",
    "certifikát",
    "certifikat",
    "certificaat",
    "sertifika",
    "сертификат",
    "сертифікат",
    "tanúsítvány",
    "varmenne",
    "πιστοποιητικ",
    "証明書",
    "证书",
    "憑證",
    "인증서",
    "ocsp",
    "issuer",
];

/// Words that mark a secure-connection (handshake, cipher, protocol) failure (lower case).
const TLS_WORDS: &[&str] = &[
    "ssl",
    "tls",
    "securely",
    "secure connection",
    "security",
    "encrypt",
    "cipher",
    "handshake",
    "peer",
    "verschlüssel",
    "sicher",
    "chiffr",
    "cifrad",
    "crittograf",
    "шифр",
    "暗号",
    "加密",
];

/// The security-library failure an error string reports, if it is one.
pub(super) fn security(error: &str) -> Option<Security<'_>> {
    match spelling::parse(error) {
        Some(Key::Nsresult(value)) => from_value(value),
        Some(Key::Name(name)) | Some(Key::Security(name)) => from_name(name),
        Some(Key::Chromium(_)) => None,
        None => from_sentence(error),
    }
}

/// An nsresult in the security module's NSS ranges.
fn from_value(value: u32) -> Option<Security<'static>> {
    if value & 0xFFFF_0000 != SECURITY_MODULE {
        return None;
    }
    let n = (value & 0xFFFF) as u16;
    let (prefix, offset) = match n {
        0x1E01..=0x2000 => ("SEC_ERROR_", 0x2000 - n),
        0x2E01..=0x3000 => ("SSL_ERROR_", 0x3000 - n),
        0x3E01..=0x4000 => ("MOZILLA_PKIX_ERROR_", 0x4000 - n),
        // NSPR's own errors (-6000..-5925) inside a secure connection.
        0x1700..=0x1780 => {
            return Some(Security {
                name: None,
                code: Some(value),
                class: Class::Tls,
            })
        }
        _ => return None,
    };
    // Offset 0 in KNOWN means "not known", so it never matches here.
    let known = KNOWN
        .iter()
        .find(|(name, at, _)| *at != 0 && *at == offset && name.starts_with(prefix))
        .map(|(name, _, _)| *name);
    let class = match (prefix, known) {
        (_, Some(name)) => name_class(name),
        ("SEC_ERROR_", None) if SEC_GENERIC.contains(&offset) => Class::Tls,
        ("SSL_ERROR_", None) => Class::Tls,
        _ => Class::Certificate,
    };
    Some(Security {
        name: known,
        code: Some(value),
        class,
    })
}

/// A security-library symbol: SEC_ERROR_*, SSL_ERROR_*, MOZILLA_PKIX_ERROR_*, PR_*.
fn from_name(name: &str) -> Option<Security<'_>> {
    let security = ["SEC_ERROR_", "SSL_ERROR_", "MOZILLA_PKIX_ERROR_", "PR_"];
    if !security.iter().any(|prefix| name.starts_with(prefix)) {
        return None;
    }
    Some(Security {
        name: Some(name),
        code: code_of(name),
        class: name_class(name),
    })
}

/// The class of an NSS/NSPR symbol.
fn name_class(name: &str) -> Class {
    if name.starts_with("SSL_ERROR_") {
        if SSL_CLIENT_CERTIFICATE.contains(&name) {
            Class::ClientCertificate
        } else if SSL_CERTIFICATE.contains(&name) {
            Class::Certificate
        } else {
            Class::Tls
        }
    } else if name.starts_with("SEC_ERROR_") {
        if SEC_GENERIC_NAMES.contains(&name) {
            Class::Tls
        } else {
            Class::Certificate
        }
    } else if name.starts_with("MOZILLA_PKIX_ERROR_") {
        Class::Certificate
    } else {
        match name {
            "PR_CONNECT_REFUSED_ERROR" => Class::ConnectionRefused,
            "PR_CONNECT_RESET_ERROR" => Class::ConnectionReset,
            "PR_END_OF_FILE_ERROR" => Class::ConnectionClosed,
            "PR_IO_TIMEOUT_ERROR" | "PR_CONNECT_TIMEOUT_ERROR" => Class::TimedOut,
            _ => Class::Tls,
        }
    }
}

/// The nsresult of a known NSS name.
fn code_of(name: &str) -> Option<u32> {
    let (_, offset, _) = KNOWN
        .iter()
        .find(|(known, at, _)| *known == name && *at != 0)?;
    let base: u32 = if name.starts_with("SEC_ERROR_") {
        0x2000
    } else if name.starts_with("SSL_ERROR_") {
        0x3000
    } else {
        0x4000
    };
    Some(SECURITY_MODULE + base - u32::from(*offset))
}

/// A security-library sentence: an exact en-US one, or by keywords in several languages.
fn from_sentence(error: &str) -> Option<Security<'static>> {
    let text = error.trim();
    // Real messages are one or two sentences; anything huge is not one, and
    // a GENERATE form that did not parse is no sentence either.
    if text.is_empty() || text.len() > 1024 || text.starts_with("NS_ERROR_GENERATE_") {
        return None;
    }
    if let Some((name, _, _)) = KNOWN
        .iter()
        .find(|(_, _, sentence)| same_sentence(text, sentence))
    {
        return Some(Security {
            name: Some(name),
            code: code_of(name),
            class: name_class(name),
        });
    }
    let lower = lower_case(text);
    let class = if CERTIFICATE_WORDS
        .iter()
        .any(|word| positions(&lower, word).next().is_some())
    {
        Class::Certificate
    } else if TLS_WORDS.iter().any(|word| contains_word(&lower, word)) {
        Class::Tls
    } else {
        return None;
    };
    Some(Security {
        name: None,
        code: None,
        class,
    })
}

/// `text` in lower case as `str::to_lowercase` has it, for every letter
/// whose lower case appears in the words above or decides a word boundary
/// (Latin, Greek, Cyrillic; the CJK words have no case). Other letters are
/// left as they are, which can neither make nor break a match. Σ always
/// becomes σ, where std writes ς at the end of a word: no word has σ there.
/// Not `to_lowercase` itself: its Unicode tables were ~18 KB of the wasm module.
pub(super) fn lower_case(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // The one letter whose lower case is two chars: i and a combining dot.
            '\u{130}' => lower.push_str("i\u{307}"),
            _ => lower.push(lower_letter(c)),
        }
    }
    lower
}

fn lower_letter(c: char) -> char {
    let code = u32::from(c);
    let lower = match code {
        // ASCII; Latin-1 (not ×, U+00D7); Greek Α–Ω, Ϊ, Ϋ; Cyrillic А–Я.
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            code + 0x20
        }
        // Cyrillic Ѐ–Џ (Ukrainian Є, І, Ї among them).
        0x400..=0x40F => code + 0x50,
        // Greek capitals with tonos.
        0x386 => 0x3AC,
        0x388..=0x38A => code + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => code + 0x3F,
        // Kelvin and Ångström signs.
        0x212A => u32::from('k'),
        0x212B => u32::from('å'),
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Equal but for the apostrophe (’ or ') and the final full stop.
fn same_sentence(text: &str, sentence: &str) -> bool {
    let norm = |c: char| if c == '\u{2019}' { '\'' } else { c };
    let (a, b) = (text.trim_end_matches('.'), sentence.trim_end_matches('.'));
    a.chars().map(norm).eq(b.chars().map(norm))
}

/// Every place `word` starts in `text`. A byte scan rather than
/// `str::contains` / `match_indices`: their two-way searcher was ~2 KB of the
/// wasm module, and these texts are short. UTF-8 is self-synchronizing, so
/// each match starts and ends on a char boundary.
fn positions<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    (0..=text.len().saturating_sub(word.len())).filter(move |&at| text[at..].starts_with(word))
}

/// `word` in `text`, not inside a longer Latin word (so "ssl" is not found in "hassle").
fn contains_word(text: &str, word: &str) -> bool {
    positions(text, word).any(|at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        // Stems ("encrypt", "chiffr", "sicher") may continue; only the start must be a boundary.
        !latin(before) && (word.len() > 4 || !latin(after))
    })
}

#[cfg(test)]
#[path = "tests_tls_text.rs"]
mod tests;
