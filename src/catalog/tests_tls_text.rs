//! The security-library text classifier's own checks: case folding and sentences.

use super::*;

#[test]
fn lower_case_agrees_with_std_wherever_it_matters() {
    let words = CERTIFICATE_WORDS.iter().chain(TLS_WORDS);
    let matters =
        |c: char| c.is_ascii_alphanumeric() || c == '_' || words.clone().any(|w| w.contains(c));
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let ours = lower_case(&c.to_string());
        let std: String = c.to_lowercase().collect();
        if ours != std {
            assert!(
                !ours.chars().chain(std.chars()).any(matters),
                "U+{:04X}: {ours} vs {std}",
                u32::from(c)
            );
        }
    }
}

#[test]
fn upper_case_sentences_classify_in_every_script() {
    let certificate = [
        "СЕРТИФИКАТ ПРОСРОЧЕН",
        "ΤΟ ΠΙΣΤΟΠΟΙΗΤΙΚΟ ΕΛΗΞΕ",
        "A TANÚSÍTVÁNY LEJÁRT",
        "CERTIFIKÁT VYPRŠEL",
        "Сертифікат недійсний",
    ];
    for text in certificate {
        assert_eq!(
            from_sentence(text).map(|s| s.class),
            Some(Class::Certificate),
            "{text}"
        );
    }
    for text in [
        "VERSCHLÜSSELUNG FEHLGESCHLAGEN",
        "ШИФР НЕ ПОДДЕРЖИВАЕТСЯ",
        "THE TLS HANDSHAKE",
    ] {
        assert_eq!(
            from_sentence(text).map(|s| s.class),
            Some(Class::Tls),
            "{text}"
        );
    }
    // U+0130 lowers to "i" and a combining dot, as in std: still a boundary.
    assert_eq!(from_sentence("SSLİ"), None);
}
