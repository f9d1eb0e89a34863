//! `make bench`: our mint and verify against the floor (a pre-keyed
//! HMAC-SHA256 of the same signing input plus base64url of the tag) and against
//! the `jsonwebtoken` crate, in one run, then a table of ratios.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chat_autologin::{mint_chat_token, ChatClaims, Issuer, Verifier};
use criterion::Criterion;
use hmac::{Hmac, KeyInit, Mac};

const SECRET: &str = "Xk3q9ZpV7mTn2LwR8sYb4HcJ6fGd1QeA5uKo0iNjMlPrStUvWxYzAbCdEfGhIjKlMnOpQrStUv";
const EMAIL: &str = "ada.lovelace@example.com";
const NAME: &str = "Ada Lovelace";
const GROUP: &str = "hs256";

fn benches(c: &mut Criterion) {
    let issuer = Issuer::new(SECRET, Duration::from_secs(300)).unwrap();
    let verifier = Verifier::new([SECRET]).unwrap();
    let now = SystemTime::now();
    let token = issuer.mint(EMAIL, NAME).unwrap();
    let (signing_input, _) = token.rsplit_once('.').unwrap();
    let floor_key = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();

    let jwt_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    let jwt_encoding = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes());
    let jwt_decoding = jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes());
    let jwt_validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    let iat = now.duration_since(UNIX_EPOCH).unwrap().as_secs() as f64;
    let claims = ChatClaims {
        email: EMAIL.into(),
        display_name: NAME.into(),
        iat,
        exp: iat + 300.0,
    };

    let mut group = c.benchmark_group(GROUP);
    group.bench_function("floor", |b| {
        b.iter(|| {
            let mut mac = floor_key.clone();
            mac.update(black_box(signing_input).as_bytes());
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        })
    });
    group.bench_function("Issuer::mint", |b| {
        b.iter(|| issuer.mint(black_box(EMAIL), black_box(NAME)).unwrap())
    });
    group.bench_function("mint_chat_token", |b| {
        b.iter(|| {
            mint_chat_token(
                black_box(EMAIL),
                black_box(NAME),
                Duration::from_secs(300),
                SECRET,
            )
            .unwrap()
        })
    });
    group.bench_function("Verifier::verify", |b| {
        b.iter(|| verifier.verify_at(black_box(&token), now).unwrap())
    });
    group.bench_function("jsonwebtoken::encode", |b| {
        b.iter(|| jsonwebtoken::encode(&jwt_header, black_box(&claims), &jwt_encoding).unwrap())
    });
    group.bench_function("jsonwebtoken::decode", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<ChatClaims>(black_box(&token), &jwt_decoding, &jwt_validation)
                .unwrap()
        })
    });
    group.finish();
}

/// The median time of one benchmark, in nanoseconds, from the report criterion
/// wrote during this run (at or after `started`). A report that is missing, or
/// left by an earlier run (a filtered run measures only some benchmarks), is an
/// error: a ratio against it would be NaN or mix numbers from two runs.
fn median_ns(dir: &Path, name: &str, started: SystemTime) -> Result<f64, String> {
    let path = dir
        .join(GROUP)
        .join(name.replace("::", "__"))
        .join("new/estimates.json");
    let shown = path.display();
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .map_err(|e| format!("{name}: no estimate at {shown} ({e})"))?;
    if modified < started {
        return Err(format!(
            "{name}: the estimate at {shown} is from an earlier run"
        ));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {shown}: {e}"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{name}: {shown}: {e}"))?;
    json["median"]["point_estimate"]
        .as_f64()
        .filter(|ns| ns.is_finite() && *ns > 0.0)
        .ok_or_else(|| format!("{name}: {shown} has no median"))
}

fn print_ratios(dir: &Path, started: SystemTime) -> Result<(), Vec<String>> {
    let names = [
        "floor",
        "Issuer::mint",
        "mint_chat_token",
        "Verifier::verify",
        "jsonwebtoken::encode",
        "jsonwebtoken::decode",
    ];
    let (mut medians, mut missing) = (std::collections::HashMap::new(), Vec::new());
    for name in names {
        match median_ns(dir, name, started) {
            Ok(ns) => {
                medians.insert(name, ns);
            }
            Err(problem) => missing.push(problem),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let get = |name| medians[name];
    let floor = get("floor");
    let (mint, verify) = (get("Issuer::mint"), get("Verifier::verify"));
    let (encode, decode) = (get("jsonwebtoken::encode"), get("jsonwebtoken::decode"));
    println!("\n| benchmark | median | vs floor | vs jsonwebtoken |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, ns: f64, peer: Option<f64>| {
        let versus = peer.map_or("".to_owned(), |p| format!("{:.2}x faster", p / ns));
        println!("| {name} | {ns:.0} ns | {:.2}x | {versus} |", ns / floor);
    };
    row("floor (HMAC + base64url)", floor, None);
    row("Issuer::mint", mint, Some(encode));
    row("mint_chat_token", get("mint_chat_token"), Some(encode));
    row("Verifier::verify", verify, Some(decode));
    row("jsonwebtoken::encode", encode, None);
    row("jsonwebtoken::decode", decode, None);
    println!(
        "\ntargets: Issuer::mint <= 1.5x floor ({}), Verifier::verify <= 2x floor ({}), both >= 2x faster than jsonwebtoken ({}, {})",
        verdict(mint / floor <= 1.5),
        verdict(verify / floor <= 2.0),
        verdict(encode / mint >= 2.0),
        verdict(decode / verify >= 2.0),
    );
    Ok(())
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

fn main() {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("criterion");
    let mut criterion = Criterion::default()
        .output_directory(&dir)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let started = SystemTime::now();
    benches(&mut criterion);
    criterion.final_summary();
    // `--test` and `--list` measure nothing: there is no table to print.
    if std::env::args().any(|arg| arg == "--test" || arg == "--list") {
        return;
    }
    if let Err(problems) = print_ratios(&dir, started) {
        eprintln!("\nno ratios: every benchmark must be measured in this run");
        for problem in problems {
            eprintln!("  {problem}");
        }
        eprintln!("run `make bench-rust` without a filter");
        std::process::exit(1);
    }
}
