//! Properties judged by a model of the rules, written here from the README's
//! token section and `tests/vectors/README.md` (as the Python and Node property
//! suites do): for any input the model says what must happen, a token or the
//! one error code, and the core must agree.

use std::time::{Duration, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chat_autologin::{inspect_unverified, ChatClaims, ErrorKind, Issuer, Seconds, Verifier};
use proptest::prelude::*;
use proptest::sample::select;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-property-tests";
const OLD_SECRET: &[u8] = b"the-previous-secret-of-this-service-desk-0123456789";
const HEADER: &[u8] = br#"{"alg":"HS256","typ":"JWT"}"#;
const MAX_TTL: f64 = 86_400.0;
const LEEWAY: f64 = 60.0;
const MAX_NOW: f64 = 253_402_300_799.0;
/// The clock of the signed-payload properties.
const CLOCK: f64 = 1_000_000.0;

// --- the model ------------------------------------------------------------------

/// Whitespace: the Unicode White_Space property, written out so that the model
/// does not share the core's definition.
const WHITE_SPACE: [char; 25] = [
    '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
    '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
    '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
];

/// Characters next to the whitespace line that are not on it.
const NOT_WHITE_SPACE: [char; 9] = [
    '\u{1c}', '\u{1d}', '\u{1e}', '\u{1f}', '\u{180e}', '\u{200b}', '\u{2060}', '\u{feff}', 'a',
];

fn white_space(c: char) -> bool {
    WHITE_SPACE.contains(&c)
}

/// Unicode category Cc: U+0000 to U+001F and U+007F to U+009F.
fn control(c: char) -> bool {
    c < '\u{20}' || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// 3–254 bytes, exactly one `@` with something on each side, no whitespace or
/// control characters.
fn email_ok(email: &str) -> bool {
    (3..=254).contains(&email.len())
        && !email.chars().any(|c| white_space(c) || control(c))
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !domain.contains('@'))
}

/// 1–255 characters, no control characters, not only whitespace.
fn name_ok(name: &str) -> bool {
    (1..=255).contains(&name.chars().count())
        && !name.chars().any(control)
        && !name.chars().all(white_space)
}

/// At least 32 bytes, and not UTF-8 text made only of whitespace.
fn secret_ok(secret: &[u8]) -> bool {
    secret.len() >= 32
        && match std::str::from_utf8(secret) {
            Ok(text) => !text.chars().all(white_space),
            Err(_) => true,
        }
}

/// Whole seconds from 1 to 86 400; a bool is never a number of seconds.
fn ttl_ok(ttl: Seconds) -> bool {
    matches!(ttl, Seconds::Number(t) if t.fract() == 0.0 && (1.0..=MAX_TTL).contains(&t))
}

/// The code minting must fail with, checking the email before the name.
fn expected_mint_error(email: &str, name: &str) -> Option<ErrorKind> {
    if !email_ok(email) {
        Some(ErrorKind::InvalidEmail)
    } else if !name_ok(name) {
        Some(ErrorKind::InvalidDisplayName)
    } else {
        None
    }
}

/// The time checks that fail for these claims at `now`, in verification order.
fn time_problems(iat: f64, exp: f64, now: f64) -> Vec<ErrorKind> {
    // Both are finite: `exp <= x` is the negation of the rule's `exp > x`.
    let mut problems = Vec::new();
    if exp <= now - LEEWAY {
        problems.push(ErrorKind::TokenExpired);
    }
    if iat > now + LEEWAY {
        problems.push(ErrorKind::TokenNotYetValid);
    }
    if exp <= iat || exp - iat >= MAX_TTL + 1.0 {
        problems.push(ErrorKind::LifetimeTooLong);
    }
    problems
}

fn is_token_code(kind: ErrorKind) -> bool {
    !kind.is_input_error()
}

// --- strategies -----------------------------------------------------------------

fn names() -> impl Strategy<Value = String> {
    "[^\\p{Cc}]{0,100}[^\\p{Cc}\\s][^\\p{Cc}]{0,100}"
        .prop_filter("at most 255 characters", |n| n.chars().count() <= 255)
}

fn emails() -> impl Strategy<Value = String> {
    "[^\\p{Cc}\\s@]{1,100}@[^\\p{Cc}\\s@]{1,100}"
        .prop_filter("at most 254 bytes", |e| e.len() <= 254)
}

fn text_of(chars: Vec<char>, sizes: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(select(chars), sizes).prop_map(String::from_iter)
}

/// Text of any kind, weighted towards the edges of the email and name rules.
fn any_text() -> impl Strategy<Value = String> {
    let tricky: Vec<char> = "a@b. \t\n\0\u{7f}\u{85}\u{a0}\u{2028}\u{3000}é山🦀"
        .chars()
        .collect();
    let spaces: Vec<char> = WHITE_SPACE.iter().copied().chain(['a']).collect();
    prop_oneof![
        "(?s).{0,300}",
        text_of(tricky, 0..12),
        // Whitespace only, or nearly.
        text_of(spaces, 1..5),
        // Near misses: no '@', two of them, an empty side.
        proptest::collection::vec("[a-z.é]{0,6}", 1..4).prop_map(|parts| parts.join("@")),
        // Near the limits of 3 and 254 bytes, in one- and two-byte characters.
        (
            select(vec![0usize, 1, 2, 250, 251, 252, 253, 254, 255, 256, 510]),
            select(vec!['a', 'é'])
        )
            .prop_map(|(size, c)| c.to_string().repeat(size / c.len_utf8()) + "@b"),
        // Near the limit of 255 characters.
        "[^\\p{Cc}]{250,260}",
        emails(),
        names(),
    ]
}

/// Secrets of any kind, weighted towards the length and whitespace rules.
fn any_secret() -> impl Strategy<Value = Vec<u8>> {
    let near_the_line: Vec<char> = WHITE_SPACE
        .iter()
        .chain(&NOT_WHITE_SPACE)
        .copied()
        .collect();
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..80),
        "(?s).{0,40}".prop_map(String::into_bytes),
        text_of(WHITE_SPACE.to_vec(), 8..40).prop_map(String::into_bytes),
        text_of(near_the_line, 8..40).prop_map(String::into_bytes),
    ]
}

