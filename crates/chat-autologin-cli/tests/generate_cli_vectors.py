#!/usr/bin/env python3
"""Write tests/vectors/cli.json, the command-line cases run by tests/cli.rs.

Expected tokens are assembled with the Python standard library only (hmac,
hashlib, base64, json), never with the code under test.

Run:  python3 crates/chat-autologin-cli/tests/generate_cli_vectors.py
The output is deterministic: running it twice gives identical files.
"""

import base64
import hashlib
import hmac
import json
import os

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..",
    "..",
    "..",
    "tests",
    "vectors",
    "cli.json",
)


HDR = {"alg": "HS256", "typ": "JWT"}


def b64(data):
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(value):
    """Compact UTF-8 JSON, as the contract writes headers and payloads."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def tok(payload, secret, header=HDR, alg=hashlib.sha256, raw_payload=None):
    """A signed token; `raw_payload` gives the payload's exact bytes instead."""
    if isinstance(secret, str):
        secret = secret.encode()
    h = b64(compact(header))
    p = b64(raw_payload if raw_payload is not None else compact(payload))
    signature = hmac.new(secret, (h + "." + p).encode(), alg).digest()
    return h + "." + p + "." + b64(signature)


def claims(email, name, iat, exp):
    return {"email": email, "displayName": name, "iat": iat, "exp": exp}


S = "cli-vector-secret-current-AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789-abcdefghijkl"
OLD = "cli-vector-secret-previous-ZyXwVuTsRqPoNmLkJiHgFeDcBa-9876543210-zyxwvutsrqp"
assert len(S) == 76 and len(OLD) == 76, (len(S), len(OLD))
BYTES_HEX = (
    "00ff80fe81c3287a5c22e2829be28fa1f09f9882c0afeda080ffdeadbeef0102030405060708"
)
BYTES = bytes.fromhex(BYTES_HEX)
try:
    BYTES.decode()
    raise SystemExit("the byte secret must not be UTF-8")
except UnicodeDecodeError:
    pass
SHORT = "cli-vector-short-secret-31bytes"
assert len(SHORT) == 31
NOW = 1700000000
ADA = claims("ada@example.com", "Ada Lovelace", NOW, NOW + 300)
T1 = tok(ADA, S)
T_OLD = tok(ADA, OLD)
T_BYTES = tok(ADA, BYTES)
UNI = claims("zoe@example.com", 'Zoë Ångström 山田 "Z"', NOW, NOW + 600)
T_UNI = tok(UNI, S)
T_LONG = tok(claims("ada@example.com", "Ada Lovelace", NOW, NOW + 2 * 86400), S)
T_HS512 = tok(ADA, S, header={"alg": "HS512", "typ": "JWT"}, alg=hashlib.sha512)
T_NONE = b64(compact({"alg": "none", "typ": "JWT"})) + "." + b64(compact(ADA)) + "."
T_BADCLAIMS = tok({"email": 42, "displayName": "Ada", "iat": NOW, "exp": NOW + 300}, S)
T_MISSING = tok({"sub": "visitor-1"}, S)
T_FRAC = tok(
    None,
    S,
    raw_payload=b'{"email":"ada@example.com","displayName":"Ada Lovelace","iat":1700000000.25,"exp":1700000300.75}',
)
T_KID = tok(ADA, S, header={"alg": "HS256", "typ": "JWT", "kid": "project-7"})
# The payload changed after signing: the signature is T1's.
TAMPERED = claims("ada@example.com", "Ada Byron", NOW, NOW + 300)
T_TAMPERED = T1.split(".")[0] + "." + b64(compact(TAMPERED)) + "." + T1.split(".")[2]

ENV = {"CHAT_AUTOLOGIN_SECRET": S}
ENV2 = {"CHAT_AUTOLOGIN_SECRET": S, "CHAT_AUTOLOGIN_OLD_SECRET": OLD}
MINT = ["mint", "--email", "ada@example.com", "--name", "Ada Lovelace"]
cases = []


def case(id, description, args, exit, env=None, files=None, stdin=None, **expect):
    """Adds a case; `expect` holds stdout, stdout_json, *_contains and secrets."""
    c = {
        "id": id,
        "description": description,
        "args": args,
        "env": env if env is not None else {},
        "files": files or {},
        "stdin": stdin,
        "exit": exit,
    }
    c.update(expect)
    cases.append(c)


def ERR(code):
    return {"error": {"code": code, "message": "{any}"}}


