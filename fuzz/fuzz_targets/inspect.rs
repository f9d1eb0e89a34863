//! `inspect_unverified` and `Inspection::problems` on hostile tokens.
//!
//! The first byte picks how the rest becomes a token, as in the `verify`
//! target (raw, signed payload, signed header and payload, structured); the
//! next eight bytes of a raw input are also read as the `now` given to
//! `problems`. Beyond the invariants every error must meet, inspect must agree
//! with verify: the same error for a token that does not decode, and, once the
//! signature is right, verify's error is the first problem inspect lists.
#![no_main]

use chat_autologin::{inspect_unverified, Error, ErrorKind, Seconds};
use chat_autologin_fuzz::arbitrary::{Arbitrary, Unstructured};
use chat_autologin_fuzz::{
    b64, check_error, check_verify_error, sign, split_ff, verifiers, TokenSpec, HEADER_B64,
    MAX_NOW, NOW, PREVIOUS_SECRET, SECRET,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => inspect(&String::from_utf8_lossy(rest), None),
        1 => inspect(&sign(HEADER_B64, rest, SECRET.as_bytes()), None),
        2 => {
            let (header, payload) = split_ff(rest);
            inspect(&sign(&b64(header), payload, SECRET.as_bytes()), None);
        }
        _ => {
            let mut u = Unstructured::new(rest);
            let Ok(now) = f64::arbitrary(&mut u) else {
                return;
            };
            if let Ok(spec) = TokenSpec::arbitrary_take_rest(u) {
                let built = spec.build();
                inspect(&built.token, Some((now, &spec, &built)));
            }
        }
    }
});

fn secrets() -> [&'static [u8]; 2] {
    [SECRET.as_bytes(), PREVIOUS_SECRET.as_bytes()]
}

fn inspect(token: &str, structured: Option<(f64, &TokenSpec, &chat_autologin_fuzz::Built)>) {
    let (_, both) = verifiers();
    let verified = both.verify_at_seconds(token, Some(Seconds::Number(NOW)));
    if let Err(e) = &verified {
        check_verify_error(e, "verify");
    }
    let inspection = match inspect_unverified(token) {
        Ok(inspection) => inspection,
        Err(e) => {
            check_error(&e, &secrets(), "inspect_unverified");
            assert!(
                matches!(
                    e.kind(),
                    ErrorKind::TokenTooLarge | ErrorKind::MalformedToken
                ),
                "inspect_unverified gave {}",
                e.code()
            );
            // Verify reads the same segments in the same order.
            assert_eq!(
                verified.as_ref().map_err(Error::kind).err(),
                Some(e.kind()),
                "inspect says {}, verify {:?}",
                e.code(),
                verified.as_ref().map_err(Error::code)
            );
            if let Some((_, _, built)) = structured {
                assert!(
                    built.expected.is_err(),
                    "a token the contract accepts does not inspect: {}",
                    e.code()
                );
            }
            return;
        }
    };
    // Debug shows the (untrusted) header and claims: it must not panic.
    let _ = format!("{inspection:?}");

    // problems() at the fixed clock, and at a clock of the fuzzer's choosing.
    let problems = inspection
        .problems(Seconds::Number(NOW))
        .expect("the fixed clock is valid");
    for p in &problems {
        check_error(p, &secrets(), "problems");
        assert!(
            matches!(
                p.kind(),
                ErrorKind::MalformedToken
                    | ErrorKind::UnsupportedAlgorithm
                    | ErrorKind::InvalidClaims
                    | ErrorKind::TokenExpired
                    | ErrorKind::TokenNotYetValid
                    | ErrorKind::LifetimeTooLong
            ),
            "problems listed {}",
            p.code()
        );
    }
    let mut kinds: Vec<ErrorKind> = problems.iter().map(Error::kind).collect();
    let before = kinds.len();
    kinds.dedup();
    assert_eq!(before, kinds.len(), "a problem listed twice: {kinds:?}");

    // Verify stops at the first failure; inspect lists them all, without the
    // signature. So a verify error other than a bad signature is the first
    // problem, and a valid token has none.
    match &verified {
        Err(e) if e.kind() == ErrorKind::BadSignature => {
            assert!(
                problems.iter().all(|p| !matches!(
                    p.kind(),
                    ErrorKind::MalformedToken | ErrorKind::UnsupportedAlgorithm
                )),
                "verify got to the signature, yet inspect lists {kinds:?}"
            );
        }
        Err(e) => assert_eq!(
            kinds.first(),
            Some(&e.kind()),
            "verify says {}, inspect lists {kinds:?}",
            e.code()
        ),
        Ok(claims) => {
            assert!(kinds.is_empty(), "verify accepts, inspect lists {kinds:?}");
            assert_eq!(
                inspection.claims.get("email").and_then(|v| v.as_str()),
                Some(claims.email.as_str())
            );
        }
    }

    if let Some((now, spec, built)) = structured {
        // The payload's keys, in order, as written.
        let keys: Vec<&str> = inspection.claims.keys().map(String::as_str).collect();
        assert_eq!(keys, built.payload_keys, "inspect read other keys");
        let _ = spec;
        let at = inspection.problems(Seconds::Number(now));
        let valid_now = now.is_finite() && (0.0..=MAX_NOW).contains(&now);
        match at {
            Ok(list) => {
                assert!(valid_now, "problems accepted now = {now}");
                for p in &list {
                    check_error(p, &secrets(), "problems at now");
                }
            }
            Err(e) => {
                assert!(!valid_now, "problems refused now = {now}: {e}");
                check_error(&e, &secrets(), "problems at now");
                assert_eq!(e.kind(), ErrorKind::InvalidOption);
            }
        }
        let refused = inspection.problems(Seconds::Bool(now > 0.0)).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::InvalidOption);
    }
}
