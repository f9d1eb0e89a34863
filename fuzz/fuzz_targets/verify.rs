//! `Verifier::verify_at_seconds` on hostile tokens, at a fixed clock.
//!
//! The first byte picks how the rest becomes a token:
//! 0. the bytes themselves, as UTF-8 (lossily);
//! 1. a payload, signed properly under the canonical header;
//! 2. a header and a payload split at the first 0xFF byte, signed properly;
//! 3. a structured token (see `TokenSpec`) judged against the contract's rules.
//!
//! Every error must carry one of the contract's codes, a message under 400
//! bytes and no secret; every accepted token must satisfy rules 5 to 8.
#![no_main]

use chat_autologin::{inspect_unverified, ErrorKind, Seconds, Verifier};
use chat_autologin_fuzz::arbitrary::{Arbitrary, Unstructured};
use chat_autologin_fuzz::{
    build_verifiers, check_claims_hold, check_verify_error, sign, split_ff, verifiers, TokenSpec,
    HEADER_B64, NOW, PREVIOUS_SECRET, SECRET,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => unstructured(&String::from_utf8_lossy(rest)),
        1 => unstructured(&sign(HEADER_B64, rest, SECRET.as_bytes())),
        2 => {
            let (header, payload) = split_ff(rest);
            let header = chat_autologin_fuzz::b64(header);
            let secret = if rest.len() % 2 == 0 {
                SECRET
            } else {
                PREVIOUS_SECRET
            };
            unstructured(&sign(&header, payload, secret.as_bytes()));
        }
        _ => {
            if let Ok(spec) = TokenSpec::arbitrary_take_rest(Unstructured::new(rest)) {
                structured(&spec);
            }
        }
    }
});

/// Any token: only the invariants.
fn unstructured(token: &str) {
    let (single, both) = verifiers();
    let now = Some(Seconds::Number(NOW));
    let one = single.verify_at_seconds(token, now);
    let two = both.verify_at_seconds(token, now);
    for (result, verifier) in [(&one, &single), (&two, &both)] {
        match result {
            Err(e) => check_verify_error(e, "verify"),
            Ok(claims) => {
                check_claims_hold(claims, NOW, 60.0, 86_400.0);
                accepted_token(token, claims, verifier);
            }
        }
    }
    // A second secret can only turn a bad signature into something else.
    match (&one, &two) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) if a.kind() == b.kind() => {}
        (Err(a), _) => assert_eq!(
            a.kind(),
            ErrorKind::BadSignature,
            "one secret gave {}, two gave {:?}",
            a.code(),
            two.as_ref().map_err(|e| e.code())
        ),
        (Ok(_), Err(b)) => panic!("adding a secret turned a valid token into {}", b.code()),
    }
}

/// What an accepted token must also be.
fn accepted_token(token: &str, claims: &chat_autologin::ChatClaims, verifier: &Verifier) {
    assert!(token.len() <= chat_autologin_fuzz::MAX_TOKEN_BYTES);
    verifier
        .check_signature(token)
        .expect("an accepted token's signature checks");
    let inspection = inspect_unverified(token).expect("an accepted token inspects");
    assert_eq!(
        inspection.claims.get("email").and_then(|v| v.as_str()),
        Some(claims.email.as_str())
    );
    assert_eq!(
        inspection
            .claims
            .get("displayName")
            .and_then(|v| v.as_str()),
        Some(claims.display_name.as_str())
    );
    assert_eq!(inspection.signature_len, 32);
    let problems = inspection
        .problems(Seconds::Number(NOW))
        .expect("the fixed clock is valid");
    if verifier.leeway() == 60.0 && verifier.max_lifetime() == 86_400.0 {
        assert!(
            problems.is_empty(),
            "accepted, yet inspect lists {problems:?}"
        );
    }
    // The same token verifies the same way twice (no state between calls).
    assert_eq!(
        verifier
            .verify_at_seconds(token, Some(Seconds::Number(NOW)))
            .as_ref(),
        Ok(claims)
    );
}

/// A structured token: the result must be exactly what the contract says.
fn structured(spec: &TokenSpec) {
    let built = spec.build();
    let verifiers = build_verifiers(built.options);
    let (single, both) = match (verifiers, built.options_valid) {
        (Ok(v), true) => v,
        (Err(e), false) => {
            check_verify_error_or_option(&e);
            return;
        }
        (Ok(_), false) => panic!("options {:?} were accepted", built.options),
        (Err(e), true) => panic!("options {:?} were refused: {e}", built.options),
    };
    let now = Some(Seconds::Number(NOW));
    let token = &built.token;
    let two = both.verify_at_seconds(token, now);
    let one = single.verify_at_seconds(token, now);

    // With both secrets the verifier holds whatever key signed (but `Wrong`).
    check(&two, &built.expected, &built, "verify (two secrets)");
    // With one, a token signed by the previous secret has a bad signature once
    // it is well formed.
    let expected_one = match (&built.expected, spec.signing) {
        (Err(k), _) if is_before_signature(*k) => Err(*k),
        (_, chat_autologin_fuzz::Signing::Previous) => Err(ErrorKind::BadSignature),
        (e, _) => e.clone(),
    };
    check(&one, &expected_one, &built, "verify (one secret)");
    if let Ok(claims) = &two {
        check_claims_hold(claims, NOW, built.leeway, built.max_lifetime);
        accepted_token(token, claims, &both);
    }
}

fn is_before_signature(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TokenTooLarge | ErrorKind::MalformedToken | ErrorKind::UnsupportedAlgorithm
    )
}

fn check_verify_error_or_option(e: &chat_autologin::Error) {
    chat_autologin_fuzz::check_error(
        e,
        &[SECRET.as_bytes(), PREVIOUS_SECRET.as_bytes()],
        "options",
    );
    assert_eq!(
        e.kind(),
        ErrorKind::InvalidOption,
        "a bad option gave {}",
        e.code()
    );
}

fn check(
    got: &Result<chat_autologin::ChatClaims, chat_autologin::Error>,
    expected: &Result<chat_autologin::ChatClaims, ErrorKind>,
    built: &chat_autologin_fuzz::Built,
    context: &str,
) {
    if let Err(e) = got {
        check_verify_error(e, context);
    }
    match (got, expected) {
        (Ok(claims), Ok(want)) => {
            assert_eq!(claims.email, want.email, "{context}");
            assert_eq!(claims.display_name, want.display_name, "{context}");
            assert_eq!(claims.iat.to_bits(), want.iat.to_bits(), "{context}: iat");
            assert_eq!(claims.exp.to_bits(), want.exp.to_bits(), "{context}: exp");
        }
        (Err(e), Err(kind)) if e.kind() == *kind => {}
        _ => panic!(
            "{context}: got {:?}, the contract says {:?}\n  token {}\n  leeway {} max_lifetime {}",
            got.as_ref().map_err(|e| (e.code(), e.message())),
            expected.as_ref().map_err(|k| k.code()),
            built.token,
            built.leeway,
            built.max_lifetime
        ),
    }
}
