#!/usr/bin/env python3
"""Write tests/vectors/diagnose.json: tokens with the usual mistakes, and the
verdict and finding codes a diagnosis must give for each.

Every token is assembled here with the Python standard library only (hmac,
hashlib, base64, json), making each mistake on purpose, never with the code under
test. Run:  python3 tests/vectors/generate_diagnose.py
The output is deterministic. Writes only diagnose.json next to this file.
"""

import base64
import hashlib
import hmac
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "diagnose.json")

NOW = 1700000100
S = "diagnose-vector-secret-current-AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789-abcdefg"
OLD = "diagnose-vector-secret-previous-ZyXwVuTsRqPoNmLkJiHgFeDcBa-9876543210-zyxwvu"
OTHER = "diagnose-vector-secret-of-another-project-0123456789-ABCDEFGHIJKLMNOPQRSTUVW"
# A secret that is also valid base64 (76 characters of the base64 alphabet),
# and one that is also valid hex: the two decodings people do by mistake.
S_B64 = "QmFzZTY0U2VjcmV0Rm9yRGlhZ25vc2lzVmVjdG9yc0FiQ2RFZkdoSWpLbE1uT3BRclN0VXZXeFla"
S_HEX = "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e0b2d4f6a8c0e1f3b5d7a9c1e3f5b7d9a"
for secret in (S, OLD, OTHER, S_B64):
    assert len(secret) == 76, (secret, len(secret))
assert len(S_HEX) == 64
SHORT = "diagnose-short-secret-31-bytes!"
assert len(SHORT) == 31

HDR = {"alg": "HS256", "typ": "JWT"}


def b64(data):
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(value, **options):
    """Compact UTF-8 JSON, as the contract writes headers and payloads."""
    return json.dumps(
        value, separators=(",", ":"), ensure_ascii=False, **options
    ).encode()


def key_bytes(secret):
    return secret.encode() if isinstance(secret, str) else secret


def sign(signing_input, secret, alg=hashlib.sha256):
    return b64(hmac.new(key_bytes(secret), signing_input.encode(), alg).digest())


def tok(payload, secret, header=HDR, raw_payload=None, raw_header=None):
    """A signed token; raw_* give a part's exact bytes instead of compact JSON."""
    h = b64(raw_header if raw_header is not None else compact(header))
    p = b64(raw_payload if raw_payload is not None else compact(payload))
    return h + "." + p + "." + sign(h + "." + p, secret)


def resent(signed_header, signed_payload, sent_header, sent_payload, secret):
    """Signed over one pair of bytes, sent with another: a library rewrote a part."""
    signature = sign(b64(signed_header) + "." + b64(signed_payload), secret)
    return b64(sent_header) + "." + b64(sent_payload) + "." + signature


def claims(iat=NOW - 100, exp=NOW + 200, email="ada@example.com", name="Ada Lovelace"):
    return {"email": email, "displayName": name, "iat": iat, "exp": exp}


ADA = claims()
T1 = tok(ADA, S)
EXPIRED = claims(iat=NOW - 11000, exp=NOW - 10700)
T_EXPIRED = tok(EXPIRED, S)

cases = []


def case(id_, description, token, secrets, accepted, code, findings, signature=None):
    if signature is None:
        signature = "not_checked" if not secrets else None
    assert signature is not None, id_
    cases.append(
        {
            "id": "diagnose-" + id_,
            "description": description,
            "token": token,
            "secrets": secrets,
            "now": NOW,
            "verdict": {"accepted": accepted, "code": code},
            "signature": signature,
            "findings": findings,
        }
    )


def error_case(id_, description, token, secrets, now, code):
    cases.append(
        {
            "id": "diagnose-" + id_,
            "description": description,
            "token": token,
            "secrets": secrets,
            "now": now,
            "error": code,
        }
    )


