//! The secret never shows: not in an error's `Display` or `Debug`, not in the
//! `Debug` of an `Issuer`, a `Verifier`, a `MintedToken`, claims or an
//! `Inspection`, and not in the message of a panic from `unwrap` / `expect` on
//! a result.
//!
//! Each test runs with random 76-character secrets (shaped like the vendor's)
//! and adversarial ones: secrets with JSON's metacharacters (`"`, `\`, `{}`)
//! and Rust's format braces, so that an escaped copy (as `Debug` writes it)
//! would be missed by a plain search, a secret holding a whole token, a secret
//! that starts like every token, non-ASCII text and raw bytes. The search looks
//! for the secret as it is, as `Debug` and JSON would escape it, in hex, in
//! base64 and as `Debug` lists bytes, and for every 16-character piece of its
//! random part (a cut or partial copy). Every adversarial secret has a random
//! part of its own, so no fixed text of a message can match it by chance (a
//! secret such as "the secret is only whitespace" would).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chat_autologin::{
    inspect_unverified, mint_chat_token, verify_chat_token, ErrorKind, Issuer, Seconds, Verifier,
};
use hmac::{Hmac, KeyInit, Mac};
use proptest::prelude::*;

const OTHER_SECRET: &str = "a-secret-of-another-service-desk-that-signs-nothing-here-0123456789";
const NOW: u64 = 1_764_115_200;
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Random letters and digits (std's randomly keyed hasher as the source).
fn random_text(size: usize) -> String {
    let state = RandomState::new();
    (0..size)
        .map(|i| {
            let mut hasher = state.build_hasher();
            hasher.write_usize(i);
            char::from(ALPHABET[(hasher.finish() % ALPHABET.len() as u64) as usize])
        })
        .collect()
}

/// A secret and the random parts of it that no message may hold.
struct Secret {
    label: &'static str,
    bytes: Vec<u8>,
    random_parts: Vec<String>,
}

impl Secret {
    fn text(label: &'static str, text: String, random_parts: Vec<String>) -> Secret {
        Secret {
            label,
            bytes: text.into_bytes(),
            random_parts,
        }
    }

    /// The secret as every common way of writing it would show it.
    fn forms(&self) -> Vec<String> {
        let bytes = &self.bytes;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut forms = vec![
            hex.to_uppercase(),
            hex,
            STANDARD.encode(bytes),
            URL_SAFE_NO_PAD.encode(bytes),
            format!("{bytes:?}").trim_matches(['[', ']']).to_owned(),
            format!("{bytes:x?}").trim_matches(['[', ']']).to_owned(),
            format!("{:?}", String::from_utf8_lossy(bytes))
                .trim_matches('"')
                .to_owned(),
        ];
        if let Ok(text) = std::str::from_utf8(bytes) {
            forms.push(text.to_owned());
            forms.push(format!("{text:?}").trim_matches('"').to_owned());
            forms.push(
                serde_json::to_string(text)
                    .unwrap()
                    .trim_matches('"')
                    .to_owned(),
            );
        }
        forms
    }

    /// Every 16-character piece of the random parts, also in hex and as `Debug` lists bytes.
    fn pieces(&self) -> Vec<String> {
        let mut pieces = Vec::new();
        for part in &self.random_parts {
            for piece in part.as_bytes().windows(16) {
                pieces.push(String::from_utf8(piece.to_vec()).unwrap());
                pieces.push(piece.iter().map(|b| format!("{b:02x}")).collect());
                pieces.push(format!("{piece:?}").trim_matches(['[', ']']).to_owned());
                pieces.push(format!("{piece:x?}").trim_matches(['[', ']']).to_owned());
            }
        }
        pieces
    }

    #[track_caller]
    fn assert_hidden(&self, texts: &[String], place: &str) {
        let forms = self.forms();
        let pieces = self.pieces();
        for text in texts {
            for needle in forms.iter().chain(&pieces) {
                assert!(
                    !text.contains(needle.as_str()),
                    "{place}: the secret ({}) shows in {text:?}",
                    self.label
                );
            }
        }
    }
}

fn adversarial_secrets() -> Vec<Secret> {
    let r: Vec<String> = (0..8).map(|_| random_text(24)).collect();
    let token = mint_chat_token(
        "ada@example.com",
        "Ada",
        Duration::from_secs(300),
        random_text(76),
    )
    .unwrap();
    let unicode_part = random_text(30);
    let mut secrets: Vec<Secret> = (0..3)
        .map(|_| {
            let text = random_text(76);
            Secret::text("random", text.clone(), vec![text])
        })
        .collect();
    let mut raw: Vec<u8> = (0..=255).collect();
    raw.extend_from_slice(r[6].as_bytes());
    secrets.extend([
        Secret::text(
            "JSON metacharacters",
            format!("\"{}\\\"{{}}\\\\{}\"}}{{", r[0], r[1]),
            vec![r[0].clone(), r[1].clone()],
        ),
        Secret::text(
            "a JSON object",
            format!(r#"{{"alg":"none","k":"{}"}}"#, r[2]),
            vec![r[2].clone()],
        ),
        Secret::text(
            "format braces",
            format!("{{}} {{0}} {{:?}} %s {}", r[3]),
            vec![r[3].clone()],
        ),
        Secret::text(
            "a whole token",
            format!("{token}{}", r[4]),
            vec![r[4].clone()],
        ),
        Secret::text(
            "a token's start",
            format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}", r[5]),
            vec![r[5].clone()],
        ),
        Secret::text(
            "non-ASCII",
            format!("Zoë 山田 🦀 {unicode_part} ñ"),
            vec![unicode_part],
        ),
        Secret::text(
            "a trailing newline",
            format!("{}{}\n", r[6], r[7]),
            vec![format!("{}{}", r[6], r[7])],
        ),
        Secret {
            label: "raw bytes",
            bytes: raw,
            random_parts: vec![r[6].clone()],
        },
    ]);
    secrets
}

fn signed(header: &str, payload: &str, secret: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// Everything an error shows.
fn error_texts(err: &chat_autologin::Error) -> Vec<String> {
    vec![
        err.to_string(),
        format!("{err:?}"),
        format!("{err:#?}"),
        err.message().to_owned(),
        err.code().to_owned(),
        format!("{:?}", err.kind()),
    ]
}

/// The errors of every way minting, verifying and inspecting can fail with `secret`.
fn failures(secret: &[u8]) -> Vec<chat_autologin::Error> {
    let at = |secs: u64| UNIX_EPOCH + Duration::from_secs(secs);
    let issuer = Issuer::new(secret, Duration::from_secs(300)).unwrap();
    let verifier = Verifier::new([secret, OTHER_SECRET.as_bytes()]).unwrap();
    let token = issuer.mint_at("ada@example.com", "Ada", at(NOW)).unwrap();
    let long_lived = Issuer::new(secret, Duration::from_secs(86_400))
        .unwrap()
        .mint_at("ada@example.com", "Ada", at(NOW))
        .unwrap();
    let stranger = Issuer::new(OTHER_SECRET.repeat(2), Duration::from_secs(300))
        .unwrap()
        .mint_at("ada@example.com", "Ada", at(NOW))
        .unwrap();
    let claims = format!(
        r#"{{"email":"ada@example.com","displayName":"Ada","iat":{NOW},"exp":{}}}"#,
        NOW + 300
    );
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let tokens = vec![
        String::new(),
        "not-a-token".to_owned(),
        "a.b.c".to_owned(),
        "e".repeat(9_000),
        format!("{token}x"),
        token[..token.len() - 1].to_owned(),
        token.replacen('.', ". ", 1),
        stranger,
        signed(r#"{"alg":"none"}"#, &claims, secret),
        signed(r#"{"alg":"HS512"}"#, &claims, secret),
        signed(r#"{"alg":"HS256","crit":["b64"]}"#, &claims, secret),
        signed(r#"{"alg":"HS256","alg":"none"}"#, &claims, secret),
        signed(
            header,
            r#"{"email":5,"displayName":"Ada","iat":1,"exp":2}"#,
            secret,
        ),
        signed(
            header,
            &claims.replace(&(NOW + 300).to_string(), "1"),
            secret,
        ),
    ];
    let mut errors = Vec::new();
    for bad in &tokens {
        errors.extend(verifier.verify_at(bad, at(NOW)).err());
        errors.extend(verifier.verify(bad).err());
        errors.extend(verifier.check_signature(bad).err());
        errors.extend(verify_chat_token(bad, secret).err());
        errors.extend(inspect_unverified(bad).err());
        if let Ok(inspection) = inspect_unverified(bad) {
            errors.extend(inspection.problems(Seconds::Number(NOW as f64)).unwrap());
        }
    }
    errors.extend(verifier.verify_at(&token, at(NOW + 3_600)).err());
    errors.extend(verifier.verify_at(&token, at(NOW - 3_600)).err());
    errors.extend(
        Verifier::new([secret])
            .unwrap()
            .with_max_lifetime(Duration::from_secs(60))
            .unwrap()
            .verify_at(&long_lived, at(NOW))
            .err(),
    );
    errors.extend(
        Verifier::new([secret])
            .unwrap()
            .with_leeway(Duration::from_secs(301))
            .err(),
    );
    errors.extend(
        verifier
            .verify_at_seconds(&token, Some(Seconds::Number(f64::NAN)))
            .err(),
    );
    errors.extend(Verifier::new([secret, &secret[..20]]).err());
    errors.extend(Verifier::new(Vec::<&[u8]>::new()).err());
    errors.extend(issuer.mint_at("no-at-sign", "Ada", at(NOW)).err());
    errors.extend(issuer.mint_at("ada@example.com", "\n", at(NOW)).err());
    errors.extend(issuer.mint_at("a b@example.com", "Ada", at(NOW)).err());
    errors.extend(
        issuer
            .mint_at("ada@example.com", &"x".repeat(256), at(NOW))
            .err(),
    );
    errors.extend(
        issuer
            .issue("ada@example.com", "Ada", Some(Seconds::Number(-1.0)))
            .err(),
    );
    errors.extend(Issuer::new(secret, Duration::from_secs(0)).err());
    errors.extend(Issuer::with_ttl_seconds(secret, Seconds::Bool(true)).err());
    errors.extend(Issuer::with_ttl_seconds(secret, Seconds::Number(1.5)).err());
    errors.extend(
        mint_chat_token(
            "ada@example.com",
            "Ada",
            Duration::from_secs(86_401),
            secret,
        )
        .err(),
    );
    // The arguments swapped: the secret where the token goes.
    if let Ok(text) = std::str::from_utf8(secret) {
        errors.extend(verify_chat_token(text, token.as_bytes()).err());
        errors.extend(verifier.verify_at(text, at(NOW)).err());
        errors.extend(inspect_unverified(text).err());
    }
    errors
}

#[test]
fn no_error_shows_the_secret() {
    for secret in adversarial_secrets() {
        let errors = failures(&secret.bytes);
        assert!(errors.len() > 60, "{}", errors.len());
        let codes: std::collections::HashSet<ErrorKind> = errors.iter().map(|e| e.kind()).collect();
        assert!(codes.len() >= 12, "{codes:?}");
        for err in &errors {
            secret.assert_hidden(&error_texts(err), "an error");
        }
    }
}

#[test]
fn a_secret_refused_as_too_short_does_not_show_either() {
    for secret in adversarial_secrets() {
        let part = random_text(31);
        for (short, parts) in [
            (&secret.bytes[..31], secret.random_parts.clone()),
            (part.as_bytes(), vec![part.clone()]),
        ] {
            let refused = Secret {
                label: secret.label,
                bytes: short.to_vec(),
                random_parts: parts,
            };
            let errors = [
                Issuer::new(short, Duration::from_secs(300)).unwrap_err(),
                Verifier::new([OTHER_SECRET.as_bytes(), short]).unwrap_err(),
                mint_chat_token("a@b.c", "A", Duration::from_secs(300), short).unwrap_err(),
                verify_chat_token("a.b.c", short).unwrap_err(),
            ];
            for err in &errors {
                assert_eq!(err.kind(), ErrorKind::InvalidSecret);
                refused.assert_hidden(&error_texts(err), "refusing a short secret");
            }
        }
    }
}

#[test]
fn no_debug_output_shows_the_secret() {
    for secret in adversarial_secrets() {
        let issuer = Issuer::new(&secret.bytes, Duration::from_secs(600)).unwrap();
        let verifier = Verifier::new([secret.bytes.as_slice(), OTHER_SECRET.as_bytes()])
            .unwrap()
            .with_leeway(Duration::from_secs(30))
            .unwrap();
        let minted = issuer
            .issue("ada@example.com", "Ada", Some(Seconds::Number(NOW as f64)))
            .unwrap();
        let claims = verifier
            .verify_at(&minted.token, UNIX_EPOCH + Duration::from_secs(NOW))
            .unwrap();
        let inspection = inspect_unverified(&minted.token).unwrap();
        let texts = vec![
            format!("{issuer:?}"),
            format!("{issuer:#?}"),
            format!("{:?}", issuer.clone()),
            format!("{verifier:?}"),
            format!("{verifier:#?}"),
            format!("{:?}", verifier.clone()),
            format!("{minted:?}"),
            format!("{claims:?}"),
            serde_json::to_string(&claims).unwrap(),
            format!("{inspection:?}"),
            format!("{inspection:#?}"),
        ];
        secret.assert_hidden(&texts, "Debug output");
    }
}

/// The message of the panic `f` raises.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .expect("a text payload")
}

#[test]
fn no_panic_message_shows_the_secret() {
    for secret in adversarial_secrets() {
        let short = &secret.bytes[..31];
        let bytes = secret.bytes.as_slice();
        let verifier = Verifier::new([bytes]).unwrap();
        let issuer = Issuer::new(bytes, Duration::from_secs(300)).unwrap();
        let texts = vec![
            panic_message(|| {
                Issuer::new(short, Duration::from_secs(300)).unwrap();
            }),
            panic_message(|| {
                Verifier::new([bytes, short]).expect("the secrets");
            }),
            panic_message(|| {
                verifier.verify("a.b.c").unwrap();
            }),
            panic_message(|| {
                verifier
                    .verify_at(
                        &issuer.mint("ada@example.com", "Ada").unwrap(),
                        UNIX_EPOCH + Duration::from_secs(NOW),
                    )
                    .unwrap();
            }),
            panic_message(|| {
                issuer.mint("not an email", "Ada").unwrap();
            }),
            panic_message(|| {
                let token = issuer.mint("ada@example.com", "Ada").unwrap();
                verify_chat_token(&token, OTHER_SECRET).unwrap();
            }),
            panic_message(|| {
                let claims = verifier
                    .verify(&issuer.mint("ada@example.com", "Ada").unwrap())
                    .unwrap();
                verifier.verify(&claims.email).unwrap();
            }),
        ];
        secret.assert_hidden(&texts, "a panic message");
    }
}

#[test]
fn the_search_finds_the_secret_written_in_any_way() {
    for secret in adversarial_secrets() {
        let bytes = &secret.bytes;
        let mut disguised = vec![
            format!("{bytes:?}"),
            format!("{:x?}", bytes),
            STANDARD.encode(bytes),
            bytes.iter().map(|b| format!("{b:02x}")).collect(),
            format!("prefix {}…", &secret.random_parts[0][3..19]),
            format!("{:?}", String::from_utf8_lossy(bytes)),
        ];
        if let Ok(text) = std::str::from_utf8(bytes) {
            disguised.push(format!("Key({text:?})"));
            disguised.push(serde_json::json!({ "secret": text }).to_string());
        }
        for text in disguised {
            let found = catch_unwind(AssertUnwindSafe(|| {
                secret.assert_hidden(std::slice::from_ref(&text), "a disguised secret");
            }));
            assert!(found.is_err(), "{}: not found in {text:?}", secret.label);
        }
        secret.assert_hidden(
            &["the secret is 20 bytes; it must be at least 32".to_owned()],
            "fixed text",
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any secret of the vendor's shape, in any failure.
    #[test]
    fn any_vendor_shaped_secret_stays_hidden(text in "[A-Za-z0-9]{76}") {
        let secret = Secret::text("a proptest secret", text.clone(), vec![text]);
        for err in failures(&secret.bytes) {
            secret.assert_hidden(&error_texts(&err), "an error");
        }
    }
}
