//! The spellings of single errors: names, codes, Firefox's security messages, garbage.

use super::*;
use crate::i18n::English;

#[test]
fn every_spelling_finds_the_same_entry() {
    let refused_chromium = lookup("net::ERR_CONNECTION_REFUSED").unwrap();
    for spelling in [
        "ERR_CONNECTION_REFUSED",
        "-102",
        "  net::ERR_CONNECTION_REFUSED\n",
        "\t-102 ",
    ] {
        assert_eq!(lookup(spelling), Some(refused_chromium), "{spelling:?}");
    }
    let refused_firefox = lookup("NS_ERROR_CONNECTION_REFUSED").unwrap();
    assert_eq!(refused_firefox.code(), 0x804B000D);
    for spelling in [
        "0x804B000D",
        "0x804b000d",
        "0X804B000D",
        "Error code 2152398861",
        "error code 2152398861",
        "2152398861",
        " 2152398861 ",
        "-2142568435",
        "NS_ERROR_GENERATE_FAILURE(6, 13)",
    ] {
        assert_eq!(lookup(spelling), Some(refused_firefox), "{spelling:?}");
    }
    for (a, b) in [
        ("net::ERR_NAME_NOT_RESOLVED", "-105"),
        ("net::ERR_CERT_AUTHORITY_INVALID", "-202"),
        ("NS_ERROR_UNKNOWN_HOST", "0x804B001E"),
        ("NS_ERROR_UNKNOWN_HOST", "Error code 2152398878"),
        ("NS_ERROR_ABORT", "0x80004004"),
        ("NS_ERROR_PHISHING_URI", "0x805d001f"),
    ] {
        assert!(lookup(a).is_some(), "{a}");
        assert_eq!(lookup(a), lookup(b), "{a} vs {b}");
    }
    for error in [
        "net::ERR_CONNECTION_REFUSED",
        "NS_ERROR_CONNECTION_REFUSED",
        "-102",
        "0x804B000D",
    ] {
        assert_eq!(classify(error), Class::ConnectionRefused);
    }
}

#[test]
fn firefox_security_sentences_and_names() {
    let certificate = [
        "Peer’s Certificate has expired.",
        "Peer's Certificate has expired.",
        "Peer’s Certificate issuer is not recognized.",
        "Unable to communicate securely with peer: requested domain name does not match the server’s certificate.",
        "The certificate is not trusted because it is self-signed.",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SEC_ERROR_UNKNOWN_ISSUER)",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SSL_ERROR_BAD_CERT_DOMAIN)",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT)",
        "SEC_ERROR_EXPIRED_CERTIFICATE",
        "0x805A1FF3",
        "0x805A2FF4",
        "0x805A3FF2",
        "0x805a1fe0",
        "Das Zertifikat ist abgelaufen.",
        "Le certificat n’est pas sûr.",
        "El certificado no es de confianza.",
        "証明書の有効期限が切れています。",
    ];
    for error in certificate {
        assert_eq!(classify(error), Class::Certificate, "{error}");
        assert!(lookup(error).is_none());
    }
    let tls = [
        "Cannot communicate securely with peer: no common encryption algorithm(s).",
        "Cannot communicate securely with peer: no common encryption algorithm(s)",
        "SSL peer was unable to negotiate an acceptable set of security parameters.",
        "Peer reports incompatible or unsupported protocol version.",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SSL_ERROR_NO_CYPHER_OVERLAP)",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SSL_ERROR_PROTOCOL_VERSION_ALERT)",
        "SSL_ERROR_RX_RECORD_TOO_LONG",
        "0x805A2FFE",
        "0x805A2F00",
        "0x805A2000",
    ];
    for error in tls {
        assert_eq!(classify(error), Class::Tls, "{error}");
    }
    // The user's own certificate: the server asked for one (no override at stake).
    let client = [
        "SSL peer cannot verify your certificate.",
        "SSL peer rejected your certificate as expired.",
        "Peer does not recognize and trust the CA that issued your certificate.",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SSL_ERROR_BAD_CERT_ALERT)",
        "SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT",
        // What Firefox 153 ESR reported for a TLS 1.3 server that wants one.
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT)",
        "0x805A2FEF",
        "net::ERR_SSL_CLIENT_AUTH_CERT_NEEDED",
        "net::ERR_BAD_SSL_CLIENT_AUTH_CERT",
    ];
    for error in client {
        assert_eq!(classify(error), Class::ClientCertificate, "{error}");
        assert!(classify(error).intercept() && !classify(error).certificate());
    }
    // Known sentences and values explain with their NSS name and code.
    let expired = tls_text::security("Peer’s Certificate has expired.").unwrap();
    assert_eq!(
        (expired.name, expired.code),
        (Some("SEC_ERROR_EXPIRED_CERTIFICATE"), Some(0x805A1FF5))
    );
    let issuer = tls_text::security("0x805A1FF3").unwrap();
    assert_eq!(issuer.name, Some("SEC_ERROR_UNKNOWN_ISSUER"));
    let generated = tls_text::security(
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SEC_ERROR_UNKNOWN_ISSUER)",
    )
    .unwrap();
    assert_eq!(generated.code, Some(0x805A1FF3));
    // Security-module rows of the table are not NSS errors.
    assert_eq!(classify("0x805A0060"), Class::BlockedBySitePolicy);
    assert_eq!(classify("0x805A0001"), Class::Unknown);
}