# ---- mint
case(
    "mint-env-secret",
    "mint with the secret in an environment variable and a fixed clock gives the exact token",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", str(NOW)],
    0,
    ENV,
    stdout=T1 + "\n",
)
case(
    "mint-fractional-now-is-floored",
    "iat is floor(now): a fractional --now gives the same token",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "1700000000.999"],
    0,
    ENV,
    stdout=T1 + "\n",
)
case(
    "mint-explicit-default-ttl",
    "--ttl 300 is the default",
    MINT + ["--ttl", "300", "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", str(NOW)],
    0,
    ENV,
    stdout=T1 + "\n",
)
case(
    "mint-secret-file-lf",
    "--secret-file drops one trailing \\n",
    MINT + ["--secret-file", "{file:secret}", "--now", str(NOW)],
    0,
    files={"secret": S + "\n"},
    stdout=T1 + "\n",
)
case(
    "mint-secret-file-crlf",
    "--secret-file drops one trailing \\r\\n",
    MINT + ["--secret-file", "{file:secret}", "--now", str(NOW)],
    0,
    files={"secret": S + "\r\n"},
    stdout=T1 + "\n",
)
case(
    "mint-secret-file-no-newline",
    "--secret-file without a trailing newline",
    MINT + ["--secret-file", "{file:secret}", "--now", str(NOW)],
    0,
    files={"secret": S},
    stdout=T1 + "\n",
)
case(
    "mint-secret-file-two-newlines",
    "only one trailing newline is dropped: the second is part of the secret, so the token differs",
    MINT + ["--secret-file", "{file:secret}", "--now", str(NOW)],
    0,
    files={"secret": S + "\n\n"},
    stdout=tok(ADA, S + "\n") + "\n",
)
case(
    "mint-secret-file-bytes",
    "a secret file of arbitrary (non-UTF-8) bytes is used as those bytes",
    MINT + ["--secret-file", "{file:secret}", "--now", str(NOW)],
    0,
    files={"secret": {"hex": BYTES_HEX}},
    stdout=T_BYTES + "\n",
)
case(
    "mint-unicode-name",
    "non-ASCII and quotes in the name are written as UTF-8 JSON, ttl 600",
    [
        "mint",
        "--email",
        "zoe@example.com",
        "--name",
        UNI["displayName"],
        "--ttl",
        "600",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000000.5",
    ],
    0,
    ENV,
    stdout=T_UNI + "\n",
)
case(
    "mint-invalid-email",
    "an email without '@' is invalid_email",
    [
        "mint",
        "--email",
        "ada.example.com",
        "--name",
        "Ada",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
    ],
    1,
    ENV,
    stderr_contains=["error: invalid_email: "],
)
case(
    "mint-invalid-display-name",
    "a display name with a tab is invalid_display_name",
    [
        "mint",
        "--email",
        "ada@example.com",
        "--name",
        "Ada\tLovelace",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
    ],
    1,
    ENV,
    stderr_contains=["error: invalid_display_name: "],
)
case(
    "mint-blank-display-name",
    "a display name of only spaces is invalid_display_name",
    [
        "mint",
        "--email",
        "ada@example.com",
        "--name",
        "   ",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
    ],
    1,
    ENV,
    stderr_contains=["error: invalid_display_name: "],
)
case(
    "mint-fractional-ttl",
    "--ttl 1.5 is parsed as a number and refused by the rules: invalid_ttl",
    MINT + ["--ttl", "1.5", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    1,
    ENV,
    stderr_contains=["error: invalid_ttl: "],
)
case(
    "mint-ttl-over-a-day",
    "--ttl 86401 is invalid_ttl",
    MINT + ["--ttl", "86401", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    1,
    ENV,
    stderr_contains=["error: invalid_ttl: "],
)
case(
    "mint-negative-ttl",
    "--ttl -5 is a number (not a flag) and invalid_ttl",
    MINT + ["--ttl", "-5", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    1,
    ENV,
    stderr_contains=["error: invalid_ttl: "],
)
case(
    "mint-zero-ttl",
    "--ttl 0 is invalid_ttl",
    MINT + ["--ttl", "0", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    1,
    ENV,
    stderr_contains=["error: invalid_ttl: "],
)
case(
    "mint-short-secret",
    "a 31-byte secret is invalid_secret, and the message does not show it",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    1,
    {"CHAT_AUTOLOGIN_SECRET": SHORT},
    stderr_contains=["error: invalid_secret: "],
)
case(
    "mint-whitespace-secret",
    "a secret of only whitespace is invalid_secret",
    MINT + ["--secret-file", "{file:secret}"],
    1,
    files={"secret": " " * 40 + "\n"},
    stderr_contains=["error: invalid_secret: "],
)
case(
    "mint-negative-now",
    "--now -1 is invalid_option",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "-1"],
    1,
    ENV,
    stderr_contains=["error: invalid_option: "],
)
case(
    "mint-nan-now",
    "--now NaN parses as a number and is refused by the rules: invalid_option",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "NaN"],
    1,
    ENV,
    stderr_contains=["error: invalid_option: "],
)
case(
    "mint-infinite-now",
    "--now inf is invalid_option",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "inf"],
    1,
    ENV,
    stderr_contains=["error: invalid_option: "],
)
case(
    "mint-non-numeric-now",
    "--now that is not a number is a usage error",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "yesterday"],
    2,
    ENV,
    stderr_contains=["--now"],
)
case(
    "mint-non-numeric-ttl",
    "--ttl that is not a number is a usage error",
    MINT + ["--ttl", "5m", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    2,
    ENV,
    stderr_contains=["--ttl"],
)
case(
    "mint-missing-secret-flag",
    "mint without --secret-env or --secret-file is a usage error",
    MINT,
    2,
    ENV,
    stderr_contains=["--secret-env", "--secret-file"],
)
case(
    "mint-two-secret-flags",
    "mint takes exactly one secret",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", "--secret-file", "{file:secret}"],
    2,
    ENV,
    files={"secret": S},
    stderr_contains=["cannot be used with"],
)
case(
    "mint-missing-email",
    "mint without --email is a usage error",
    ["mint", "--name", "Ada", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    2,
    ENV,
    stderr_contains=["--email"],
)
case(
    "mint-secret-flag-refused",
    "there is no --secret flag: the secret never comes as an argument, and it is not echoed",
    MINT + ["--secret", S],
    2,
    {},
    secrets=[S],
    stderr_contains=["--secret-env", "--secret-file"],
)
case(
    "mint-secret-flag-with-equals-refused",
    "--secret=VALUE is refused without echoing the value",
    MINT + ["--secret=" + S],
    2,
    {},
    secrets=[S],
    stderr_contains=["--secret-env"],
)
case(
    "mint-secret-as-extra-word-refused",
    "a stray positional argument (perhaps a secret) is refused and not echoed",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET", S],
    2,
    ENV,
    secrets=[S],
    stderr_contains=["not shown"],
)
case(
    "mint-unset-env-var",
    "--secret-env naming an unset variable is a usage error that names the variable",
    MINT + ["--secret-env", "CHAT_CLI_TEST_UNSET_VAR"],
    2,
    {},
    stderr_contains=["CHAT_CLI_TEST_UNSET_VAR", "not set"],
)
case(
    "mint-empty-env-var",
    "--secret-env naming an empty variable is a usage error",
    MINT + ["--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    2,
    {"CHAT_AUTOLOGIN_SECRET": ""},
    stderr_contains=["CHAT_AUTOLOGIN_SECRET", "empty"],
)
case(
    "mint-secret-value-passed-as-env-name",
    "passing the secret's value to --secret-env does not echo it",
    MINT + ["--secret-env", S],
    2,
    {},
    secrets=[S],
    stderr_contains=["not shown"],
)
case(
    "mint-unreadable-secret-file",
    "a --secret-file that cannot be read is a usage error naming the file",
    MINT + ["--secret-file", "no-such-secret-file"],
    2,
    stderr_contains=[
        "cannot read the secret file",
        "no-such-secret-file",
        "--secret-file",
    ],
)
# A secret can hold any character: one passed where a path or a variable's name
# goes is never echoed, whatever it looks like; the flag and its length are.
SLASHED = "dGhpcyBpcyBub3QgYSByZWFsIHNlY3JldA/AbCdEfGhIjKlMnOpQrStUvWxYz+0123456789/x"
UPPER = "CHAT_SECRET_VALUE_0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789_ABCDEFGH"
case(
    "mint-secret-value-with-slash-passed-as-file",
    "passing a secret holding '/' to --secret-file does not echo it",
    MINT + ["--secret-file", SLASHED],
    2,
    {},
    secrets=[SLASHED, SLASHED.split("/")[1]],
    stderr_contains=["--secret-file", f"{len(SLASHED)} characters", "not shown"],
)
case(
    "mint-secret-value-like-a-name-passed-as-env",
    "passing a secret made of A-Z, 0-9 and _ to --secret-env does not echo it",
    MINT + ["--secret-env", UPPER],
    2,
    {},
    secrets=[UPPER],
    stderr_contains=["--secret-env", f"{len(UPPER)} characters", "not shown"],
)

# ---- verify
VOK = {
    "email": "ada@example.com",
    "displayName": "Ada Lovelace",
    "iat": NOW,
    "exp": NOW + 300,
}
case(
    "verify-human",
    "verify prints a short summary of the claims with UTC and relative times",
    ["verify", T1, "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "1700000100"],
    0,
    ENV,
    stdout_contains=[
        "valid token",
        "ada@example.com",
        "Ada Lovelace",
        "2023-11-14T22:13:20Z",
        "issued 1m 40s ago",
        "2023-11-14T22:18:20Z",
        "expires in 3m 20s",
    ],
)
case(
    "verify-json",
    "verify --json prints the claims, whole times without a fraction",
    [
        "verify",
        T1,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    ENV,
    stdout='{"email":"ada@example.com","displayName":"Ada Lovelace","iat":1700000000,"exp":1700000300}\n',
)
case(
    "verify-json-fractional-times",
    "fractional iat/exp (the vendor's Date.now()/1000) are kept",
    [
        "verify",
        T_FRAC,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    ENV,
    stdout_json={
        "email": "ada@example.com",
        "displayName": "Ada Lovelace",
        "iat": 1700000000.25,
        "exp": 1700000300.75,
    },
)
case(
    "verify-json-unicode",
    "verify --json of a non-ASCII name",
    [
        "verify",
        T_UNI,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    ENV,
    stdout_json=dict(UNI),
)
case(
    "verify-secret-file-bytes",
    "verify with a byte secret from a file",
    [
        "verify",
        T_BYTES,
        "--secret-file",
        "{file:secret}",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    files={"secret": {"hex": BYTES_HEX}},
    stdout_json=VOK,
)
case(
    "verify-rotation-previous-secret",
    "two --secret-env (rotation): a token signed with the previous secret is accepted",
    [
        "verify",
        T_OLD,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--secret-env",
        "CHAT_AUTOLOGIN_OLD_SECRET",
        "--now",
        "1700000100",
    ],
    0,
    ENV2,
    stdout_contains=[
        "valid token",
        "signed with: --secret-env CHAT_AUTOLOGIN_OLD_SECRET",
    ],
)
case(
    "verify-rotation-current-secret",
    "rotation: a token signed with the current secret is accepted",
    [
        "verify",
        T1,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--secret-env",
        "CHAT_AUTOLOGIN_OLD_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    ENV2,
    stdout_json=VOK,
)
case(
    "verify-rotation-env-and-file",
    "rotation with one secret in the environment and one in a file",
    [
        "verify",
        T_OLD,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--secret-file",
        "{file:old}",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    ENV,
    files={"old": OLD + "\n"},
    stdout_json=VOK,
)
case(
    "verify-token-from-stdin",
    "TOKEN '-' reads the token from stdin, one trailing newline dropped",
    [
        "verify",
        "-",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    ENV,
    stdin=T1 + "\n",
    stdout_json=VOK,
)
case(
    "verify-kid-header-ignored",
    "other header fields such as kid are ignored",
    [
        "verify",
        T_KID,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    0,
    ENV,
    stdout_json=VOK,
)
case(
    "verify-bad-signature",
    "a token signed with another secret is bad_signature",
    ["verify", T_OLD, "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "1700000100"],
    1,
    ENV,
    stderr_contains=["error: bad_signature: "],
)
case(
    "verify-bad-signature-json",
    "a payload changed after signing is bad_signature, as JSON on stdout",
    [
        "verify",
        T_TAMPERED,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    1,
    ENV,
    stdout_json=ERR("bad_signature"),
)
case(
    "verify-expired",
    "past exp + leeway (60 s) is token_expired",
    ["verify", T1, "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "1700000361"],
    1,
    ENV,
    stderr_contains=["error: token_expired: "],
)
case(
    "verify-expired-json",
    "token_expired as JSON on stdout",
    [
        "verify",
        T1,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000361",
        "--json",
    ],
    1,
    ENV,
    stdout_json=ERR("token_expired"),
)
case(
    "verify-within-leeway",
    "a larger --leeway accepts the same token at the same time",
    [
        "verify",
        T1,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000361",
        "--leeway",
        "120",
        "--json",
    ],
    0,
    ENV,
    stdout_json=VOK,
)
case(
    "verify-not-yet-valid",
    "iat after now + leeway is token_not_yet_valid",
    ["verify", T1, "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "1699999000"],
    1,
    ENV,
    stderr_contains=["error: token_not_yet_valid: "],
)
case(
    "verify-lifetime-too-long",
    "exp - iat over a day is lifetime_too_long",
    [
        "verify",
        T_LONG,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    1,
    ENV,
    stdout_json=ERR("lifetime_too_long"),
)
case(
    "verify-max-lifetime-option",
    "--max-lifetime 60 refuses a 300 s token",
    [
        "verify",
        T1,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--max-lifetime",
        "60",
    ],
    1,
    ENV,
    stderr_contains=["error: lifetime_too_long: "],
)
case(
    "verify-malformed",
    "a string that is not three segments is malformed_token",
    ["verify", "not-a-token", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    1,
    ENV,
    stderr_contains=["error: malformed_token: "],
)
case(
    "verify-malformed-json",
    "malformed_token as JSON on stdout",
    ["verify", "a.b.c", "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--json"],
    1,
    ENV,
    stdout_json=ERR("malformed_token"),
)
case(
    "verify-hs512",
    "an HS512 token is unsupported_algorithm",
    ["verify", T_HS512, "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "1700000100"],
    1,
    ENV,
    stderr_contains=["error: unsupported_algorithm: "],
)
case(
    "verify-alg-none-json",
    "an alg none token is unsupported_algorithm, as JSON",
    [
        "verify",
        T_NONE,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
        "--json",
    ],
    1,
    ENV,
    stdout_json=ERR("unsupported_algorithm"),
)
case(
    "verify-invalid-claims",
    "an email that is not a string is invalid_claims",
    [
        "verify",
        T_BADCLAIMS,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
    ],
    1,
    ENV,
    stderr_contains=["error: invalid_claims: "],
)
case(
    "verify-leeway-out-of-range",
    "--leeway 301 is invalid_option",
    [
        "verify",
        T1,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--leeway",
        "301",
        "--json",
    ],
    1,
    ENV,
    stdout_json=ERR("invalid_option"),
)
case(
    "verify-negative-now",
    "--now -1 is invalid_option",
    ["verify", T1, "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "-1"],
    1,
    ENV,
    stderr_contains=["error: invalid_option: "],
)
case(
    "verify-short-secret",
    "a short verify secret is invalid_secret",
    ["verify", T1, "--secret-env", "CHAT_AUTOLOGIN_SECRET", "--now", "1700000100"],
    1,
    {"CHAT_AUTOLOGIN_SECRET": SHORT},
    stderr_contains=["error: invalid_secret: "],
)
case(
    "verify-missing-secret-flag",
    "verify needs at least one secret: usage error",
    ["verify", T1],
    2,
    ENV,
    stderr_contains=["--secret-env"],
)
case(
    "verify-missing-token",
    "verify without TOKEN is a usage error",
    ["verify", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    2,
    ENV,
    stderr_contains=["<TOKEN>"],
)
case(
    "verify-non-numeric-leeway",
    "--leeway that is not a number is a usage error, even with --json",
    [
        "verify",
        T1,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--leeway",
        "lots",
        "--json",
    ],
    2,
    ENV,
    stderr_contains=["--leeway"],
)
case(
    "verify-unset-env-var-json",
    "an unset --secret-env variable is a usage error even with --json",
    ["verify", T1, "--secret-env", "CHAT_CLI_TEST_UNSET_VAR", "--json"],
    2,
    {},
    stderr_contains=["CHAT_CLI_TEST_UNSET_VAR"],
)

# ---- inspect


def DIAG(
    verdict_code,
    findings=(),
    signature="not_checked",
    signer=None,
    claims=None,
    header=None,
    now=1700000100,
    accepted=False,
):
    """The JSON diagnosis `inspect --json` prints; messages are prose, matched by {any}."""
    if verdict_code is None and accepted is False:
        accepted = None
    return {
        "verdict": {"accepted": accepted, "code": verdict_code, "message": "{any}"},
        "signature": signature,
        "signer": signer,
        "findings": [{"code": code, "message": "{any}"} for code in findings],
        "header": header if header is not None else HDR,
        "claims": claims if claims is not None else VOK,
        "now": now,
    }


case(
    "inspect-human-fresh",
    "inspect explains a fresh token: header, claims, UTC and relative times, lifetime, no problems",
    ["inspect", T1, "--now", "1700000100"],
    0,
    {},
    stdout_contains=[
        'alg: "HS256"',
        'email:       "ada@example.com"',
        "(as of 2023-11-14T22:15:00Z)",
        "2023-11-14T22:13:20Z, issued 1m 40s ago",
        "2023-11-14T22:18:20Z, expires in 3m 20s",
        "lifetime: 5m (300 s)",
        "verdict: accepted if signed: ",
        "findings\n  none\n",
        "signature: not checked",
    ],
)
case(
    "inspect-human-expired",
    "inspect of a token that expired 3 hours ago lists token_expired",
    ["inspect", T1, "--now", "1700011100"],
    0,
    {},
    stdout_contains=[
        "expired 3h ago",
        "issued 3h 5m ago",
        "verdict: REFUSED (token_expired): the token expired 3h ago, at 2023-11-14T22:18:20Z",
    ],
    stdout_not_contains=["verdict: accepted", "10800 s ago"],
)
case(
    "inspect-json-expired",
    "inspect --json of an expired token",
    ["inspect", T1, "--now", "1700011100", "--json"],
    0,
    {},
    stdout_json=DIAG("token_expired", now=1700011100),
)
case(
    "inspect-human-too-long",
    "inspect of a two-day token lists lifetime_too_long",
    ["inspect", T_LONG, "--now", "1700000100"],
    0,
    {},
    stdout_contains=[
        "lifetime: 2d (172800 s)",
        "expires in 1d 23h",
        "verdict: REFUSED (lifetime_too_long): ",
        "lifetime_over_a_day: ",
    ],
)
case(
    "inspect-json-too-long-and-expired",
    "the expiry is the verdict; the two-day lifetime is a finding after it",
    ["inspect", T_LONG, "--now", "1700200000", "--json"],
    0,
    {},
    stdout_json=DIAG(
        "token_expired",
        ["lifetime_over_a_day"],
        claims=claims("ada@example.com", "Ada Lovelace", NOW, NOW + 172800),
        now=1700200000,
    ),
)
# Untrusted text never drives the terminal: control characters and bidi
# controls from a token are escaped on every line, keys and values alike.
T_TRICKY = tok(
    {
        **claims("eve\u001b[2J@example.com", "Eve \u202eevE", NOW, NOW + 300),
        "k\u2066": "v\nrefused: forged",
    },
    S,
    header={"alg": "HS256", "typ": "\u202eTWJ"},
)
RAW_TRICKS = ["\u001b", "\u202e", "\u2066", "\nrefused: forged"]
case(
    "inspect-human-escapes-what-the-token-says",
    "inspect escapes control characters and bidi controls from the token, in values, keys and problems",
    ["inspect", T_TRICKY, "--now", "1700000100"],
    0,
    {},
    stdout_contains=["\\u001b[2J", "Eve \\u202eevE", "\\u2066", "\\u202eTWJ"],
    stdout_not_contains=RAW_TRICKS,
)
case(
    "verify-error-escapes-what-the-token-says",
    "an error message quoting the token (its typ) is escaped on stderr",
    [
        "verify",
        T_TRICKY,
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
    ],
    1,
    ENV,
    stderr_contains=["unsupported_algorithm", "\\u202eTWJ"],
    stderr_not_contains=RAW_TRICKS,
)
case(
    "verify-human-escapes-the-claims",
    "verify shows claims holding control or bidi characters quoted and escaped",
    [
        "verify",
        tok(claims("eve\u001b[2J@example.com", "Eve \u202eevE", NOW, NOW + 300), S),
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--now",
        "1700000100",
    ],
    0,
    ENV,
    stdout_contains=['"eve\\u001b[2J@example.com"', '"Eve \\u202eevE"'],
    stdout_not_contains=RAW_TRICKS,
)
case(
    "inspect-json-fresh",
    "inspect --json of a fresh token: accepted if signed (null), no findings, signature not checked",
    ["inspect", T1, "--now", "1700000100", "--json"],
    0,
    {},
    stdout_json=DIAG(None),
)
case(
    "inspect-alg-none",
    "inspect of an alg none token reports unsupported_algorithm",
    ["inspect", T_NONE, "--now", "1700000100", "--json"],
    0,
    {},
    stdout_json=DIAG("unsupported_algorithm", header={"alg": "none", "typ": "JWT"}),
)
case(
    "inspect-missing-claims",
    "inspect of a token without the chat's claims reports invalid_claims and shows the others",
    ["inspect", T_MISSING, "--now", "1700000100"],
    0,
    {},
    stdout_contains=[
        "sub:",
        '"visitor-1"',
        "iat:      missing",
        "verdict: REFUSED (invalid_claims): ",
        "missing_email: ",
        "missing_display_name: ",
        "missing_iat: ",
        "missing_exp: ",
    ],
    stdout_not_contains=["found missing"],
)
case(
    "inspect-wrong-claim-type",
    "inspect shows a non-string email as the number it is",
    ["inspect", T_BADCLAIMS, "--now", "1700000100", "--json"],
    0,
    {},
    stdout_json=DIAG(
        "invalid_claims",
        ["email_not_a_string"],
        claims={"email": 42, "displayName": "Ada", "iat": NOW, "exp": NOW + 300},
    ),
)
case(
    "inspect-signature-valid",
    "inspect with the right secret says the signature is valid",
    ["inspect", T1, "--now", "1700000100", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    0,
    ENV,
    stdout_contains=["verdict: accepted: ", "signature: valid\n"],
)
case(
    "inspect-signature-invalid",
    "inspect with another secret: refused for bad_signature first, then the signature INVALID, no contradiction",
    ["inspect", T_OLD, "--now", "1700000100", "--secret-env", "CHAT_AUTOLOGIN_SECRET"],
    0,
    ENV,
    stdout_contains=[
        "verdict: REFUSED (bad_signature): ",
        "findings\n  none\n",
        "signature: INVALID",
    ],
    stdout_not_contains=["accepts this token"],
)
case(
    "inspect-signature-rotation-json",
    "inspect --json with two secrets, one of which signed it",
    [
        "inspect",
        T_OLD,
        "--now",
        "1700000100",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--secret-file",
        "{file:old}",
        "--json",
    ],
    0,
    ENV,
    files={"old": OLD + "\r\n"},
    stdout_json=DIAG(None, ["previous_secret_matches"], "valid", 1, accepted=True),
)
case(
    "inspect-signature-invalid-json",
    "inspect --json of a token whose payload was changed after signing: signature invalid",
    [
        "inspect",
        T_TAMPERED,
        "--now",
        "1700000100",
        "--secret-file",
        "{file:secret}",
        "--json",
    ],
    0,
    {},
    files={"secret": S},
    stdout_json=DIAG("bad_signature", signature="invalid", claims=TAMPERED),
)
case(
    "inspect-fractional-times",
    "inspect shows fractional times to the millisecond",
    ["inspect", T_FRAC, "--now", "1700000100"],
    0,
    {},
    stdout_contains=[
        "2023-11-14T22:13:20.25Z",
        "2023-11-14T22:18:20.75Z",
        "lifetime: 5m 1s (300.5 s)",
        "fractional_timestamps: ",
        "verdict: accepted if signed",
    ],
)
case(
    "inspect-kid-header",
    "inspect shows header fields beyond alg and typ",
    ["inspect", T_KID, "--now", "1700000100"],
    0,
    {},
    stdout_contains=['kid: "project-7"'],
)
case(
    "inspect-not-yet-valid",
    "a token issued in the future says so",
    ["inspect", T1, "--now", "1699999000"],
    0,
    {},
    stdout_contains=[
        "issued 16m 40s in the future",
        "verdict: REFUSED (token_not_yet_valid): the token was issued 16m 40s in the future",
        "clock_skew: ",
    ],
)
case(
    "inspect-malformed",
    "a token that cannot be decoded is an error",
    ["inspect", "not-a-token"],
    1,
    {},
    stderr_contains=["error: malformed_token: "],
)
case(
    "inspect-malformed-json",
    "a token that cannot be decoded, as JSON",
    ["inspect", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "--json"],
    1,
    {},
    stdout_json=ERR("malformed_token"),
)
case(
    "inspect-bad-now",
    "inspect --now -5 is invalid_option",
    ["inspect", T1, "--now", "-5"],
    1,
    {},
    stderr_contains=["error: invalid_option: "],
)
case(
    "inspect-short-secret",
    "inspect with a short secret is invalid_secret",
    [
        "inspect",
        T1,
        "--now",
        "1700000100",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--json",
    ],
    1,
    {"CHAT_AUTOLOGIN_SECRET": SHORT},
    stdout_json=ERR("invalid_secret"),
)
case(
    "inspect-stdin",
    "inspect reads the token from stdin with '-'",
    ["inspect", "-", "--now", "1700000100", "--json"],
    0,
    {},
    stdin=T1 + "\r\n",
    stdout_json=DIAG(None),
)
T_MS = tok(
    claims("ada@example.com", "Ada Lovelace", NOW * 1000 + 493, NOW * 1000 + 300493), S
)
case(
    "inspect-milliseconds",
    "timestamps from Date.now() are named as milliseconds, not shown as dates 20770821 days away",
    ["inspect", T_MS, "--now", "1700000100"],
    0,
    {},
    stdout_contains=[
        "verdict: REFUSED (token_not_yet_valid): ",
        "timestamps_in_milliseconds: iat and exp are in milliseconds",
        "not a date in seconds since the epoch",
    ],
    stdout_not_contains=["not a date this tool can show", "20770821d", ".131 s"],
)
case(
    "inspect-expired-rounded",
    "times are rounded and in human units",
    ["inspect", T1, "--now", "1700003601.034622192383"],
    0,
    {},
    stdout_contains=["verdict: REFUSED (token_expired): the token expired 55m 1s ago"],
    stdout_not_contains=["3301.03"],
)
case(
    "inspect-quoted",
    "a token pasted with its quotes is repaired and diagnosed, without the base64 decoder's internals",
    ["inspect", '"' + T1 + '"', "--now", "1700000100"],
    0,
    {},
    stdout_contains=[
        "verdict: REFUSED (malformed_token): the token as given is not a compact JWT: it has surrounding quotes",
        "pasted_quotes_stripped: ",
        'email:       "ada@example.com"',
    ],
    stdout_not_contains=["Invalid symbol"],
)
case(
    "inspect-bearer-json",
    "a token pasted with Bearer, as JSON: the finding names what was stripped",
    [
        "inspect",
        "Bearer " + T1,
        "--now",
        "1700000100",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
        "--json",
    ],
    0,
    ENV,
    stdout_json=DIAG("malformed_token", ["bearer_prefix_stripped"], "valid", 0),
)
T_B64_DECODED = tok(ADA, base64.urlsafe_b64decode(S))
case(
    "inspect-secret-base64-decoded",
    "a token signed with the base64-decoded secret names that mistake",
    [
        "inspect",
        T_B64_DECODED,
        "--now",
        "1700000100",
        "--secret-env",
        "CHAT_AUTOLOGIN_SECRET",
    ],
    0,
    ENV,
    stdout_contains=[
        "verdict: REFUSED (bad_signature): ",
        "secret_base64_decoded: the token was signed with the secret base64-decoded",
        "signature: INVALID",
    ],
)

# ---- general
case(
    "help",
    "--help says what the tool is",
    ["--help"],
    0,
    {},
    stdout_contains=["Chat for Jira Service Management", "mint", "verify", "inspect"],
)
case(
    "mint-help",
    "mint --help documents every flag",
    ["mint", "--help"],
    0,
    {},
    stdout_contains=[
        "--email",
        "--name",
        "--ttl",
        "--secret-env",
        "--secret-file",
        "--now",
    ],
)
case(
    "no-subcommand",
    "no subcommand is a usage error",
    [],
    2,
    {},
    stderr_contains=["Usage:"],
)
case(
    "no-serve-yet",
    "an unknown subcommand is a usage error",
    ["bogus"],
    2,
    {},
    stderr_contains=["bogus"],
)

ids = [c["id"] for c in cases]
assert len(ids) == len(set(ids))
DESC = (
    "Command-line cases for the chat-autologin binary, run by crates/chat-autologin-cli/tests/cli.rs. "
    "Each case runs the binary with `args` (a list of strings), with the environment variables in `env` added, "
    "and with `stdin` (a string, or null for none) on standard input. "
    '`files` maps a name to a file\'s content (a string written as UTF-8, or {"hex": "…"} for raw bytes); '
    "the runner writes each to a fresh temporary directory, and `{file:NAME}` anywhere in an argument becomes that file's path "
    "(a name not in `files` gives a path that does not exist). "
    "Expectations: `exit` (0 success, 1 refused by the core, 2 usage error) is always checked; optionally `stdout` (exact), "
    '`stdout_json` (stdout parsed as JSON must equal it, where the string "{any}" matches any string), '
    "`stdout_contains`, `stdout_not_contains`, `stderr_contains` and `stderr_not_contains` (lists of substrings). "
    "Every case also checks that no secret appears in stdout or stderr: the values in `env`, the contents of `files` "
    "(with and without one trailing newline) and the strings in the optional `secrets` list. "
    "On exit 0 stderr must be empty; on exit 1 without --json stdout is empty and stderr is one line `error: <code>: <message>`; "
    'on exit 1 with --json stderr is empty and stdout is {"error":{"code","message"}}; on exit 2 stdout is empty and stderr is not. '
    "Every case that depends on time passes --now. Generated by crates/chat-autologin-cli/tests/generate_cli_vectors.py, "
    "which computes the expected tokens with Python's standard library, never with the code under test."
)
# tests/cli.rs checks that it runs exactly `case_count` cases.
out = {"version": 1, "description": DESC, "case_count": len(cases), "cases": cases}
with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    json.dump(out, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"{len(cases)} cases written to {os.path.normpath(OUT)}")