# ---- the verdict alone
case(
    "valid",
    "a good token and its secret: accepted, nothing found",
    T1,
    [S],
    True,
    None,
    [],
    "valid",
)
case(
    "valid-no-secret",
    "a good token without a secret: accepted if the signature matches, nothing found",
    T1,
    [],
    None,
    None,
    [],
)
case(
    "expired",
    "an expired token: token_expired and nothing else",
    T_EXPIRED,
    [S],
    False,
    "token_expired",
    [],
    "valid",
)
case(
    "wrong-project",
    "signed with another project's secret and no usual mistake: bad_signature alone",
    tok(ADA, OTHER),
    [S],
    False,
    "bad_signature",
    [],
    "invalid",
)
case(
    "bad-signature-and-expired",
    "a bad signature is the verdict; the expiry is listed after it",
    tok(EXPIRED, OTHER),
    [S],
    False,
    "bad_signature",
    ["token_expired"],
    "invalid",
)
case(
    "alg-none",
    "alg none is refused before any signature",
    b64(compact({"alg": "none", "typ": "JWT"})) + "." + b64(compact(ADA)) + ".",
    [],
    False,
    "unsupported_algorithm",
    [],
)
case(
    "hs512",
    "an HS512 token: unsupported_algorithm, and its HS512 signature does not match as HS256",
    b64(compact({"alg": "HS512", "typ": "JWT"}))
    + "."
    + b64(compact(ADA))
    + "."
    + sign(
        b64(compact({"alg": "HS512", "typ": "JWT"})) + "." + b64(compact(ADA)),
        S,
        hashlib.sha512,
    ),
    [S],
    False,
    "unsupported_algorithm",
    ["bad_signature"],
    "invalid",
)
case(
    "not-a-token",
    "a string that is no token at all",
    "not-a-token",
    [],
    False,
    "malformed_token",
    [],
)
case(
    "too-large",
    "a token over 8192 bytes is refused by its length alone",
    "eyJ" + "A" * 9000,
    [],
    False,
    "token_too_large",
    [],
)

# ---- paste repair
case(
    "quoted",
    "a token pasted with its JSON quotes: malformed as given, fine inside",
    '"' + T1 + '"',
    [S],
    False,
    "malformed_token",
    ["pasted_quotes_stripped"],
    "valid",
)
case(
    "bearer",
    "a token pasted with the Authorization header's Bearer prefix",
    "Bearer " + T1,
    [S],
    False,
    "malformed_token",
    ["bearer_prefix_stripped"],
    "valid",
)
case(
    "whitespace",
    "a token wrapped over two lines, with a trailing newline",
    T1[:40] + "\n  " + T1[40:] + "\n",
    [S],
    False,
    "malformed_token",
    ["whitespace_stripped"],
    "valid",
)
case(
    "url-encoded",
    "a token URL-encoded with its dots as %2E",
    T1.replace(".", "%2E"),
    [S],
    False,
    "malformed_token",
    ["url_encoding_stripped"],
    "valid",
)
case(
    "quoted-bearer-expired",
    "quotes around Bearer and an expired token: each layer named, then the expiry",
    "'Bearer " + T_EXPIRED + "'",
    [],
    False,
    "malformed_token",
    ["pasted_quotes_stripped", "bearer_prefix_stripped", "token_expired"],
)

# ---- the secret's usual mistakes
case(
    "secret-base64-decoded",
    "signed with the secret base64-decoded, the classic mistake",
    tok(ADA, base64.b64decode(S_B64)),
    [S_B64],
    False,
    "bad_signature",
    ["secret_base64_decoded"],
    "invalid",
)
case(
    "secret-hex-decoded",
    "signed with the secret hex-decoded",
    tok(ADA, bytes.fromhex(S_HEX)),
    [S_HEX],
    False,
    "bad_signature",
    ["secret_hex_decoded"],
    "invalid",
)
case(
    "secret-base64-encoded",
    "signed with the secret base64-encoded",
    tok(ADA, base64.b64encode(S.encode())),
    [S],
    False,
    "bad_signature",
    ["secret_base64_encoded"],
    "invalid",
)
case(
    "secret-trailing-newline",
    "signed with the secret and the newline of the file it was read from",
    tok(ADA, S + "\n"),
    [S],
    False,
    "bad_signature",
    ["secret_trailing_newline"],
    "invalid",
)
case(
    "secret-trailing-space",
    "signed with the secret and a trailing space",
    tok(ADA, S + " "),
    [S],
    False,
    "bad_signature",
    ["secret_trailing_space"],
    "invalid",
)
case(
    "secret-whitespace-trimmed",
    "the secret given here has a stray space; the token was signed without it",
    tok(ADA, S),
    [S + " "],
    False,
    "bad_signature",
    ["secret_whitespace_trimmed"],
    "invalid",
)
case(
    "secret-quoted",
    "signed with the quotes of a .env file around the secret",
    tok(ADA, '"' + S + '"'),
    [S],
    False,
    "bad_signature",
    ["secret_quoted"],
    "invalid",
)
case(
    "secret-utf16",
    "signed with the secret encoded as UTF-16 (little-endian)",
    tok(ADA, S.encode("utf-16-le")),
    [S],
    False,
    "bad_signature",
    ["secret_utf16"],
    "invalid",
)
case(
    "secret-mistake-second-of-list",
    "a mistake with the second secret of a list is found too",
    tok(ADA, OLD + "\n"),
    [S, OLD],
    False,
    "bad_signature",
    ["secret_trailing_newline"],
    "invalid",
)
case(
    "previous-secret",
    "signed with the previous secret of a rotation: accepted, and said",
    tok(ADA, OLD),
    [S, OLD],
    True,
    None,
    ["previous_secret_matches"],
    "valid",
)

