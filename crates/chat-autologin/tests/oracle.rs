//! The `jsonwebtoken` crate as an independent oracle: it accepts every token we
//! mint, and we accept every token it mints.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chat_autologin::{ChatClaims, Issuer, Verifier};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use proptest::prelude::*;

const SECRET: &str = "d2YgJm9SnQh3kXw5ZpLr8TzVb1NcMaUe7Fg0HjKlPqRsTuVwXyZa2Bc4De6Fg8Hi0JkLmNoPqRs";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn validation() -> Validation {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.required_spec_claims = ["exp".to_owned()].into();
    validation
}

fn names() -> impl Strategy<Value = String> {
    // Any Unicode without control characters, not only whitespace.
    "[^\\p{Cc}]{0,40}[^\\p{Cc}\\s][^\\p{Cc}]{0,40}"
}

fn emails() -> impl Strategy<Value = String> {
    "[^\\p{Cc}\\s@]{1,60}@[^\\p{Cc}\\s@]{1,60}"
}

proptest! {
    #[test]
    fn jsonwebtoken_accepts_what_we_mint(email in emails(), name in names(), ttl in 60u64..86_400) {
        let issuer = Issuer::new(SECRET, Duration::from_secs(ttl)).unwrap();
        let token = issuer.mint(&email, &name).unwrap();
        let data = decode::<ChatClaims>(&token, &DecodingKey::from_secret(SECRET.as_bytes()), &validation()).unwrap();
        prop_assert_eq!(data.header.alg, Algorithm::HS256);
        prop_assert_eq!(data.claims.email, email);
        prop_assert_eq!(data.claims.display_name, name);
        prop_assert_eq!(data.claims.exp - data.claims.iat, ttl as f64);
    }

    #[test]
    fn we_accept_what_jsonwebtoken_mints(email in emails(), name in names(), age in 0u64..3_000) {
        let iat = now() - age;
        let claims = ChatClaims { email: email.clone(), display_name: name.clone(), iat: iat as f64, exp: (iat + 3_600) as f64 };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(SECRET.as_bytes())).unwrap();
        let verified = Verifier::new([SECRET]).unwrap().verify(&token).unwrap();
        prop_assert_eq!(verified, claims);
    }
}

#[test]
fn jsonwebtoken_rejects_our_tokens_under_another_secret() {
    let token = Issuer::new(SECRET, Duration::from_secs(300))
        .unwrap()
        .mint("ada@example.com", "Ada")
        .unwrap();
    let other = DecodingKey::from_secret(b"another-secret-that-is-32-bytes-or-longer!");
    assert!(decode::<ChatClaims>(&token, &other, &validation()).is_err());
}

#[test]
fn our_header_is_the_vendors_and_theirs_differs_only_in_order() {
    // jsonwebtoken writes {"typ","alg"}; the vendor's example and we write {"alg","typ"}.
    let ours = Issuer::new(SECRET, Duration::from_secs(300))
        .unwrap()
        .mint("ada@example.com", "Ada")
        .unwrap();
    let header = ours.split('.').next().unwrap();
    assert_eq!(header, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
    let theirs = jsonwebtoken::decode_header(&ours).unwrap();
    assert_eq!(theirs.typ.as_deref(), Some("JWT"));
}

#[test]
fn tags_match_jsonwebtokens_for_keys_around_the_block_size() {
    // Keys longer than SHA-256's 64-byte block are hashed first: by us, into a
    // buffer we wipe, rather than by the hmac crate. The tags must not change.
    let now = UNIX_EPOCH + Duration::from_secs(1_764_115_200);
    for len in [32usize, 63, 64, 65, 76, 128, 200] {
        let secret: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        let token = Issuer::new(&secret, Duration::from_secs(300))
            .unwrap()
            .mint_at("ada@example.com", "Ada", now)
            .unwrap();
        let (signing_input, tag) = token.rsplit_once('.').unwrap();
        let theirs = jsonwebtoken::crypto::sign(
            signing_input.as_bytes(),
            &EncodingKey::from_secret(&secret),
            Algorithm::HS256,
        )
        .unwrap();
        assert_eq!(tag, theirs, "a key of {len} bytes");
        let verified = Verifier::new([&secret])
            .unwrap()
            .verify_at(&token, now)
            .unwrap();
        assert_eq!(verified.email, "ada@example.com");
    }
}
