//! Hostile but well-formed input: messages stay short, inspection reads what
//! verification reads, and nothing panics in odd places.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chat_autologin::{inspect_unverified, ErrorKind, Issuer, Verifier};
use hmac::{Hmac, KeyInit, Mac};

const SECRET: &str = "robustness-tests-secret-0123456789abcdef";

fn signed(header: &str, payload: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

#[test]
fn messages_never_quote_kilobytes_of_the_token() {
    let long = "K".repeat(2_500);
    let tokens = [
        signed(HEADER, &format!("\"{}\"", "A".repeat(5_000))),
        signed(&format!("\"{}\"", "B".repeat(3_000)), "{}"),
        signed(HEADER, &format!(r#"{{"{long}":1,"{long}":2}}"#)),
    ];
    let verifier = Verifier::new([SECRET]).unwrap();
    for token in &tokens {
        let verified = verifier.verify(token).unwrap_err();
        let inspected = inspect_unverified(token).unwrap_err();
        for err in [verified, inspected] {
            assert_eq!(err.kind(), ErrorKind::MalformedToken);
            assert!(
                err.message().len() < 300,
                "{} bytes: {}",
                err.message().len(),
                err.message()
            );
        }
    }
}

#[test]
fn huge_numbers_are_shown_briefly() {
    // Found by fuzzing: `{}` of 1e300 is 301 digits.
    let token = signed(
        HEADER,
        r#"{"email":"a@b.c","displayName":"A","iat":1,"exp":1e+300}"#,
    );
    let err = Verifier::new([SECRET])
        .unwrap()
        .verify_at_seconds(&token, Some(2.0.into()))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LifetimeTooLong);
    assert!(
        err.message().contains("lives more than 10000 years"),
        "{}",
        err.message()
    );
    let err = Issuer::with_ttl_seconds(SECRET, 1e300.into()).unwrap_err();
    assert!(err.message().len() < 200, "{}", err.message());
    // And tiny ones: a leeway of 5e-324 s is valid, and is not 330 digits either.
    let early = signed(
        HEADER,
        r#"{"email":"a@b.c","displayName":"A","iat":9,"exp":99}"#,
    );
    let err = Verifier::new([SECRET])
        .unwrap()
        .with_leeway_seconds(5e-324.into())
        .unwrap()
        .verify_at_seconds(&early, Some(2.0.into()))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TokenNotYetValid);
    assert!(err.message().len() < 200, "{}", err.message());
}

#[test]
fn inspection_reads_every_token_that_verification_reads() {
    let payload =
        r#"{"email":"a@b.c","displayName":"A","iat":100,"exp":400,"x":1e400,"y":"\ud83d\ude00"}"#;
    let token = signed(r#"{"alg":"HS256","kid":"\\udc00"}"#, payload);
    let claims = Verifier::new([SECRET])
        .unwrap()
        .verify_at_seconds(&token, Some(200.0.into()))
        .unwrap();
    assert_eq!(claims.exp, 400.0);
    let inspection = inspect_unverified(&token).unwrap();
    assert_eq!(inspection.claims["x"], "1e400");
    assert_eq!(inspection.claims["y"], "\u{1f600}");
    assert_eq!(inspection.header["kid"], "\\udc00");
}

#[test]
fn lone_surrogate_escapes_are_refused_by_verification_and_inspection_alike() {
    let claims = r#""email":"a@b.c","displayName":"A","iat":100,"exp":400"#;
    for (header, payload) in [
        (HEADER, format!(r#"{{{claims},"y":"\ud800"}}"#)),
        (HEADER, format!(r#"{{{claims},"y":["\udc00x"]}}"#)),
        (HEADER, format!(r#"{{{claims},"y":{{"\ud800\u0041":1}}}}"#)),
        (HEADER, format!(r#"{{{claims},"\udbff":1}}"#)),
        (r#"{"alg":"HS256","kid":"\udc00"}"#, format!("{{{claims}}}")),
    ] {
        let token = signed(header, &payload);
        let err = Verifier::new([SECRET])
            .unwrap()
            .verify_at_seconds(&token, Some(200.0.into()))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedToken, "{payload}");
        let err = inspect_unverified(&token).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedToken, "{payload}");
    }
}

#[test]
fn negative_zero_times_come_back_as_zero() {
    let token = signed(
        HEADER,
        r#"{"email":"a@b.c","displayName":"A","iat":-0,"exp":300}"#,
    );
    let claims = Verifier::new([SECRET])
        .unwrap()
        .verify_at_seconds(&token, Some(10.0.into()))
        .unwrap();
    assert!(claims.iat == 0.0 && claims.iat.is_sign_positive());
}

#[test]
fn minting_and_verifying_from_a_thread_local_destructor_does_not_panic() {
    struct MintOnDrop;
    impl Drop for MintOnDrop {
        fn drop(&mut self) {
            let issuer = Issuer::new(SECRET, Duration::from_secs(300)).unwrap();
            let token = issuer.mint("ada@example.com", "Ada").unwrap();
            Verifier::new([SECRET]).unwrap().verify(&token).unwrap();
        }
    }
    thread_local! {
        static GUARD: MintOnDrop = const { MintOnDrop };
    }
    std::thread::spawn(|| {
        // Register the destructor first: thread-locals are destroyed in reverse
        // order, so the crate's buffers, first used below, are gone when it runs.
        GUARD.with(|_| {});
        let issuer = Issuer::new(SECRET, Duration::from_secs(300)).unwrap();
        let token = issuer.mint("ada@example.com", "Ada").unwrap();
        Verifier::new([SECRET]).unwrap().verify(&token).unwrap();
    })
    .join()
    .expect("no panic in the thread or its destructors");
}

#[test]
fn issuer_and_verifier_are_send_sync_clone() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Issuer>();
    shareable::<Verifier>();
    shareable::<chat_autologin::Error>();
}
