//! The three subcommands: read the inputs, call the core, say what it decided.

use std::fmt::Write as _;
use std::time::SystemTime;

use chat_autologin::{diagnose, rules, Issuer, Seconds, SignatureCheck, Verifier};
use serde_json::{Map, Value};

use crate::args::{InspectArgs, MintArgs, RuleArgs, VerifyArgs};
use crate::describe;
use crate::input::{self, Secret};
use crate::json;
use crate::Failure;

/// The claims the contract defines, in its order.
const CLAIMS: [&str; 4] = ["email", "displayName", "iat", "exp"];
/// The header fields the contract defines, in its order.
const HEADER: [&str; 2] = ["alg", "typ"];

pub(crate) fn mint(args: &MintArgs) -> Result<String, Failure> {
    let secret = match (&args.secret_env, &args.secret_file) {
        (Some(name), _) => input::from_env(name)?,
        (None, Some(path)) => input::from_file(path)?,
        (None, None) => {
            return Err(Failure::Usage(
                "give the secret with --secret-env VAR or --secret-file PATH".to_owned(),
            ))
        }
    };
    let issuer = Issuer::with_ttl_seconds(&*secret, Seconds::Number(args.ttl))?;
    let minted = issuer.issue(&args.email, &args.name, args.now.map(Seconds::Number))?;
    Ok(format!("{}\n", minted.token))
}

pub(crate) fn verify(args: &VerifyArgs) -> Result<String, Failure> {
    let secrets = input::read_all(&args.secrets.secret_env, &args.secrets.secret_file)?;
    let token = input::token(&args.token)?;
    let verifier = args.rules.apply(verifier(&secrets)?)?;
    let now = clock(args.now)?;
    let claims = verifier.verify_at_seconds(&token, Some(Seconds::Number(now)))?;
    if args.json {
        return Ok(format!("{}\n", json::claims(&claims)));
    }
    let mut out = String::from("valid token\n");
    let row = |out: &mut String, label: &str, value: &str| {
        let _ = writeln!(out, "  {:<13}{value}", format!("{label}:"));
    };
    row(&mut out, "email", &describe::text(&claims.email));
    row(
        &mut out,
        "displayName",
        &describe::text(&claims.display_name),
    );
    row(
        &mut out,
        "iat",
        &time_row(claims.iat, describe::issued(claims.iat, now)),
    );
    row(
        &mut out,
        "exp",
        &time_row(claims.exp, describe::expires(claims.exp, now)),
    );
    if secrets.len() > 1 {
        // Which secret signed it, for rotations: each one checked by the core alone.
        if let Some(secret) = secrets.iter().find(|secret| {
            Verifier::new([&*secret.bytes]).is_ok_and(|v| v.check_signature(&token).is_ok())
        }) {
            row(&mut out, "signed with", &secret.source);
        }
    }
    Ok(out)
}

fn time_row(seconds: f64, relative: String) -> String {
    format!(
        "{}  {}  {relative}",
        describe::number(seconds),
        describe::utc(seconds)
    )
}

pub(crate) fn inspect(args: &InspectArgs) -> Result<String, Failure> {
    let secrets = input::read_all(&args.secret_env, &args.secret_file)?;
    let token = input::token(&args.token)?;
    let now = clock(args.now)?;
    let diagnosis = diagnose(
        &token,
        secrets.iter().map(|secret| &*secret.bytes),
        Some(Seconds::Number(now)),
    )?;
    // Nothing decodes, even after repair: there is nothing to show but the reason.
    if diagnosis.header.is_none() {
        if let Some(error) = diagnosis.verdict.error() {
            return Err(Failure::Refused(error));
        }
    }
    if args.json {
        return Ok(format!("{}\n", diagnosis.to_json()));
    }

    let mut out = String::new();
    let verdict = &diagnosis.verdict;
    let _ = match (verdict.accepted, verdict.code) {
        (Some(true), _) => writeln!(out, "verdict: accepted: {}", verdict.message),
        (None, _) => writeln!(out, "verdict: accepted if signed: {}", verdict.message),
        (Some(false), code) => writeln!(
            out,
            "verdict: REFUSED ({}): {}",
            code.unwrap_or("refused"),
            describe::terminal(&verdict.message)
        ),
    };
    out.push_str("findings\n");
    if diagnosis.findings.is_empty() {
        out.push_str("  none\n");
    }
    for finding in &diagnosis.findings {
        let _ = writeln!(
            out,
            "  {}: {}",
            finding.code,
            describe::terminal(&finding.message)
        );
    }
    let empty = Map::new();
    let header = diagnosis.header.as_ref().unwrap_or(&empty);
    let claims = diagnosis.claims.as_ref().unwrap_or(&empty);
    out.push_str("header (not verified)\n");
    fields(&mut out, header, &HEADER);
    out.push_str("claims (not verified)\n");
    fields(&mut out, claims, &CLAIMS);
    times(&mut out, claims, now);
    match (diagnosis.signature, diagnosis.signer) {
        (SignatureCheck::NotChecked, _) => out.push_str(
            "signature: not checked (give --secret-env VAR or --secret-file PATH to check it)\n",
        ),
        (SignatureCheck::Valid, Some(index)) if secrets.len() > 1 => {
            let _ = writeln!(
                out,
                "signature: valid (signed with {})",
                secrets[index].source
            );
        }
        (SignatureCheck::Valid, _) => out.push_str("signature: valid\n"),
        (SignatureCheck::Invalid, _) => {
            out.push_str("signature: INVALID (it matches none of the secrets given)\n")
        }
    }
    Ok(out)
}