fn any_seconds() -> impl Strategy<Value = Seconds> {
    prop_oneof![
        any::<f64>().prop_map(Seconds::Number),
        (-10i64..90_000).prop_map(|n| Seconds::Number(n as f64)),
        (-10.0f64..90_000.0).prop_map(Seconds::Number),
        select(vec![
            -0.0,
            0.0,
            0.5,
            1.0,
            300.0,
            300.5,
            86_400.0,
            86_400.5,
            86_401.0,
            MAX_NOW,
            MAX_NOW + 1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            -5e-324,
        ])
        .prop_map(Seconds::Number),
        any::<bool>().prop_map(Seconds::Bool),
    ]
}

// --- payloads built as JSON text ------------------------------------------------

/// A JSON number, written out, that may break JSON's grammar (a leading zero).
#[derive(Clone, Debug)]
enum Number {
    /// The clock plus a number of seconds, whole or and a half.
    Time { delta: i32, half: bool },
    /// `[-][0]int[.frac][e exp]`: with the extra 0, not JSON.
    Raw {
        negative: bool,
        leading_zero: bool,
        int: u32,
        frac: Option<u16>,
        exp: Option<i16>,
    },
}

impl Number {
    fn text(&self) -> String {
        match *self {
            Number::Time { delta, half } => {
                format!(
                    "{}{}",
                    CLOCK as i64 + i64::from(delta),
                    if half { ".5" } else { "" }
                )
            }
            Number::Raw {
                negative,
                leading_zero,
                int,
                frac,
                exp,
            } => {
                let mut text = String::new();
                if negative {
                    text.push('-');
                }
                if leading_zero {
                    text.push('0');
                }
                text.push_str(&int.to_string());
                if let Some(frac) = frac {
                    text.push_str(&format!(".{frac}"));
                }
                if let Some(exp) = exp {
                    text.push_str(&format!("e{exp}"));
                }
                text
            }
        }
    }