# ---- parts rewritten after signing
SPACED = json.dumps(ADA).encode()  # Python's default: ", " and ": "
case(
    "payload-reserialized-spacing",
    "signed over the compact payload, sent with Python's default spacing",
    resent(compact(HDR), compact(ADA), compact(HDR), SPACED, S),
    [S],
    False,
    "bad_signature",
    ["payload_reserialized"],
    "invalid",
)
case(
    "payload-reserialized-key-order",
    "signed over the contract's key order, sent with the keys sorted",
    resent(compact(HDR), compact(ADA), compact(HDR), compact(ADA, sort_keys=True), S),
    [S],
    False,
    "bad_signature",
    ["payload_reserialized"],
    "invalid",
)
UNI = claims(name="Zoë Ångström")
case(
    "payload-reserialized-escapes",
    "signed over UTF-8 text, sent with non-ASCII as \\u escapes",
    resent(
        compact(HDR),
        compact(UNI),
        compact(HDR),
        json.dumps(UNI, separators=(",", ":")).encode(),
        S,
    ),
    [S],
    False,
    "bad_signature",
    ["payload_reserialized"],
    "invalid",
)
case(
    "header-reserialized",
    "signed over the contract's header, sent with its keys in the other order",
    resent(compact(HDR), compact(ADA), b'{"typ":"JWT","alg":"HS256"}', compact(ADA), S),
    [S],
    False,
    "bad_signature",
    ["header_reserialized"],
    "invalid",
)


# ---- claims
def without(key):
    return {k: v for k, v in ADA.items() if k != key}


case(
    "missing-exp",
    "no exp at all",
    tok(without("exp"), S),
    [S],
    False,
    "invalid_claims",
    ["missing_exp"],
    "valid",
)
case(
    "missing-email-and-name",
    "neither email nor displayName",
    tok({"iat": NOW - 100, "exp": NOW + 200}, S),
    [S],
    False,
    "invalid_claims",
    ["missing_email", "missing_display_name"],
    "valid",
)
case(
    "claim-misspelled",
    "display_name where the chat reads displayName",
    tok({**without("displayName"), "display_name": "Ada"}, S),
    [],
    False,
    "invalid_claims",
    ["claim_misspelled"],
)
case(
    "email-not-a-string",
    "the email as a number",
    tok(claims(email=42), S),
    [],
    False,
    "invalid_claims",
    ["email_not_a_string"],
)
case(
    "email-not-valid",
    "an email without '@': the chat takes it, the finding says to fix it",
    tok(claims(email="ada"), S),
    [S],
    True,
    None,
    ["email_not_valid"],
    "valid",
)
case(
    "exp-is-string",
    "exp written as a string of digits",
    tok(claims(exp=str(NOW + 200)), S),
    [S],
    False,
    "invalid_claims",
    ["exp_is_string"],
    "valid",
)
case(
    "exp-is-iso-date",
    "exp written as an ISO date",
    tok(claims(exp="2023-11-14T22:18:20Z"), S),
    [],
    False,
    "invalid_claims",
    ["exp_is_iso_date"],
)
case(
    "iat-is-iso-date-with-offset",
    "iat written as an ISO date with an offset",
    tok(claims(iat="2023-11-14T23:13:20+01:00"), S),
    [],
    False,
    "invalid_claims",
    ["iat_is_iso_date"],
)
case(
    "exp-not-a-number",
    "exp as a boolean",
    tok(claims(exp=True), S),
    [],
    False,
    "invalid_claims",
    ["exp_not_a_number"],
)
case(
    "iat-negative",
    "a negative iat",
    tok(claims(iat=-5), S),
    [],
    False,
    "invalid_claims",
    ["iat_negative"],
)

