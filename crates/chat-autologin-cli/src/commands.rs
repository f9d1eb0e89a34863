//! The three subcommands: read the inputs, call the core, say what it decided.

use std::fmt::Write as _;
use std::time::SystemTime;

use chat_autologin::{inspect_unverified, rules, Inspection, Issuer, Seconds, Verifier};
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
    let inspection = inspect_unverified(&token)?;
    let now = clock(args.now)?;
    let problems = inspection.problems(Seconds::Number(now))?;
    let signature = if secrets.is_empty() {
        None
    } else {
        Some(verifier(&secrets)?.check_signature(&token))
    };
    if args.json {
        let problems: Vec<String> = problems.iter().map(json::error_fields).collect();
        let signature = match &signature {
            None => Value::Null,
            Some(Ok(())) => Value::from("valid"),
            Some(Err(_)) => Value::from("invalid"),
        };
        return Ok(format!(
            "{}\n",
            json::object(&[
                ("header", json::ordered(&inspection.header, &HEADER)),
                ("claims", json::ordered(&inspection.claims, &CLAIMS)),
                ("problems", format!("[{}]", problems.join(","))),
                ("signature", signature.to_string()),
            ])
        ));
    }

    let mut out = String::new();
    out.push_str("header (not verified)\n");
    fields(&mut out, &inspection.header, &HEADER);
    out.push_str("claims (not verified)\n");
    fields(&mut out, &inspection.claims, &CLAIMS);
    times(&mut out, &inspection, now);
    out.push_str("problems\n");
    if problems.is_empty() {
        out.push_str(
            "  none: the chat accepts this token if its signature matches the project's secret\n",
        );
    }
    for problem in &problems {
        let _ = writeln!(
            out,
            "  {}: {}",
            problem.code(),
            describe::terminal(problem.message())
        );
    }
    match signature {
        None => out.push_str(
            "signature: not checked (give --secret-env VAR or --secret-file PATH to check it)\n",
        ),
        Some(Ok(())) => out.push_str("signature: valid\n"),
        Some(Err(e)) => {
            let _ = writeln!(
                out,
                "signature: INVALID ({}: {})",
                e.code(),
                describe::terminal(e.message())
            );
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
fn times(out: &mut String, inspection: &Inspection, now: f64) {
    let _ = writeln!(out, "times (as of {})", describe::utc(now));
    let time = |name: &str| inspection.claims.get(name).map(Value::as_f64);
    let iat = time("iat");
    let exp = time("exp");
    for (name, value) in [("iat", iat), ("exp", exp)] {
        let line = match value {
            None => "missing".to_owned(),
            Some(None) => "not a number".to_owned(),
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
                describe::number(lifetime)
            )
        } else {
            format!(
                "none: exp is not after iat ({} s)",
                describe::number(lifetime)
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
