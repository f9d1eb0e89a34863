//! Properties of `diagnose` over generated tokens: it never panics, its verdict
//! is always the verifier's, and no message shows the secret.

use std::time::{Duration, UNIX_EPOCH};

use chat_autologin::{diagnose, Issuer, Seconds, Verifier};
use proptest::prelude::*;

const SECRET: &str = "diagnose-property-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH";
const OTHER: &str = "diagnose-property-other-secret-0123456789-abcdefghijklmnopqrstuvwxyz-AB";

fn token(email: &str, name: &str, ttl: u64, at: u64) -> Option<String> {
    Issuer::new(SECRET, Duration::from_secs(ttl))
        .ok()?
        .mint_at(email, name, UNIX_EPOCH + Duration::from_secs(at))
        .ok()
}

fn check(token: &str, secrets: &[&str], now: f64) -> Result<(), TestCaseError> {
    let diagnosis = diagnose(token, secrets, Some(Seconds::Number(now))).unwrap();
    if !secrets.is_empty() {
        let verified = Verifier::new(secrets)
            .unwrap()
            .verify_at_seconds(token, Some(Seconds::Number(now)));
        prop_assert_eq!(verified.err().map(|e| e.code()), diagnosis.verdict.code);
    }
    let json = diagnosis.to_json();
    prop_assert!(!json.contains(SECRET) && !json.contains(OTHER));
    for finding in &diagnosis.findings {
        prop_assert_ne!(Some(finding.code), diagnosis.verdict.code);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_string_is_diagnosed(text in ".{0,300}", now in 0.0f64..4e9) {
        check(&text, &[SECRET], now)?;
        check(&text, &[], now)?;
    }

    #[test]
    fn damaged_tokens_are_diagnosed(
        ttl in 1u64..90_000,
        at in 0u64..3_000_000_000,
        skew in -200_000.0f64..200_000.0,
        cut in 0usize..400,
        junk in "[ \"'%.A-Za-z0-9_\\-\n]{0,3}",
        signer in 0usize..2,
    ) {
        let Some(token) = token("ada@example.com", "Ada Lovelace", ttl, at) else {
            return Ok(());
        };
        let now = (at as f64 + skew).max(0.0);
        let cut = cut.min(token.len());
        let damaged = format!("{}{junk}{}", &token[..cut], &token[cut..]);
        let secrets: &[&str] = if signer == 0 { &[SECRET] } else { &[OTHER, SECRET] };
        check(&token, secrets, now)?;
        check(&damaged, secrets, now)?;
        check(&format!("\"Bearer {damaged}\""), secrets, now)?;
    }
}