    fn is_json(&self) -> bool {
        !matches!(
            self,
            Number::Raw {
                leading_zero: true,
                ..
            }
        )
    }

    /// The number's value: the nearest double, infinite past the largest.
    fn value(&self) -> f64 {
        self.text().parse().expect("a decimal number")
    }
}

#[derive(Clone, Debug)]
enum Json {
    Str(String),
    Num(Number),
    Null,
    Bool(bool),
    EmptyArray,
}

impl Json {
    fn text(&self) -> String {
        match self {
            Json::Str(s) => serde_json::to_string(s).expect("a string"),
            Json::Num(n) => n.text(),
            Json::Null => "null".to_owned(),
            Json::Bool(b) => b.to_string(),
            Json::EmptyArray => "[]".to_owned(),
        }
    }
}

fn numbers() -> impl Strategy<Value = Number> {
    let deltas = prop_oneof![
        -100i32..=100,
        -90_000i32..=90_000,
        select(vec![
            -86_461, -86_460, -86_401, -86_400, -61, -60, -59, 59, 60, 61, 86_400
        ]),
    ];
    prop_oneof![
        4 => (deltas, proptest::bool::weighted(0.2))
            .prop_map(|(delta, half)| Number::Time { delta, half }),
        1 => (
            any::<bool>(),
            proptest::bool::weighted(0.1),
            0u32..2_000_000,
            proptest::option::of(any::<u16>()),
            proptest::option::of(-400i16..400),
        )
            .prop_map(|(negative, leading_zero, int, frac, exp)| Number::Raw {
                negative,
                leading_zero,
                int,
                frac,
                exp,
            }),
    ]
}

fn strings() -> impl Strategy<Value = String> {
    prop_oneof!["(?s).{0,12}", emails()]
}

fn json_values() -> impl Strategy<Value = Json> {
    prop_oneof![
        strings().prop_map(Json::Str),
        numbers().prop_map(Json::Num),
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        Just(Json::EmptyArray),
    ]
}

/// A payload: its members in order and whether a trailing comma follows them.
#[derive(Clone, Debug)]
struct Payload {
    members: Vec<(&'static str, Json)>,
    trailing_comma: bool,
}

impl Payload {
    fn text(&self) -> String {
        let members: Vec<String> = self
            .members
            .iter()
            .map(|(key, value)| format!("\"{key}\":{}", value.text()))
            .collect();
        let comma = if self.trailing_comma { "," } else { "" };
        format!("{{{}{comma}}}", members.join(","))
    }