# ---- times
case(
    "milliseconds",
    "iat and exp from Date.now(), in milliseconds",
    tok(claims(iat=(NOW - 100) * 1000, exp=(NOW + 200) * 1000), S),
    [S],
    False,
    "token_not_yet_valid",
    ["timestamps_in_milliseconds"],
    "valid",
)
case(
    "milliseconds-exp-only",
    "exp in milliseconds, iat in seconds: only exp is named",
    tok(claims(exp=(NOW + 200) * 1000), S),
    [],
    False,
    "lifetime_too_long",
    ["timestamps_in_milliseconds"],
)
case(
    "microseconds",
    "iat and exp in microseconds",
    tok(claims(iat=(NOW - 100) * 1000000, exp=(NOW + 200) * 1000000), S),
    [],
    False,
    "token_not_yet_valid",
    ["timestamps_in_microseconds"],
)
case(
    "fractional",
    "Date.now()/1000 without rounding: accepted, and said",
    tok(claims(iat=NOW - 100.25, exp=NOW + 199.75), S),
    [S],
    True,
    None,
    ["fractional_timestamps"],
    "valid",
)
case(
    "exp-before-iat",
    "exp and iat swapped",
    tok(claims(iat=NOW - 10, exp=NOW - 20), S),
    [S],
    False,
    "lifetime_too_long",
    ["exp_before_iat"],
    "valid",
)
case(
    "exp-equals-iat",
    "a ttl of zero",
    tok(claims(iat=NOW - 10, exp=NOW - 10 + 0), S),
    [S],
    False,
    "lifetime_too_long",
    ["exp_before_iat"],
    "valid",
)
case(
    "lifetime-over-a-day",
    "a token that lives two days",
    tok(claims(iat=NOW - 100, exp=NOW - 100 + 2 * 86400), S),
    [S],
    False,
    "lifetime_too_long",
    ["lifetime_over_a_day"],
    "valid",
)
case(
    "lifetime-over-a-day-and-expired",
    "a two-day token that expired: the expiry is the verdict, the lifetime a finding",
    tok(claims(iat=NOW - 3 * 86400, exp=NOW - 86400), S),
    [S],
    False,
    "token_expired",
    ["lifetime_over_a_day"],
    "valid",
)
case(
    "clock-skew",
    "issued five minutes in the future: refused, the skew named",
    tok(claims(iat=NOW + 300, exp=NOW + 600), S),
    [S],
    False,
    "token_not_yet_valid",
    ["clock_skew"],
    "valid",
)
case(
    "clock-skew-within-leeway",
    "issued 30 s in the future: accepted within the leeway, the skew named",
    tok(claims(iat=NOW + 30, exp=NOW + 330), S),
    [S],
    True,
    None,
    ["clock_skew"],
    "valid",
)

# ---- refused arguments
error_case(
    "short-secret",
    "a secret under 32 bytes is invalid_secret",
    T1,
    [SHORT],
    NOW,
    "invalid_secret",
)
error_case(
    "negative-now", "a negative now is invalid_option", T1, [], -1, "invalid_option"
)

FINDING_CODES = sorted({code for c in cases for code in c.get("findings", [])})
ids = [c["id"] for c in cases]
assert len(ids) == len(set(ids))
DESC = (
    "Diagnoses: a token (possibly damaged on purpose), the secrets to check it with (strings, "
    "maybe none) and a fixed `now`, and what the diagnosis must say: `verdict` (`accepted`: "
    "true, false, or null when only an unchecked signature stands in the way; `code`: the "
    "contract's error code of the reason, or null), `signature` (valid, invalid, not_checked) "
    "and `findings` (the finding codes, in order). A case with `error` instead expects the call "
    "to fail with that code. No message may contain a secret. Generated by "
    "tests/vectors/generate_diagnose.py with the Python standard library only."
)
out = {
    "version": 1,
    "description": DESC,
    "case_count": len(cases),
    "finding_codes": FINDING_CODES,
    "cases": cases,
}
with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    json.dump(out, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"{len(cases)} cases written to {os.path.basename(OUT)}")
