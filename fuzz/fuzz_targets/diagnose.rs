//! `diagnose` on hostile tokens, damaged pastes and the secrets' usual mistakes.
//!
//! The first byte picks how the rest becomes a token (raw text, signed payload,
//! signed header and payload, or a signed payload pasted with quotes and
//! `Bearer `). The diagnosis must never panic, its verdict must be the
//! verifier's, no finding may repeat the verdict's code or another finding's,
//! and no message may contain a secret.
#![no_main]

use chat_autologin::{diagnose, Seconds};
use chat_autologin_fuzz::{
    b64, sign, split_ff, verifiers, HEADER_B64, NOW, PREVIOUS_SECRET, SECRET,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let token = match mode % 4 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => sign(HEADER_B64, rest, SECRET.as_bytes()),
        2 => {
            let (header, payload) = split_ff(rest);
            sign(&b64(header), payload, SECRET.as_bytes())
        }
        _ => format!(
            "\"Bearer {}\"",
            sign(HEADER_B64, rest, PREVIOUS_SECRET.as_bytes())
        ),
    };
    let (_, both) = verifiers();
    let secrets = [SECRET, PREVIOUS_SECRET];
    let diagnosis =
        diagnose(&token, secrets, Some(Seconds::Number(NOW))).expect("valid secrets and clock");
    let verified = both.verify_at_seconds(&token, Some(Seconds::Number(NOW)));
    assert_eq!(
        verified.as_ref().err().map(|e| e.code()),
        diagnosis.verdict.code,
        "the verdict is not the verifier's"
    );
    let codes = diagnosis.codes();
    for (i, code) in codes.iter().enumerate() {
        assert_ne!(
            Some(*code),
            diagnosis.verdict.code,
            "a finding repeats the verdict"
        );
        assert!(!codes[..i].contains(code), "{code} listed twice");
    }
    let json = diagnosis.to_json();
    let _: serde_json::Value = serde_json::from_str(&json).expect("to_json writes JSON");
    for secret in secrets {
        assert!(!json.contains(secret), "a secret in the diagnosis");
    }
    // Without secrets too.
    let unsigned = diagnose(&token, [""; 0], Some(Seconds::Number(NOW))).expect("valid clock");
    let _ = unsigned.to_json();
});