/// The fields of a header or payload, the contract's first, each value as JSON.
fn fields(out: &mut String, map: &Map<String, Value>, known: &[&str]) {
    let known_present = known.iter().filter_map(|key| map.get_key_value(*key));
    let others = map.iter().filter(|(key, _)| !known.contains(&key.as_str()));
    let width = map.keys().map(|key| key.chars().count()).max().unwrap_or(0) + 1;
    for (key, value) in known_present.chain(others) {
        let label = format!("{}:", describe::text(key));
        // JSON escapes control characters but not the bidi ones.
        let value = describe::terminal(&value.to_string()).into_owned();
        let _ = writeln!(out, "  {label:<width$} {value}");
    }
    if map.is_empty() {
        out.push_str("  (empty)\n");
    }
}

/// When the token was issued and expires, and its lifetime, for a person.
fn times(out: &mut String, claims: &Map<String, Value>, now: f64) {
    let _ = writeln!(out, "times (as of {})", describe::utc(now));
    let time = |name: &str| claims.get(name).map(Value::as_f64);
    let iat = time("iat");
    let exp = time("exp");
    for (name, value) in [("iat", iat), ("exp", exp)] {
        let line = match value {
            None => "missing".to_owned(),
            Some(None) => "not a number".to_owned(),
            Some(Some(seconds)) if !(0.0..=rules::MAX_NOW_SECS).contains(&seconds) => format!(
                "{}: not a date in seconds since the epoch (see the findings)",
                describe::number(seconds)
            ),
            Some(Some(seconds)) => {
                let relative = if name == "iat" {
                    describe::issued(seconds, now)
                } else {
                    describe::expires(seconds, now)
                };
                format!("{}, {relative}", describe::utc(seconds))
            }
        };
        let _ = writeln!(out, "  {name}:      {line}");
    }
    if let (Some(Some(iat)), Some(Some(exp))) = (iat, exp) {
        let lifetime = exp - iat;
        let line = if lifetime > 0.0 {
            format!(
                "{} ({} s)",
                describe::span(lifetime),
                describe::number((lifetime * 1000.0).round() / 1000.0)
            )
        } else {
            format!(
                "none: exp is not after iat (by {})",
                describe::span(lifetime)
            )
        };
        let _ = writeln!(out, "  lifetime: {line}");
    }
}

/// A verifier for the secrets given (the core refuses an empty list or a bad secret).
impl RuleArgs {
    /// The verifier with `--leeway` and `--max-lifetime`, as the core judges them.
    pub(crate) fn apply(&self, verifier: Verifier) -> Result<Verifier, Failure> {
        Ok(verifier
            .with_leeway_seconds(Seconds::Number(self.leeway))?
            .with_max_lifetime_seconds(Seconds::Number(self.max_lifetime))?)
    }
}

fn verifier(secrets: &[Secret]) -> Result<Verifier, Failure> {
    Ok(Verifier::new(secrets.iter().map(|secret| &*secret.bytes))?)
}

/// `--now`, checked by the core, or the system clock.
fn clock(now: Option<f64>) -> Result<f64, Failure> {
    Ok(match now {
        Some(now) => rules::now(Seconds::Number(now))?,
        None => rules::now_from_system_time(SystemTime::now())?,
    })
}
