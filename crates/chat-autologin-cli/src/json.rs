//! JSON output. Keys are written in the contract's order (`email`, `displayName`,
//! `iat`, `exp`), which a `serde_json::Map` would sort away.

use chat_autologin::{ChatClaims, Error};
use serde_json::Value;

/// `{"k":v,…}` with the keys in the order given.
pub(crate) fn object(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(*key)))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// A time in seconds as JSON: whole values without a trailing `.0`, fractions kept.
pub(crate) fn seconds(value: f64) -> Value {
    // 2^53: every whole number up to it is exact in an f64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && (0.0..=EXACT).contains(&value) {
        Value::from(value as u64)
    } else if value.fract() == 0.0 && (-EXACT..0.0).contains(&value) {
        Value::from(value as i64)
    } else {
        // A NaN or an infinity has no JSON form; serde_json writes it as null.
        Value::from(value)
    }
}

/// Verified claims as `{"email","displayName","iat","exp"}`.
pub(crate) fn claims(claims: &ChatClaims) -> String {
    object(&[
        ("email", Value::from(claims.email.as_str()).to_string()),
        (
            "displayName",
            Value::from(claims.display_name.as_str()).to_string(),
        ),
        ("iat", seconds(claims.iat).to_string()),
        ("exp", seconds(claims.exp).to_string()),
    ])
}

/// `{"code","message"}` of an error.
pub(crate) fn error_fields(error: &Error) -> String {
    object(&[
        ("code", Value::from(error.code()).to_string()),
        ("message", Value::from(error.message()).to_string()),
    ])
}

/// The failure document printed on stdout with `--json`, and a newline.
pub(crate) fn error(error: &Error) -> String {
    format!("{}\n", object(&[("error", error_fields(error))]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_have_no_fraction() {
        assert_eq!(seconds(1_700_000_000.0).to_string(), "1700000000");
        assert_eq!(seconds(1_700_000_000.5).to_string(), "1700000000.5");
        assert_eq!(seconds(0.0).to_string(), "0");
        assert_eq!(seconds(1e300).to_string(), "1e+300");
    }

    #[test]
    fn claims_keep_the_contract_order() {
        let claims = ChatClaims {
            email: "ada@example.com".into(),
            display_name: "Ada \"the\" Countess".into(),
            iat: 1.0,
            exp: 2.5,
        };
        assert_eq!(
            super::claims(&claims),
            r#"{"email":"ada@example.com","displayName":"Ada \"the\" Countess","iat":1,"exp":2.5}"#
        );
    }
}
