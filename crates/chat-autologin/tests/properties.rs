//! Properties: valid input round-trips; hostile input never panics and always
//! fails with one of the contract's codes.

use std::time::{Duration, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chat_autologin::{inspect_unverified, ErrorKind, Issuer, Seconds, Verifier};
use proptest::prelude::*;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-property-tests";

fn names() -> impl Strategy<Value = String> {
    "[^\\p{Cc}]{0,100}[^\\p{Cc}\\s][^\\p{Cc}]{0,100}"
}

fn emails() -> impl Strategy<Value = String> {
    "[^\\p{Cc}\\s@]{1,100}@[^\\p{Cc}\\s@]{1,100}"
        .prop_filter("at most 254 bytes", |e| e.len() <= 254)
}

fn is_contract_code(kind: ErrorKind) -> bool {
    ErrorKind::ALL.contains(&kind)
}

proptest! {
    #[test]
    fn valid_input_round_trips(
        email in emails(),
        name in names().prop_filter("at most 255 characters", |n| n.chars().count() <= 255),
        ttl in 1u32..=86_400,
        now in 0u64..=253_402_300_799 - 86_400,
        fraction in 0.0f64..1.0,
    ) {
        let issuer = Issuer::new(SECRET, Duration::from_secs(ttl.into())).unwrap();
        let minted = issuer.issue(&email, &name, Some(Seconds::Number(now as f64 + fraction))).unwrap();
        prop_assert_eq!(minted.iat, now);
        let claims = Verifier::new([SECRET]).unwrap()
            .verify_at(&minted.token, UNIX_EPOCH + Duration::from_secs(now)).unwrap();
        prop_assert_eq!(claims.email, email);
        prop_assert_eq!(claims.display_name, name);
        prop_assert_eq!(claims.iat, now as f64);
        prop_assert_eq!(claims.exp, (now + u64::from(ttl)) as f64);
    }

    #[test]
    fn arbitrary_strings_never_panic(token in "\\PC{0,300}") {
        let verifier = Verifier::new([SECRET]).unwrap();
        let err = verifier.verify(&token).unwrap_err();
        prop_assert!(is_contract_code(err.kind()));
        if let Err(e) = inspect_unverified(&token) {
            prop_assert!(matches!(e.kind(), ErrorKind::MalformedToken | ErrorKind::TokenTooLarge));
        }
    }

    #[test]
    fn arbitrary_token_shaped_input_never_panics(
        header in proptest::collection::vec(any::<u8>(), 0..80),
        payload in proptest::collection::vec(any::<u8>(), 0..200),
        tag in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let token = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(&header),
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(&tag)
        );
        let err = Verifier::new([SECRET]).unwrap().verify(&token).unwrap_err();
        prop_assert!(is_contract_code(err.kind()));
        if let Ok(inspection) = inspect_unverified(&token) {
            let problems = inspection.problems(Seconds::Number(1e9)).unwrap();
            prop_assert!(problems.iter().all(|p| is_contract_code(p.kind())));
        }
    }

    #[test]
    fn arbitrary_json_payloads_signed_correctly_never_panic(
        payload in "\\{(\"(email|displayName|iat|exp|x)\":(\"[a-z@.]{0,8}\"|-?[0-9]{1,3}(\\.[0-9])?(e[0-9]{1,3})?|null|true|\\[\\]),?){0,6}\\}",
    ) {
        let token = signed(payload.as_bytes());
        let result = Verifier::new([SECRET]).unwrap().verify_at_seconds(&token, Some(Seconds::Number(100.0)));
        if let Err(e) = result {
            prop_assert!(is_contract_code(e.kind()));
        }
    }

    #[test]
    fn arbitrary_secrets_are_accepted_or_refused_cleanly(secret in proptest::collection::vec(any::<u8>(), 0..80)) {
        match Issuer::new(&secret, Duration::from_secs(300)) {
            Ok(issuer) => {
                let shown = format!("{:?}", issuer);
                prop_assert_eq!(shown, "Issuer { secret: \"<redacted>\", ttl: 300 }");
            }
            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::InvalidSecret),
        }
    }
}

fn signed(payload: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let input = format!(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}",
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[test]
fn secrets_never_appear_in_errors_or_debug() {
    let secret = "eyJhbGciOiJIUzI1NiJ9.\"quoted\\secret\"-{json}-that-is-long-enough";
    let issuer = Issuer::new(secret, Duration::from_secs(300)).unwrap();
    let verifier = Verifier::new([secret]).unwrap();
    let token = issuer.mint("ada@example.com", "Ada").unwrap();
    let mut texts = vec![format!("{issuer:?}"), format!("{verifier:?}")];
    for bad in [
        &token[..token.len() - 2],
        "x.y.z",
        &token.replace("eyJ", "eyK"),
    ] {
        let err = verifier.verify(bad).unwrap_err();
        texts.push(format!("{err} {err:?}"));
    }
    for short in ["short", "                                         "] {
        let err = Issuer::new(short, Duration::from_secs(300)).unwrap_err();
        texts.push(format!("{err} {err:?}"));
    }
    for text in texts {
        assert!(!text.contains(secret), "{text}");
        assert!(!text.contains("quoted"), "{text}");
    }
}