#[test]
fn unknown_strings_never_panic() {
    let huge = "A".repeat(100 * 1024);
    let huge_sentence = "certificate ".repeat(10_000);
    let huge_name = format!("net::ERR_{}", "X".repeat(100_000));
    let unknown = [
        "",
        "   ",
        "net::",
        "net::ERR_SOMETHING_NEW",
        "NS_ERROR_SOMETHING_NEW",
        "-999",
        "-0",
        "0",
        "102",
        "0x",
        "0x1234567890",
        "0xZZ",
        "99999999999999999999",
        "-99999999999999999999",
        "Error code",
        "Error code x",
        "hello world",
        "garbage!!",
        "NS_ERROR_GENERATE_FAILURE(",
        "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, )",
        "NS_ERROR_GENERATE_FAILURE(99999, 1)",
        "\u{0}\u{FFFF}é漢字",
        "NS_ERROR_NET_ON_SOMETHING",
        "err_connection_refused",
        huge.as_str(),
        huge_sentence.as_str(),
        huge_name.as_str(),
    ];
    for error in unknown {
        assert_eq!(lookup(error), None, "{:.40}", error);
        assert_eq!(classify(error), Class::Unknown, "{:.40}", error);
        let explained = explain(error, &English);
        assert_eq!(explained.class, Class::Unknown);
        assert!(explained.name.is_none());
    }
    // Cut anywhere, in any string: still no panic.
    let text = "net::ERR_CONNECTION_REFUSED Peer’s Certificate 0x804B000D NS_ERROR_GENERATE_FAILURE(6, 13)";
    for (at, _) in text.char_indices() {
        let _ = classify(&text[..at]);
        let _ = classify(&text[at..]);
    }
    // A future Chromium certificate error keeps the browser's page.
    assert_eq!(classify("net::ERR_CERT_SOMETHING_NEW"), Class::Certificate);
}

#[test]
fn interception_is_read_from_every_spelling() {
    for (error, how) in [
        ("net::ERR_TLS13_DOWNGRADE_DETECTED", Interception::Detected),
        ("-180", Interception::Detected),
        (
            "ERR_CERT_KNOWN_INTERCEPTION_BLOCKED",
            Interception::Detected,
        ),
        ("MOZILLA_PKIX_ERROR_MITM_DETECTED", Interception::Detected),
        (
            "Peer’s Certificate issuer is not recognized.",
            Interception::Possible,
        ),
        ("0x805A1FF3", Interception::Possible),
        (
            "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SEC_ERROR_UNKNOWN_ISSUER)",
            Interception::Possible,
        ),
    ] {
        assert_eq!(interception(error), Some(how), "{error}");
    }
    for error in [
        "net::ERR_SSL_PROTOCOL_ERROR",
        "Peer’s Certificate has expired.",
        "net::ERR_CONNECTION_RESET",
        "nonsense",
    ] {
        assert_eq!(interception(error), None, "{error}");
    }
}
