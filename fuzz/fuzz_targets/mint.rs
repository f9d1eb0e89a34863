//! `Issuer::issue` with arbitrary emails, names, ttls, clocks and secrets.
//!
//! The first byte picks the input's form: 0, text fields `email NUL name NUL
//! ttl NUL now NUL secret` (how the seed corpus writes the shared mint
//! vectors); anything else, a structured input from `arbitrary`.
//!
//! The outcome must be the contract's: the first failing rule's code (secret,
//! ttl, now, email, display name), or a token byte-identical to one built
//! independently here, which verifies back to the same claims at that `now`.
#![no_main]

use std::time::Duration;

use chat_autologin::{inspect_unverified, ErrorKind, Issuer, Seconds, Verifier};
use chat_autologin_fuzz::arbitrary::{Arbitrary, Unstructured};
use chat_autologin_fuzz::{b64, check_error, hs256, HEADER_B64, MAX_NOW, NOW, SECRET};
use libfuzzer_sys::fuzz_target;

/// A prefix that every fuzzed secret of the `Marked` kind starts with: should an
/// error message ever quote the secret, this shows in it.
const MARK: &[u8] = b"\x01secret-mark\x02";

#[derive(Arbitrary, Debug)]
enum Email {
    Raw(String),
    Parts(String, String),
}