    fn get(&self, key: &str) -> Option<&Json> {
        self.members.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// What verification at `now` must give: the claims, or the first error.
    /// Also the full list inspection reports.
    fn expected(&self, now: f64) -> (Result<ChatClaims, ErrorKind>, Vec<ErrorKind>) {
        let mut keys: Vec<&str> = self.members.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let duplicate = keys.windows(2).any(|w| w[0] == w[1]);
        let bad_number = self
            .members
            .iter()
            .any(|(_, v)| matches!(v, Json::Num(n) if !n.is_json()));
        if self.trailing_comma || duplicate || bad_number {
            return (
                Err(ErrorKind::MalformedToken),
                vec![ErrorKind::MalformedToken],
            );
        }
        let string = |key| match self.get(key) {
            Some(Json::Str(s)) => Some(s.clone()),
            _ => None,
        };
        let time = |key| match self.get(key) {
            Some(Json::Num(n)) => Some(n.value()).filter(|t| t.is_finite() && *t >= 0.0),
            _ => None,
        };
        let (Some(email), Some(display_name), Some(iat), Some(exp)) = (
            string("email"),
            string("displayName"),
            time("iat"),
            time("exp"),
        ) else {
            return (
                Err(ErrorKind::InvalidClaims),
                vec![ErrorKind::InvalidClaims],
            );
        };
        let problems = time_problems(iat, exp, now);
        let verified = match problems.first() {
            Some(kind) => Err(*kind),
            None => Ok(ChatClaims {
                email,
                display_name,
                iat,
                exp,
            }),
        };
        (verified, problems)
    }
}

fn payloads() -> impl Strategy<Value = Payload> {
    let keys = select(vec!["email", "displayName", "iat", "exp", "x"]);
    let anything = proptest::collection::vec((keys, json_values()), 0..7);
    // An exp at the lifetime's edges from iat: (whole seconds, and a half).
    let lifetimes = proptest::option::of(select(vec![
        (0, false),
        (0, true),
        (-1, true),
        (300, false),
        (86_400, false),
        (86_400, true),
        (86_401, false),
    ]));
    // The four claims with the right types, in any order, maybe with extras.
    let claims = (
        strings(),
        strings(),
        numbers(),
        numbers(),
        lifetimes,
        proptest::collection::vec(json_values(), 0..2),
    )
        .prop_map(|(email, name, iat, exp, lifetime, extras)| {
            let exp = match (&iat, lifetime) {
                (Number::Time { delta, half }, Some((seconds, plus_half))) => Number::Time {
                    delta: delta + seconds + i32::from(*half && plus_half),
                    half: *half != plus_half,
                },
                _ => exp,
            };
            let mut members = vec![
                ("email", Json::Str(email)),
                ("displayName", Json::Str(name)),
                ("iat", Json::Num(iat)),
                ("exp", Json::Num(exp)),
            ];
            members.extend(extras.into_iter().map(|v| ("x", v)));
            members
        })
        .prop_shuffle();
    (
        prop_oneof![1 => anything, 3 => claims],
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(members, trailing_comma)| Payload {
            members,
            trailing_comma,
        })
}

fn signed(payload: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(HEADER),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn kind<T>(result: chat_autologin::Result<T>) -> Result<T, ErrorKind> {
    result.map_err(|e| e.kind())
}

// --- the properties -------------------------------------------------------------

proptest! {
    #[test]
    fn valid_input_round_trips(
        email in emails(),
        name in names(),
        ttl in 1u32..=86_400,
        now in 0u64..=253_402_300_799 - 86_400,
        fraction in 0.0f64..1.0,
        secret in any_secret().prop_filter("a valid secret", |s| secret_ok(s)),
    ) {
        let issuer = Issuer::new(&secret, Duration::from_secs(ttl.into())).unwrap();
        let minted = issuer.issue(&email, &name, Some(Seconds::Number(now as f64 + fraction))).unwrap();
        prop_assert_eq!(minted.iat, now);
        prop_assert_eq!(minted.exp, now + u64::from(ttl));
        // The contract's bytes: the fixed header, compact UTF-8 JSON in key order.
        let payload = format!(
            "{{\"email\":{},\"displayName\":{},\"iat\":{now},\"exp\":{}}}",
            serde_json::to_string(&email).unwrap(),
            serde_json::to_string(&name).unwrap(),
            now + u64::from(ttl)
        );
        let segments: Vec<&str> = minted.token.split('.').collect();
        prop_assert_eq!(URL_SAFE_NO_PAD.decode(segments[0]).unwrap(), HEADER);
        prop_assert_eq!(
            URL_SAFE_NO_PAD.decode(segments[1]).unwrap(),
            payload.into_bytes()
        );
        prop_assert_eq!(URL_SAFE_NO_PAD.decode(segments[2]).unwrap().len(), 32);
        let claims = Verifier::new([OLD_SECRET, secret.as_slice()]).unwrap()
            .verify_at(&minted.token, UNIX_EPOCH + Duration::from_secs(now)).unwrap();
        prop_assert_eq!(claims, ChatClaims {
            email, display_name: name, iat: now as f64, exp: (now + u64::from(ttl)) as f64,
        });
    }

    #[test]
    fn any_email_and_name_are_judged_by_the_model(email in any_text(), name in any_text()) {
        let issuer = Issuer::new(SECRET, Duration::from_secs(300)).unwrap();
        let verifier = Verifier::new([SECRET]).unwrap();
        let now = Seconds::Number(1_764_115_200.0);
        for (email, name) in [(email.as_str(), "Ada"), ("ada@example.com", name.as_str()), (email.as_str(), name.as_str())] {
            let got = kind(issuer.issue(email, name, Some(now)));
            match expected_mint_error(email, name) {
                Some(code) => prop_assert_eq!(got.unwrap_err(), code),
                None => {
                    let minted = got.unwrap();
                    let claims = verifier.verify_at_seconds(&minted.token, Some(now)).unwrap();
                    prop_assert_eq!((claims.email.as_str(), claims.display_name.as_str()), (email, name));
                }
            }
        }
    }

    #[test]
    fn any_secret_is_judged_by_the_model(secret in any_secret()) {
        let constructors = [
            Issuer::new(&secret, Duration::from_secs(300)).map(|issuer| {
                // A valid secret works, and never shows.
                assert_eq!(format!("{issuer:?}"), "Issuer { secret: \"<redacted>\", ttl: 300 }");
                let token = issuer.issue("a@b.c", "A", Some(Seconds::Number(1e9))).unwrap().token;
                Verifier::new([SECRET, secret.as_slice()]).unwrap()
                    .verify_at_seconds(&token, Some(Seconds::Number(1e9))).unwrap();
            }),
            Verifier::new([&secret]).map(drop),
            Verifier::new([SECRET, secret.as_slice()]).map(drop),
        ];
        for got in constructors {
            if secret_ok(&secret) {
                prop_assert!(got.is_ok(), "{:?} refused: {:?}", secret, got);
            } else {
                prop_assert_eq!(kind(got), Err(ErrorKind::InvalidSecret), "{:?}", secret);
            }
        }
    }

    #[test]
    fn any_ttl_is_judged_by_the_model(ttl in any_seconds()) {
        let got = kind(Issuer::with_ttl_seconds(SECRET, ttl));
        if ttl_ok(ttl) {
            let issuer = got.unwrap();
            let minted = issuer.issue("a@b.c", "A", Some(Seconds::Number(1e9))).unwrap();
            prop_assert_eq!(Seconds::Number((minted.exp - minted.iat) as f64), ttl);
            prop_assert_eq!(issuer.ttl().as_secs() as f64, (minted.exp - minted.iat) as f64);
        } else {
            prop_assert_eq!(got.unwrap_err(), ErrorKind::InvalidTtl);
        }
    }

    #[test]
    fn any_option_is_judged_by_the_model(
        now in any_seconds(),
        leeway in any_seconds(),
        max_lifetime in any_seconds(),
    ) {
        let within = |value: Seconds, low: f64, high: f64| {
            matches!(value, Seconds::Number(x) if (low..=high).contains(&x))
        };
        let issuer = Issuer::new(SECRET, Duration::from_secs(300)).unwrap();
        let minted = kind(issuer.issue("a@b.c", "A", Some(now)));
        prop_assert_eq!(minted.is_ok(), within(now, 0.0, MAX_NOW), "{:?}", minted);
        if let Err(code) = minted {
            prop_assert_eq!(code, ErrorKind::InvalidOption);
        }
        let verifier = kind(
            Verifier::new([SECRET])
                .and_then(|v| v.with_leeway_seconds(leeway))
                .and_then(|v| v.with_max_lifetime_seconds(max_lifetime)),
        );
        let options_ok = within(leeway, 0.0, 300.0) && within(max_lifetime, 1.0, MAX_TTL);
        prop_assert_eq!(verifier.is_ok(), options_ok);
        if let Err(code) = verifier {
            prop_assert_eq!(code, ErrorKind::InvalidOption);
        }
    }

    #[test]
    fn any_text_as_a_token_is_refused_by_the_model(
        token in prop_oneof![
            "\\PC{0,300}",
            "[A-Za-z0-9_=+/ -]{0,60}(\\.[A-Za-z0-9_=+/ -]{0,60}){0,4}",
            (8_100usize..9_000).prop_map(|n| "e".repeat(n)),
        ],
    ) {
        // Size, then three segments; past those, a token nobody signed can
        // only fail on its structure, header or signature.
        let expected = if token.len() > 8192 {
            vec![ErrorKind::TokenTooLarge]
        } else if token.matches('.').count() != 2 {
            vec![ErrorKind::MalformedToken]
        } else {
            vec![ErrorKind::MalformedToken, ErrorKind::UnsupportedAlgorithm, ErrorKind::BadSignature]
        };
        let verifier = Verifier::new([SECRET, OLD_SECRET]).unwrap();
        let code = kind(verifier.verify_at_seconds(&token, Some(Seconds::Number(1e9)))).unwrap_err();
        prop_assert!(expected.contains(&code), "{:?} for {:?}", code, token);
        match kind(inspect_unverified(&token)) {
            Err(code) => prop_assert!(
                expected.contains(&code) && matches!(code, ErrorKind::MalformedToken | ErrorKind::TokenTooLarge)
            ),
            Ok(_) => prop_assert_eq!(expected.len(), 3),
        }
    }

    #[test]
    fn token_shaped_input_without_a_valid_signature_is_refused_by_the_model(
        header in prop_oneof![Just(HEADER.to_vec()), proptest::collection::vec(any::<u8>(), 0..80)],
        structured in proptest::option::of(payloads()),
        random in proptest::collection::vec(any::<u8>(), 0..200),
        tag in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let payload = structured.as_ref().map_or(random, |p| p.text().into_bytes());
        let token = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(&header),
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(&tag)
        );
        let code = kind(Verifier::new([SECRET]).unwrap().verify(&token)).unwrap_err();
        // The signature is checked before the claims and the clock.
        prop_assert!(
            matches!(code, ErrorKind::MalformedToken | ErrorKind::UnsupportedAlgorithm | ErrorKind::BadSignature),
            "{:?}", code
        );
        if let (true, Some(structured)) = (header == HEADER, &structured) {
            // A sound header and a payload the model judges: the payload's
            // structure, then the tag decide.
            let expected = match structured.expected(CLOCK).0 {
                Err(ErrorKind::MalformedToken) => ErrorKind::MalformedToken,
                _ => ErrorKind::BadSignature,
            };
            prop_assert_eq!(code, expected, "{}", structured.text());
        }
        if let Ok(inspection) = inspect_unverified(&token) {
            let problems = inspection.problems(Seconds::Number(1e9)).unwrap();
            prop_assert!(problems.iter().all(|p| is_token_code(p.kind())));
        }
    }

    #[test]
    fn signed_payloads_are_judged_by_the_model(payload in payloads()) {
        let token = signed(payload.text().as_bytes());
        let (expected, problems) = payload.expected(CLOCK);
        let got = kind(Verifier::new([SECRET]).unwrap().verify_at_seconds(&token, Some(Seconds::Number(CLOCK))));
        prop_assert_eq!(&got, &expected, "{}", payload.text());
        match kind(inspect_unverified(&token)) {
            Ok(inspection) => {
                let found: Vec<ErrorKind> = inspection
                    .problems(Seconds::Number(CLOCK))
                    .unwrap()
                    .iter()
                    .map(|p| p.kind())
                    .collect();
                prop_assert_eq!(found, problems, "{}", payload.text());
            }
            Err(code) => prop_assert_eq!(vec![code], problems),
        }
    }
}

#[test]
fn the_models_whitespace_is_unicode_white_space() {
    // The model's list is the Unicode White_Space property, which Rust's
    // char::is_whitespace implements: not Python's isspace() (U+001C..U+001F).
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(white_space(c), c.is_whitespace(), "U+{:04X}", c as u32);
    }
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