#[derive(Arbitrary, Debug)]
enum Ttl {
    Duration { secs: u64, nanos: u32 },
    Whole(u32),
    Seconds(Num),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Num {
    Number(f64),
    Bool(bool),
    NearNow(i32),
}

impl Num {
    fn seconds(self) -> Seconds {
        match self {
            Num::Number(n) => Seconds::Number(n),
            Num::Bool(b) => Seconds::Bool(b),
            Num::NearNow(d) => Seconds::Number(NOW + f64::from(d) / 4.0),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Secret {
    Fixed,
    Marked(Vec<u8>),
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    email: Email,
    name: String,
    ttl: Ttl,
    now: Num,
    secret: Secret,
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode == 0 {
        if let Some(input) = text_input(rest) {
            mint(input);
        }
    } else if let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(rest)) {
        mint(input);
    }
});

/// `email NUL name NUL ttl NUL now NUL secret`; ttl and now as numbers (or
/// `true`/`false`), a missing secret is the fixed one.
fn text_input(data: &[u8]) -> Option<Input> {
    let mut fields = data.splitn(5, |&b| b == 0);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let number = |b: &[u8]| -> Option<Num> {
        match std::str::from_utf8(b).ok()?.trim() {
            "true" => Some(Num::Bool(true)),
            "false" => Some(Num::Bool(false)),
            s => s.parse().ok().map(Num::Number),
        }
    };
    let email = Email::Raw(text(fields.next()?));
    let name = text(fields.next()?);
    let ttl = Ttl::Seconds(number(fields.next()?)?);
    let now = number(fields.next()?)?;
    let secret = match fields.next() {
        None => Secret::Fixed,
        Some(raw) => Secret::Raw(raw.to_vec()),
    };
    Some(Input {
        email,
        name,
        ttl,
        now,
        secret,
    })
}

fn mint(input: Input) {
    let secret: Vec<u8> = match &input.secret {
        Secret::Fixed => SECRET.as_bytes().to_vec(),
        Secret::Marked(rest) => [MARK, rest].concat(),
        Secret::Raw(raw) => raw.clone(),
    };
    let email = match &input.email {
        Email::Raw(e) => e.clone(),
        Email::Parts(local, domain) => format!("{local}@{domain}"),
    };
    let name = input.name.as_str();
    let now = input.now.seconds();

    // Only a secret that cannot occur in a message by chance is looked for.
    let watched: Vec<&[u8]> = match &input.secret {
        Secret::Fixed => vec![SECRET.as_bytes()],
        Secret::Marked(_) => vec![MARK, &secret],
        Secret::Raw(_) => vec![],
    };
    let context = format!("mint {input:?}");

    let (issuer, ttl) = match &input.ttl {
        Ttl::Duration { secs, nanos } => {
            let ttl = Duration::new(*secs, nanos % 1_000_000_000);
            (Issuer::new(&secret, ttl), duration_ttl(ttl))
        }
        Ttl::Whole(n) => {
            let ttl = Duration::from_secs(u64::from(*n));
            (Issuer::new(&secret, ttl), duration_ttl(ttl))
        }
        Ttl::Seconds(n) => (
            Issuer::with_ttl_seconds(&secret, n.seconds()),
            seconds_ttl(n.seconds()),
        ),
    };
    let expected = expected(&secret, ttl, now, &email, name);
    let issuer = match issuer {
        Ok(issuer) => issuer,
        Err(e) => {
            check_error(&e, &watched, &context);
            assert_eq!(Err(e.kind()), expected, "{context}: Issuer::new");
            return;
        }
    };
    let debug = format!("{issuer:?}");
    for s in &watched {
        assert!(
            !chat_autologin_fuzz::contains(debug.as_bytes(), s),
            "Debug shows the secret"
        );
    }
    match issuer.issue(&email, name, Some(now)) {
        Err(e) => {
            check_error(&e, &watched, &context);
            assert_eq!(
                Err(e.kind()),
                expected,
                "{context}: issue gave {}",
                e.message()
            );
        }
        Ok(minted) => {
            let Ok(want) = expected else {
                panic!("{context}: minted, the contract says {expected:?}");
            };
            assert_eq!(
                minted.token, want.0,
                "{context}: another token than the contract's"
            );
            assert_eq!((minted.iat, minted.exp), (want.1, want.2), "{context}");
            // It verifies back, with the same secret, at the same clock.
            let verifier = Verifier::new([&secret]).expect("the secret minted");
            let claims = verifier
                .verify_at_seconds(&minted.token, Some(now))
                .unwrap_or_else(|e| panic!("{context}: a minted token fails: {}: {e}", e.code()));
            assert_eq!(claims.email, email);
            assert_eq!(claims.display_name, name);
            assert_eq!(claims.iat, minted.iat as f64);
            assert_eq!(claims.exp, minted.exp as f64);
            let inspection = inspect_unverified(&minted.token).expect("a minted token inspects");
            let problems = inspection.problems(now).expect("now is valid");
            assert!(problems.is_empty(), "{context}: problems {problems:?}");
        }
    }
}

/// The ttl in whole seconds, or `None` where the contract refuses it.
fn duration_ttl(ttl: Duration) -> Option<u64> {
    (ttl.subsec_nanos() == 0 && (1..=86_400).contains(&ttl.as_secs())).then_some(ttl.as_secs())
}

fn seconds_ttl(ttl: Seconds) -> Option<u64> {
    match ttl {
        Seconds::Number(n) if n.fract() == 0.0 && (1.0..=86_400.0).contains(&n) => Some(n as u64),
        _ => None,
    }
}

/// The contract's answer: the token, iat and exp, or the first failing rule.
fn expected(
    secret: &[u8],
    ttl: Option<u64>,
    now: Seconds,
    email: &str,
    name: &str,
) -> Result<(String, u64, u64), ErrorKind> {
    let whitespace_only =
        std::str::from_utf8(secret).is_ok_and(|s| s.chars().all(char::is_whitespace));
    if secret.len() < 32 || whitespace_only {
        return Err(ErrorKind::InvalidSecret);
    }
    let ttl = ttl.ok_or(ErrorKind::InvalidTtl)?;
    let now = match now {
        Seconds::Number(n) if n.is_finite() && (0.0..=MAX_NOW).contains(&n) => n,
        _ => return Err(ErrorKind::InvalidOption),
    };
    let bad_char = |c: char| c.is_whitespace() || c.is_control();
    let ats = email.matches('@').count();
    let (local, domain) = email.split_once('@').unwrap_or(("", ""));
    if !(3..=254).contains(&email.len())
        || email.chars().any(bad_char)
        || ats != 1
        || local.is_empty()
        || domain.is_empty()
    {
        return Err(ErrorKind::InvalidEmail);
    }
    let count = name.chars().count();
    let control = |c: char| matches!(c as u32, 0..=0x1f | 0x7f..=0x9f);
    if !(1..=255).contains(&count)
        || name.chars().all(char::is_whitespace)
        || name.chars().any(control)
    {
        return Err(ErrorKind::InvalidDisplayName);
    }
    let iat = now.floor() as u64;
    let exp = iat + ttl;
    let payload = format!(
        "{{\"email\":{},\"displayName\":{},\"iat\":{iat},\"exp\":{exp}}}",
        serde_json::to_string(email).unwrap(),
        serde_json::to_string(name).unwrap()
    );
    let signing_input = format!("{HEADER_B64}.{}", b64(payload.as_bytes()));
    let tag = hs256(secret, signing_input.as_bytes());
    Ok((format!("{signing_input}.{}", b64(&tag)), iat, exp))
}
