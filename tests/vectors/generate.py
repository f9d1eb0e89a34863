#!/usr/bin/env python3
"""Write the shared test vectors, mint.json and verify.json, next to this file.

The vectors are built from the contract with the Python standard library only
(hmac, hashlib, base64, json), never with the code under test. Every token is
assembled by hand, so an attack token can carry any header or payload bytes.

Run:  python3 tests/vectors/generate.py
The output is deterministic: running it twice gives identical files.
"""

import base64
import hashlib
import hmac
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = b'{"alg":"HS256","typ":"JWT"}'

# Secrets. The vendor generates a 76-character string; it is used as typed.
SECRET = "chat-autologin-shared-test-secret-0001"
PREVIOUS = "chat-autologin-previous-secret-rotated-out"
OTHER = "an-entirely-different-secret-for-other-site"
VENDOR = "P38JqBkHjM1UTp1oLZ5gdsY1TuhwEaSmVAB6u3WBnpXz5kxWhefZuMp1RIaEignZYVLztiZ6rQfW"
LOOKS_BASE64 = "TXkgc2VydmljZSBkZXNrIHByb2plY3QgYXV0by1sb2dpbiBrZXkh"
BYTES = bytes(range(0x80, 0xA0)) + b"\x00\xff\xfe\x01"  # 36 bytes, not UTF-8

EMAIL = "ada@example.com"
NAME = "Ada Lovelace"
NOW = 1764115200  # 2025-11-26T00:00:00Z
MAX_NOW = 253402300799  # 9999-12-31T23:59:59Z, the largest `now` allowed
IAT = NOW
EXP = NOW + 300
VNOW = NOW + 60  # the clock of most verify cases

# The largest double: its digits in full once made messages of 300+ bytes.
MAX_FLOAT = sys.float_info.max
NAN = float("nan")
INF = float("inf")

# The thirteen error codes of the contract; every one is expected by some case.
ERROR_CODES = [
    "invalid_email",
    "invalid_display_name",
    "invalid_ttl",
    "invalid_secret",
    "invalid_option",
    "token_too_large",
    "malformed_token",
    "unsupported_algorithm",
    "bad_signature",
    "invalid_claims",
    "token_expired",
    "token_not_yet_valid",
    "lifetime_too_long",
]

# Whitespace: the Unicode White_Space property (Rust's `char::is_whitespace`).
# Python's str.isspace() is not it: it also takes U+001C to U+001F.
WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
assert len(WHITE_SPACE) == 25


# --- building blocks ---------------------------------------------------------------


def key(secret):
    """A secret's raw bytes: a str is UTF-8, bytes are used as they are."""
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def seg(data):
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def tag(signing_input, secret, digest=hashlib.sha256):
    return hmac.new(key(secret), signing_input.encode("utf-8"), digest).digest()


def sign(signing_input, secret):
    return seg(tag(signing_input, secret))


def token(header, payload, secret=SECRET):
    """A token from raw header and payload bytes, signed over exactly those."""
    return signed(seg(header), seg(payload), secret)


def signed(header_seg, payload_seg, secret=SECRET):
    """A token from already encoded segments, signed over exactly those."""
    signing_input = header_seg + "." + payload_seg
    return signing_input + "." + sign(signing_input, secret)


def dumps(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def payload(email=EMAIL, name=NAME, iat=IAT, exp=EXP, **extra):
    """Compact payload in the contract's key order, then any extra claims."""
    return dumps({"email": email, "displayName": name, "iat": iat, "exp": exp, **extra})


def good(secret=SECRET, header=HEADER, **fields):
    """A correctly signed token; `fields` are payload() arguments."""
    return token(header, payload(**fields), secret)


# --- JSON forms used in the files -----------------------------------------------------


def secret_ok(secret):
    """The secret rule: at least 32 bytes, and not text made only of whitespace."""
    raw = key(secret)
    if len(raw) < 32:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return not all(c in WHITE_SPACE for c in text)


def secret_json(secret):
    return secret if isinstance(secret, str) else {"hex": secret.hex()}


def number_json(value):
    if isinstance(value, float) and math.isnan(value):
        return {"float": "NaN"}
    if isinstance(value, float) and math.isinf(value):
        return {"float": "Infinity" if value > 0 else "-Infinity"}
    return value


def claims(email=EMAIL, name=NAME, iat=IAT, exp=EXP):
    return {"claims": {"email": email, "displayName": name, "iat": iat, "exp": exp}}


def error(code):
    return {"error": code}


# --- mint ---------------------------------------------------------------------------

MINT = []


def mint(
    case_id,
    description,
    email=EMAIL,
    name=NAME,
    ttl=300,
    secret=SECRET,
    now=NOW,
    expect=None,
    type_error=None,
):
    """One mint case; without `expect` or `type_error` the token is computed here."""
    assert secret_ok(secret) == (expect != "invalid_secret"), case_id
    if type_error:
        outcome = {"type_error": type_error}
    elif expect:
        outcome = error(expect)
    else:
        iat = math.floor(now)
        outcome = {"token": token(HEADER, payload(email, name, iat, iat + ttl), secret)}
    MINT.append(
        {
            "id": "mint-" + case_id,
            "description": description,
            "email": email,
            "name": name,
            "ttl": number_json(ttl),
            "secret": secret_json(secret),
            "now": number_json(now),
            "expect": outcome,
        }
    )


E254 = "é" * 32 + "@" + ("a" * 60 + ".") * 3 + "ex.com"  # 64 + 1 + 189 bytes
E255 = "é" * 32 + "@" + ("a" * 60 + ".") * 3 + "exa.com"
assert len(E254.encode()) == 254 and len(E255.encode()) == 255 and len(E255) < 255

# Valid inputs.
mint("basic", "Plain ASCII email and name, ttl 300.")
mint("ttl-1", "The smallest ttl, 1 second.", ttl=1)
mint("ttl-86400", "The largest ttl, 86400 seconds (one day).", ttl=86400)
mint(
    "name-accents",
    "Accented Latin name written as UTF-8, not \\u escapes.",
    name="José Müller",
)
mint("name-cjk", "CJK name.", name="山田太郎")
mint("name-arabic", "Right-to-left Arabic name.", name="محمد عبد الله")
mint("name-hebrew", "Right-to-left Hebrew name.", name="דוד כהן")
mint(
    "name-emoji-zwj",
    "Emoji with a ZWJ sequence (family) in the name.",
    name="Ana 👩‍👩‍👧‍👦",
)
mint(
    "name-emoji-flags",
    "Flag emoji (regional indicator pairs) in the name.",
    name="🇯🇵 🇧🇷 Team",
)
mint(
    "name-combining-marks",
    "Combining marks kept as given, not normalized.",
    name="Jose\u0301 Zoe\u0308",
)
mint(
    "name-json-escapes",
    "A quote and a backslash in the name are JSON-escaped.",
    name='O"Brien \\ Co',
)
mint(
    "name-html",
    "Markup characters are kept as given, not escaped beyond JSON.",
    name="</script><b>Eve</b> & Co",
)
mint(
    "name-line-separator",
    "U+2028 inside a name is not a control character and is kept.",
    name="Ada\u2028Lovelace",
)
mint(
    "name-nbsp-inside",
    "A no-break space inside a name is allowed.",
    name="Ada\u00a0Lovelace",
)
mint(
    "name-surrounding-spaces",
    "Leading and trailing spaces are kept, not trimmed.",
    name=" Ada ",
)
mint("name-one-char", "A one-character name.", name="X")
mint(
    "name-one-emoji",
    "A name of one emoji (one scalar value, four UTF-8 bytes).",
    name="🙂",
)
mint(
    "name-255-emoji", "A name of exactly 255 scalar values, all emoji.", name="😀" * 255
)
mint(
    "name-255-scalars-zwj",
    "255 scalar values as 85 ZWJ sequences (far fewer graphemes).",
    name="👩‍💻" * 85,
)
mint(
    "email-quoted-local-part",
    "A quoted local part: the quotes are JSON-escaped.",
    email='"ada"@example.com',
)
mint(
    "email-backslash",
    "A backslash in the local part is JSON-escaped.",
    email="ada\\lovelace@example.com",
)
mint(
    "email-idn-domain",
    "A non-ASCII (IDN) domain written as UTF-8.",
    email="ada@bücher.example",
)
mint(
    "email-utf8-local-part",
    "A non-ASCII local part written as UTF-8.",
    email="josé.müller@example.com",
)
mint(
    "email-case-kept",
    "Upper-case letters are kept as given.",
    email="Ada.Lovelace@Example.COM",
)
mint(
    "email-leading-dot-kept",
    "A leading dot is kept as given.",
    email=".ada@example.com",
)
mint("email-3-bytes", "The shortest email, 3 bytes.", email="a@b")
mint(
    "email-254-bytes",
    "An email of exactly 254 UTF-8 bytes (fewer characters).",
    email=E254,
)
mint(
    "now-fractional",
    "A fractional now (Date.now()/1000 style): iat is floored.",
    now=1764115200.987,
)
mint(
    "now-fractional-high",
    "A now just under the next second is still floored.",
    now=1764115259.999,
)
mint("now-zero", "now 0 (the epoch) is valid.", now=0)
mint("now-max", "The largest now, 9999-12-31T23:59:59Z.", now=MAX_NOW)
mint(
    "secret-vendor-76",
    "A 76-character vendor-style secret, used as typed.",
    secret=VENDOR,
)
mint(
    "secret-looks-base64",
    "A secret that looks like base64 is used as its text, not decoded.",
    secret=LOOKS_BASE64,
)
mint("secret-bytes-not-utf8", "A byte secret that is not valid UTF-8.", secret=BYTES)
mint(
    "secret-bytes-of-text",
    "The shared secret's UTF-8 bytes give the same token as the text.",
    secret=SECRET.encode(),
)
mint(
    "secret-32-bytes",
    "A secret of exactly 32 bytes.",
    secret="0123456789abcdef0123456789abcdef",
)
mint(
    "secret-32-bytes-multibyte",
    "16 two-byte characters are 32 bytes: long enough.",
    secret="é" * 16,
)
mint("secret-32-zero-bytes", "32 zero bytes are not whitespace.", secret=bytes(32))
mint(
    "secret-mostly-spaces",
    "31 spaces and one letter are not all whitespace.",
    secret=" " * 31 + "x",
)
# Characters next to whitespace that are not White_Space: each secret is valid.
for case_id, description, secret in [
    (
        "secret-information-separators",
        "U+001C to U+001F are not White_Space (Python's isspace() says they are).",
        "\x1c\x1d\x1e\x1f" * 8,
    ),
    (
        "secret-zero-width-spaces",
        "U+200B (zero width space) is not White_Space.",
        "\u200b" * 11,
    ),
    (
        "secret-byte-order-marks",
        "U+FEFF (byte order mark) is not White_Space.",
        "\ufeff" * 11,
    ),
    (
        "secret-mongolian-vowel-separators",
        "U+180E (Mongolian vowel separator) is no longer White_Space.",
        "\u180e" * 11,
    ),
    ("secret-word-joiners", "U+2060 (word joiner) is not White_Space.", "\u2060" * 11),
    (
        "secret-unicode-spaces-and-a-letter",
        "Every White_Space character and one letter are not all whitespace.",
        "".join(sorted(WHITE_SPACE)) + "x",
    ),
]:
    mint(case_id, description, secret=secret)

# invalid_email: each case changes the email only.
for case_id, description, email in [
    ("email-2-bytes", "An email of 2 bytes is too short.", "a@"),
    ("email-empty", "An empty email.", ""),
    (
        "email-255-bytes",
        "An email of 255 UTF-8 bytes (fewer characters) is too long.",
        E255,
    ),
    ("email-no-at", "An email without @.", "ada.example.com"),
    ("email-two-at", "An email with two @.", "ada@lovelace@example.com"),
    (
        "email-quoted-at",
        "An @ inside a quoted local part still counts: two @.",
        '"a@b"@example.com',
    ),
    ("email-empty-local", "An empty local part.", "@example.com"),
    ("email-empty-domain", "An empty domain.", "ada@"),
    ("email-space", "A space in the email.", "ada lovelace@example.com"),
    (
        "email-trailing-space",
        "A trailing space is not trimmed: rejected.",
        "ada@example.com ",
    ),
    ("email-tab", "A tab in the email.", "ada\t@example.com"),
    (
        "email-nbsp",
        "A no-break space (U+00A0) is Unicode whitespace.",
        "ada\u00a0@example.com",
    ),
    (
        "email-ideographic-space",
        "An ideographic space (U+3000) is Unicode whitespace.",
        "ada\u3000@example.com",
    ),
    ("email-nul", "A NUL character in the email.", "ada\u0000@example.com"),
    ("email-del", "A DEL character (U+007F) in the email.", "ada\u007f@example.com"),
    (
        "email-c1-control",
        "A C1 control character (U+0085) in the email.",
        "ada\u0085@example.com",
    ),
]:
    mint(case_id, description, email=email, expect="invalid_email")

# invalid_display_name: each case changes the name only.
for case_id, description, name in [
    ("name-empty", "An empty name.", ""),
    ("name-space-only", "A name of one space.", " "),
    (
        "name-unicode-whitespace-only",
        "A name of Unicode whitespace only (U+00A0, space, U+3000).",
        "\u00a0 \u3000",
    ),
    ("name-tab", "A tab in the name.", "Ada\tLovelace"),
    ("name-newline", "A newline in the name.", "Ada\nLovelace"),
    ("name-carriage-return", "A carriage return in the name.", "Ada\rLovelace"),
    ("name-nul", "A NUL character in the name.", "Ada\u0000"),
    ("name-del", "A DEL character (U+007F) in the name.", "Ada\u007f"),
    ("name-c1-nel", "U+0085 (NEL) is a C1 control character.", "Ada\u0085Lovelace"),
    ("name-c1-last", "U+009F, the last C1 control character.", "Ada\u009f"),
    ("name-256-emoji", "256 scalar values, all emoji: too long.", "😀" * 256),
    (
        "name-256-scalars-zwj",
        "85 ZWJ sequences and one letter: 256 scalar values.",
        "👩‍💻" * 85 + "a",
    ),
]:
    mint(case_id, description, name=name, expect="invalid_display_name")

# invalid_ttl
for case_id, description, ttl in [
    ("ttl-negative", "A negative ttl.", -1),
    ("ttl-zero", "A ttl of 0.", 0),
    ("ttl-86401", "A ttl one second over a day.", 86401),
    ("ttl-fractional", "A fractional ttl.", 1.5),
    ("ttl-true", "A bool is not a number of seconds (true).", True),
    ("ttl-false", "A bool is not a number of seconds (false).", False),
    ("ttl-nan", "A NaN ttl.", NAN),
    ("ttl-infinity", "An infinite ttl.", INF),
    ("ttl-negative-infinity", "A negative infinite ttl.", -INF),
    ("ttl-1e20", "A huge ttl (1e20).", 1e20),
    (
        "ttl-max-float",
        "The largest double as ttl (fuzzing: a short message).",
        MAX_FLOAT,
    ),
]:
    mint(case_id, description, ttl=ttl, expect="invalid_ttl")

# invalid_option: now
for case_id, description, now in [
    ("now-negative", "A negative now.", -1),
    ("now-nan", "A NaN now.", NAN),
    ("now-infinity", "An infinite now.", INF),
    ("now-past-max", "One second past 9999-12-31T23:59:59Z.", MAX_NOW + 1),
    ("now-negative-subnormal", "The negative double nearest 0 (fuzzing).", -5e-324),
]:
    mint(case_id, description, now=now, expect="invalid_option")

# invalid_secret
for case_id, description, secret in [
    (
        "secret-31-bytes",
        "A secret of 31 bytes is too short.",
        "0123456789abcdef0123456789abcde",
    ),
    ("secret-31-bytes-hex", "A byte secret of 31 bytes is too short.", BYTES[:31]),
    ("secret-empty", "An empty secret.", ""),
    ("secret-32-spaces", "32 spaces are all whitespace.", " " * 32),
    (
        "secret-ascii-whitespace",
        "40 bytes of spaces, tabs, CR and LF are all whitespace.",
        " \t\r\n" * 10,
    ),
    (
        "secret-vertical-tab-form-feed",
        "32 bytes of U+000B and U+000C.",
        "\x0b\x0c" * 16,
    ),
    (
        "secret-ideographic-spaces",
        "11 U+3000 (33 bytes) are all whitespace.",
        "\u3000" * 11,
    ),
    (
        "secret-no-break-spaces",
        "17 U+00A0 (34 bytes) are all whitespace.",
        "\u00a0" * 17,
    ),
    ("secret-em-spaces", "11 U+2003 (33 bytes) are all whitespace.", "\u2003" * 11),
    (
        "secret-next-lines",
        "16 U+0085 (NEL, 32 bytes) are all whitespace.",
        "\u0085" * 16,
    ),
    (
        "secret-line-paragraph-separators",
        "U+2028 and U+2029 (36 bytes) are all whitespace.",
        "\u2028\u2029" * 6,
    ),
    ("secret-ogham-spaces", "11 U+1680 (33 bytes) are all whitespace.", "\u1680" * 11),
    (
        "secret-every-unicode-whitespace",
        "All 25 White_Space characters (61 bytes) are all whitespace.",
        "".join(sorted(WHITE_SPACE)),
    ),
]:
    mint(case_id, description, secret=secret, expect="invalid_secret")

# Wrong types: the language's own type error.
mint("type-email-null", "A null email is a type error.", email=None, type_error="email")
mint(
    "type-email-number",
    "A numeric email is a type error.",
    email=42,
    type_error="email",
)
mint("type-name-number", "A numeric name is a type error.", name=42, type_error="name")
mint("type-name-null", "A null name is a type error.", name=None, type_error="name")
mint(
    "type-ttl-string",
    'A ttl given as the string "300" is a type error.',
    ttl="300",
    type_error="ttl",
)
mint("type-ttl-null", "A null ttl is a type error.", ttl=None, type_error="ttl")


# --- verify -------------------------------------------------------------------------

VERIFY = []


def verify(
    case_id,
    description,
    tok,
    expect,
    secret=SECRET,
    secrets=None,
    now=VNOW,
    leeway=None,
    max_lifetime=None,
):
    """One verify case; `secrets` (a list) replaces `secret` when given."""
    given = [secret] if secrets is None else secrets
    assert all(map(secret_ok, given)) == (expect != error("invalid_secret")), case_id
    case = {"id": "verify-" + case_id, "description": description, "token": tok}
    if secrets is not None:
        case["secrets"] = [secret_json(s) for s in secrets]
    else:
        case["secret"] = secret_json(secret)
    case["now"] = number_json(now)
    if leeway is not None:
        case["leeway"] = number_json(leeway)
    if max_lifetime is not None:
        case["max_lifetime"] = number_json(max_lifetime)
    case["expect"] = expect
    VERIFY.append(case)


BASIC = good()
H, P, S = BASIC.split(".")
UNICODE = {"email": "josé@bücher.example", "name": "山田太郎 👩‍👩‍👧‍👦"}

# Valid tokens.
verify("valid-basic", "A token in the contract's exact form.", BASIC, claims())
verify(
    "valid-vendor-secret",
    "Signed and verified with a 76-character vendor-style secret.",
    good(secret=VENDOR),
    claims(),
    secret=VENDOR,
)
verify(
    "valid-looks-base64-secret",
    "A base64-looking secret is used as its text.",
    good(secret=LOOKS_BASE64),
    claims(),
    secret=LOOKS_BASE64,
)
verify(
    "valid-fractional-times",
    "The vendor's Date.now()/1000 style: fractions are kept.",
    good(iat=1764115200.123, exp=1764115500.123),
    claims(iat=1764115200.123, exp=1764115500.123),
    now=1764115300,
)
verify(
    "valid-unicode-claims",
    "Non-ASCII email and name written as UTF-8.",
    good(**UNICODE),
    claims(**UNICODE),
)
verify(
    "valid-unicode-escaped",
    "The same claims with \\u escapes (PyJWT style) are the same JSON.",
    token(
        HEADER,
        json.dumps(
            {
                "email": "josé@bücher.example",
                "displayName": "山田太郎 😀",
                "iat": IAT,
                "exp": EXP,
            },
            separators=(",", ":"),
        ).encode(),
    ),
    claims(email="josé@bücher.example", name="山田太郎 😀"),
)
verify(
    "valid-json-escapes",
    "Escaped quote, backslash and slash in the claims are decoded.",
    token(
        HEADER,
        b'{"email":"\\"ada\\"@example.com","displayName":"O\\"Brien \\\\ Co\\/Ltd",'
        b'"iat":1764115200,"exp":1764115500}',
    ),
    claims(email='"ada"@example.com', name='O"Brien \\ Co/Ltd'),
)
verify(
    "valid-extra-claims",
    "Extra claims are ignored.",
    good(sub="visitor-1", aud="chat", jti="abc", nested={"a": [1, 2, {"b": None}]}),
    claims(),
)
verify(
    "valid-extra-claim-huge-number",
    "An ignored extra claim may hold a number beyond a double (1e400).",
    token(HEADER, payload()[:-1] + b',"score":1e400}'),
    claims(),
)
verify(
    "valid-kid-header",
    "Other header fields such as kid are ignored.",
    good(header=b'{"alg":"HS256","typ":"JWT","kid":"2025-11"}'),
    claims(),
)
verify(
    "valid-header-key-order",
    "Header keys in another order, signed over the received bytes.",
    good(header=b'{"typ":"JWT","alg":"HS256"}'),
    claims(),
)
verify(
    "valid-typ-lowercase",
    'typ "jwt" matches JWT ignoring ASCII case.',
    good(header=b'{"alg":"HS256","typ":"jwt"}'),
    claims(),
)
verify(
    "valid-typ-mixed-case",
    'typ "Jwt" matches JWT ignoring ASCII case.',
    good(header=b'{"alg":"HS256","typ":"Jwt"}'),
    claims(),
)
verify(
    "valid-no-typ", "A header without typ.", good(header=b'{"alg":"HS256"}'), claims()
)
verify(
    "valid-json-whitespace",
    "Header and payload JSON with insignificant whitespace.",
    token(
        b'{ "alg" : "HS256" ,\n "typ" : "JWT" }',
        b'{\n  "email": "ada@example.com",\n  "displayName": "Ada Lovelace",\n'
        b'  "iat": 1764115200,\n  "exp": 1764115500\n}\n',
    ),
    claims(),
)
verify(
    "valid-payload-key-order",
    "Claims in another key order.",
    token(HEADER, dumps({"exp": EXP, "iat": IAT, "displayName": NAME, "email": EMAIL})),
    claims(),
)
verify(
    "valid-exponent-numbers",
    "iat and exp written with exponents and a decimal point.",
    token(
        HEADER,
        b'{"email":"ada@example.com","displayName":"Ada Lovelace",'
        b'"iat":1.7641152E9,"exp":1764115500.0}',
    ),
    claims(iat=1764115200.0, exp=1764115500.0),
)
verify(
    "valid-email-not-revalidated",
    "Claim content is not re-validated: any strings will do.",
    good(email="not an email", name=""),
    claims(email="not an email", name=""),
)
verify(
    "valid-byte-secret",
    "A byte secret that is not valid UTF-8.",
    good(secret=BYTES),
    claims(),
    secret=BYTES,
)
verify(
    "valid-byte-secret-of-text",
    "The shared secret's UTF-8 bytes given as hex.",
    BASIC,
    claims(),
    secret=SECRET.encode(),
)
for case_id, description, secret in [
    (
        "valid-information-separator-secret",
        "U+001C to U+001F are not whitespace: a valid secret.",
        "\x1c\x1d\x1e\x1f" * 8,
    ),
    (
        "valid-zero-width-space-secret",
        "U+200B is not whitespace: a valid secret.",
        "\u200b" * 11,
    ),
]:
    verify(case_id, description, good(secret=secret), claims(), secret=secret)
verify(
    "valid-iat-zero-now-zero",
    "now 0 with a token issued at the epoch.",
    good(iat=0, exp=300),
    claims(iat=0, exp=300),
    now=0,
)
verify(
    "valid-now-max",
    "The largest now with a token issued just before it.",
    good(iat=MAX_NOW - 100, exp=MAX_NOW + 200),
    claims(iat=MAX_NOW - 100, exp=MAX_NOW + 200),
    now=MAX_NOW,
)

# Rotation.
verify(
    "rotation-previous-secret",
    "A token signed with the previous secret, verified with [current, previous].",
    good(secret=PREVIOUS),
    claims(),
    secrets=[SECRET, PREVIOUS],
)
verify(
    "rotation-current-secret",
    "A token signed with the current secret, verified with [current, previous].",
    BASIC,
    claims(),
    secrets=[SECRET, PREVIOUS],
)
verify(
    "rotation-one-in-list", "A list of one secret.", BASIC, claims(), secrets=[SECRET]
)
verify(
    "rotation-mixed-forms",
    "A list mixing a byte secret and a text secret.",
    good(secret=BYTES),
    claims(),
    secrets=[SECRET, BYTES],
)
verify(
    "rotation-neither-secret",
    "A token signed with a third secret matches neither.",
    good(secret=OTHER),
    error("bad_signature"),
    secrets=[SECRET, PREVIOUS],
)
verify(
    "rotation-previous-dropped",
    "After rotation the previous secret is no longer accepted.",
    good(secret=PREVIOUS),
    error("bad_signature"),
)

# Clock edges: exp > now - leeway, iat <= now + leeway. (id, description, iat, exp, now,
# leeway, error or None for valid.) Every value here is exact in binary floating point.
for case_id, description, iat, exp, now, leeway, outcome in [
    (
        "expired-default-leeway-edge",
        "exp == now - 60 is expired (default leeway 60).",
        VNOW - 360,
        VNOW - 60,
        VNOW,
        None,
        "token_expired",
    ),
    (
        "expired-default-leeway-just-valid",
        "exp == now - 59 is still valid (default leeway 60).",
        VNOW - 359,
        VNOW - 59,
        VNOW,
        None,
        None,
    ),
    (
        "expired-long-ago",
        "A token that expired an hour ago.",
        VNOW - 3900,
        VNOW - 3600,
        VNOW,
        None,
        "token_expired",
    ),
    (
        "expired-leeway-0-edge",
        "exp == now is expired with leeway 0.",
        VNOW - 300,
        VNOW,
        VNOW,
        0,
        "token_expired",
    ),
    (
        "expired-leeway-0-just-valid",
        "exp == now + 1 is valid with leeway 0.",
        VNOW - 299,
        VNOW + 1,
        VNOW,
        0,
        None,
    ),
    (
        "expired-leeway-300-edge",
        "exp == now - 300 is expired with leeway 300.",
        VNOW - 600,
        VNOW - 300,
        VNOW,
        300,
        "token_expired",
    ),
    (
        "expired-leeway-300-just-valid",
        "exp == now - 299 is valid with leeway 300.",
        VNOW - 599,
        VNOW - 299,
        VNOW,
        300,
        None,
    ),
    (
        "expired-leeway-fractional-edge",
        "Leeway 0.5 with a fractional now: exp == now - 0.5 is expired.",
        VNOW - 300,
        VNOW,
        VNOW + 0.5,
        0.5,
        "token_expired",
    ),
    (
        "expired-leeway-fractional-just-valid",
        "Leeway 0.5 with a fractional now: exp == now + 0.5 is valid.",
        VNOW - 299,
        VNOW + 1,
        VNOW + 0.5,
        0.5,
        None,
    ),
    (
        "expired-fractional-exp-edge",
        "A fractional exp equal to now - leeway is expired.",
        VNOW - 360.25,
        VNOW - 60.25,
        VNOW - 0.25,
        None,
        "token_expired",
    ),
    (
        "nbf-default-leeway-edge",
        "iat == now + 60 is valid (default leeway 60).",
        VNOW + 60,
        VNOW + 360,
        VNOW,
        None,
        None,
    ),
    (
        "nbf-default-leeway-too-early",
        "iat == now + 61 is not yet valid (default leeway 60).",
        VNOW + 61,
        VNOW + 361,
        VNOW,
        None,
        "token_not_yet_valid",
    ),
    (
        "nbf-far-future",
        "A token issued tomorrow.",
        VNOW + 86400,
        VNOW + 86700,
        VNOW,
        None,
        "token_not_yet_valid",
    ),
    (
        "nbf-leeway-0-edge",
        "iat == now is valid with leeway 0.",
        VNOW,
        VNOW + 300,
        VNOW,
        0,
        None,
    ),
    (
        "nbf-leeway-0-too-early",
        "iat == now + 1 is not yet valid with leeway 0.",
        VNOW + 1,
        VNOW + 301,
        VNOW,
        0,
        "token_not_yet_valid",
    ),
    (
        "nbf-leeway-300-edge",
        "iat == now + 300 is valid with leeway 300.",
        VNOW + 300,
        VNOW + 600,
        VNOW,
        300,
        None,
    ),
    (
        "nbf-leeway-300-too-early",
        "iat == now + 301 is not yet valid with leeway 300.",
        VNOW + 301,
        VNOW + 601,
        VNOW,
        300,
        "token_not_yet_valid",
    ),
    (
        "nbf-leeway-fractional-edge",
        "Leeway 0.5 with a fractional now: iat == now + 0.5 is valid.",
        VNOW + 1,
        VNOW + 301,
        VNOW + 0.5,
        0.5,
        None,
    ),
    (
        "nbf-leeway-fractional-too-early",
        "Leeway 0.5 with a fractional now: iat == now + 1.5 is not yet valid.",
        VNOW + 2,
        VNOW + 302,
        VNOW + 0.5,
        0.5,
        "token_not_yet_valid",
    ),
]:
    verify(
        case_id,
        description,
        good(iat=iat, exp=exp),
        error(outcome) if outcome else claims(iat=iat, exp=exp),
        now=now,
        leeway=leeway,
    )

# Lifetime: exp - iat < max_lifetime + 1, and exp > iat. (id, description, iat, exp,
# max_lifetime, error or None for valid.)
for case_id, description, iat, exp, max_lifetime, outcome in [
    (
        "lifetime-86400",
        "A lifetime of exactly 86400 s (the default maximum).",
        VNOW - 100,
        VNOW - 100 + 86400,
        None,
        None,
    ),
    (
        "lifetime-86400-and-a-half",
        "86400.5 s: fractional slack under one second is allowed.",
        VNOW - 100,
        VNOW - 100 + 86400.5,
        None,
        None,
    ),
    (
        "lifetime-86401",
        "A lifetime of 86401 s is too long.",
        VNOW - 100,
        VNOW - 100 + 86401,
        None,
        "lifetime_too_long",
    ),
    (
        "lifetime-half-second",
        "A lifetime of 0.5 s is positive: valid.",
        VNOW,
        VNOW + 0.5,
        None,
        None,
    ),
    (
        "lifetime-zero",
        "exp == iat is not a valid lifetime.",
        VNOW,
        VNOW,
        None,
        "lifetime_too_long",
    ),
    (
        "lifetime-negative",
        "exp < iat (still unexpired) is not a valid lifetime.",
        VNOW,
        VNOW - 10,
        None,
        "lifetime_too_long",
    ),
    (
        "lifetime-exp-1e300",
        "exp 1e300 with a normal iat is far too long.",
        VNOW - 100,
        1e300,
        None,
        "lifetime_too_long",
    ),
    (
        "lifetime-exp-max-float",
        "exp the largest double, iat 0 (fuzzing: a short message).",
        0,
        MAX_FLOAT,
        None,
        "lifetime_too_long",
    ),
    (
        "not-yet-valid-iat-max-float",
        "iat and exp the largest double (fuzzing: a short message).",
        MAX_FLOAT,
        MAX_FLOAT,
        None,
        "token_not_yet_valid",
    ),
    (
        "lifetime-from-epoch",
        "iat 0 with a current exp is far too long.",
        0,
        VNOW + 100,
        None,
        "lifetime_too_long",
    ),
    (
        "lifetime-custom-600-ok",
        "max_lifetime 600 with a 600 s token.",
        VNOW - 100,
        VNOW + 500,
        600,
        None,
    ),
    (
        "lifetime-custom-600-too-long",
        "max_lifetime 600 with a 601 s token.",
        VNOW - 100,
        VNOW + 501,
        600,
        "lifetime_too_long",
    ),
    (
        "lifetime-custom-1-ok",
        "max_lifetime 1 with a 1 s token.",
        VNOW,
        VNOW + 1,
        1,
        None,
    ),
    (
        "lifetime-custom-1-too-long",
        "max_lifetime 1 with a 2 s token.",
        VNOW,
        VNOW + 2,
        1,
        "lifetime_too_long",
    ),
    (
        "lifetime-custom-fractional",
        "max_lifetime 600.5 with a 602 s token.",
        VNOW - 100,
        VNOW + 502,
        600.5,
        "lifetime_too_long",
    ),
    (
        "lifetime-explicit-86400",
        "max_lifetime 86400 given explicitly, 86400 s token.",
        VNOW - 100,
        VNOW - 100 + 86400,
        86400,
        None,
    ),
]:
    verify(
        case_id,
        description,
        good(iat=iat, exp=exp),
        error(outcome) if outcome else claims(iat=iat, exp=exp),
        max_lifetime=max_lifetime,
    )


# Size: 8192 bytes is the limit.
def sized(length):
    """A correctly signed, otherwise valid token of exactly `length` bytes."""
    pad = 0
    while len(good(pad="x" * pad)) < length:
        pad += 1
    tok = good(pad="x" * pad)
    assert len(tok) == length, (len(tok), length)
    return tok


verify(
    "size-8192-bytes",
    "A token of exactly 8192 bytes is not too large.",
    sized(8192),
    claims(),
)
verify(
    "size-8193-bytes",
    "A token of 8193 bytes, otherwise valid, is too large.",
    sized(8193),
    error("token_too_large"),
)
verify(
    "size-garbage",
    "10000 bytes of garbage: too large before malformed.",
    "a" * 10000,
    error("token_too_large"),
)
verify(
    "size-bytes-not-characters",
    "4097 two-byte characters are 8194 bytes: too large, not malformed.",
    "é" * 4097,
    error("token_too_large"),
)
verify(
    "size-multibyte-under-limit",
    "4000 two-byte characters are 8000 bytes: under the limit, malformed.",
    "é" * 4000,
    error("malformed_token"),
)


# malformed_token: segments and base64url.
def alphabet_trouble():
    """A payload segment holding both '-' and '_' (where standard base64 has '+' and '/')."""
    for pad in range(3):
        p = seg(payload(name="x" * pad + "~~~???"))
        if "-" in p and "_" in p:
            return p
    raise AssertionError("no payload with both - and _")


def tweak_last(segment):
    """Set the unused low bits of the last character: the same bytes to a lax decoder."""
    abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return segment[:-1] + abc[abc.index(segment[-1]) + 1]


def padded(segment):
    assert len(segment) % 4, "this segment needs no padding"
    return segment + "=" * (-len(segment) % 4)


# A header and a payload whose lengths are not multiples of 3, so their segments
# have unused bits in the last character and would take '=' padding.
HP = seg(b'{"alg":"HS256","typ":"JWT","kid":"k1"}')
PP = seg(payload(name="Ada King"))
P_URL = alphabet_trouble()

for case_id, description, tok in [
    ("empty-token", "An empty token.", ""),
    ("one-segment", "A single segment.", H),
    ("two-segments", "Header and payload without a signature segment.", H + "." + P),
    ("four-segments", "Four segments.", BASIC + "." + S),
    ("five-segments", "Five segments (a JWE shape).", BASIC + ".." + S),
    ("only-dots", "Two dots and nothing else.", ".."),
    ("empty-header", "An empty header segment.", signed("", P)),
    ("empty-payload", "An empty payload segment.", signed(H, "")),
    ("padding-header", "'=' padding on the header segment.", signed(padded(HP), P)),
    ("padding-payload", "'=' padding on the payload segment.", signed(H, padded(PP))),
    ("padding-signature", "'=' padding on the signature segment.", padded(BASIC)),
    (
        "standard-base64-plus",
        "'+' (standard base64) instead of '-'.",
        signed(H, P_URL.replace("-", "+")),
    ),
    (
        "standard-base64-slash",
        "'/' (standard base64) instead of '_'.",
        signed(H, P_URL.replace("_", "/")),
    ),
    (
        "non-canonical-signature",
        "Non-zero unused bits in the signature's last character.",
        H + "." + P + "." + tweak_last(S),
    ),
    (
        "non-canonical-header",
        "Non-zero unused bits in the header's last character.",
        signed(tweak_last(HP), P),
    ),
    (
        "non-canonical-payload",
        "Non-zero unused bits in the payload's last character.",
        signed(H, tweak_last(PP)),
    ),
    (
        "length-mod-4-is-1",
        "A segment whose length mod 4 is 1 cannot be base64.",
        signed(H + "A", P),
    ),
    (
        "invalid-character",
        "A '*' inside the payload segment.",
        signed(H, P[:10] + "*" + P[11:]),
    ),
    (
        "non-ascii-character",
        "A non-ASCII character inside the payload segment.",
        signed(H, P[:10] + "é" + P[11:]),
    ),
    ("trailing-newline", "A newline after the token.", BASIC + "\n"),
    ("leading-space", "A space before the token.", " " + BASIC),
    (
        "newline-inside",
        "A newline inside the payload segment.",
        signed(H, P[:20] + "\n" + P[20:]),
    ),
    (
        "tab-inside",
        "A tab inside the signature segment.",
        H + "." + P + "." + S[:10] + "\t" + S[10:],
    ),
    ("space-between-segments", "A space after a dot.", H + ". " + P + "." + S),
]:
    verify("malformed-" + case_id, description, tok, error("malformed_token"))


def with_byte(raw):
    """The basic payload with raw bytes in the display name."""
    return payload(name="Ada \x00").replace(b"\\u0000", raw)


# malformed_token: JSON. (id, description, header bytes, payload bytes)
for case_id, description, head, body in [
    ("header-not-json", "A header that is not JSON.", b"alg=HS256", payload()),
    ("header-array", "A header that is a JSON array.", b'["HS256"]', payload()),
    ("header-string", "A header that is a JSON string.", b'"HS256"', payload()),
    ("header-null", "A header that is JSON null.", b"null", payload()),
    (
        "header-invalid-utf8",
        "Invalid UTF-8 in the header.",
        b'{"alg":"HS256","typ":"JWT","kid":"\xff"}',
        payload(),
    ),
    (
        "header-duplicate-alg",
        "Duplicate alg in the header, same value.",
        b'{"alg":"HS256","alg":"HS256"}',
        payload(),
    ),
    (
        "header-duplicate-alg-none",
        "Duplicate alg in the header, none then HS256.",
        b'{"alg":"none","typ":"JWT","alg":"HS256"}',
        payload(),
    ),
    (
        "header-duplicate-escaped",
        "A duplicate key spelled with a \\u escape.",
        b'{"alg":"HS256","typ":"JWT","\\u0061lg":"none"}',
        payload(),
    ),
    (
        "header-crit",
        "A header with crit.",
        b'{"alg":"HS256","typ":"JWT","crit":["exp"]}',
        payload(),
    ),
    (
        "header-crit-empty",
        "A header with an empty crit list.",
        b'{"alg":"HS256","typ":"JWT","crit":[]}',
        payload(),
    ),
    (
        "payload-not-json",
        "A payload that is not JSON.",
        HEADER,
        b"email=ada@example.com",
    ),
    ("payload-array", "A payload that is a JSON array.", HEADER, b"[]"),
    ("payload-string", "A payload that is a JSON string.", HEADER, b'"x"'),
    ("payload-null", "A payload that is JSON null.", HEADER, b"null"),
    ("payload-number", "A payload that is a JSON number.", HEADER, b"123"),
    ("payload-truncated", "A payload cut off mid-object.", HEADER, payload()[:-10]),
    (
        "payload-trailing-garbage",
        "A payload with bytes after the object.",
        HEADER,
        payload() + b"x",
    ),
    (
        "payload-two-objects",
        "Two JSON objects in the payload.",
        HEADER,
        payload() + payload(),
    ),
    (
        "payload-trailing-comma",
        "A trailing comma in the payload object.",
        HEADER,
        payload()[:-1] + b",}",
    ),
    (
        "payload-single-quotes",
        "Single-quoted JSON.",
        HEADER,
        payload().replace(b'"', b"'"),
    ),
    (
        "payload-nan-literal",
        "A NaN literal is not JSON.",
        HEADER,
        payload(iat=0).replace(b'"iat":0', b'"iat":NaN'),
    ),
    (
        "payload-infinity-literal",
        "An Infinity literal is not JSON.",
        HEADER,
        payload(exp=0).replace(b'"exp":0', b'"exp":Infinity'),
    ),
    (
        "payload-bom",
        "A UTF-8 byte order mark before the payload JSON.",
        HEADER,
        b"\xef\xbb\xbf" + payload(),
    ),
    (
        "payload-invalid-utf8",
        "A 0xFF byte inside a payload string.",
        HEADER,
        with_byte(b"\xff"),
    ),
    (
        "payload-overlong-utf8",
        "An overlong UTF-8 encoding of '/' in the payload.",
        HEADER,
        with_byte(b"\xc0\xaf"),
    ),
    (
        "payload-encoded-surrogate",
        "A UTF-8-encoded surrogate (ED A0 80) in the payload.",
        HEADER,
        with_byte(b"\xed\xa0\x80"),
    ),
    (
        "payload-duplicate-email",
        "Duplicate email claim.",
        HEADER,
        payload()[:-1] + b',"email":"eve@example.com"}',
    ),
    (
        "payload-duplicate-exp",
        "Duplicate exp claim extending the lifetime.",
        HEADER,
        payload()[:-1] + b',"exp":4102444800}',
    ),
]:
    verify(
        "malformed-" + case_id, description, token(head, body), error("malformed_token")
    )

# unsupported_algorithm
NONE_HEADER = b'{"alg":"none","typ":"JWT"}'
verify(
    "alg-none-empty-signature",
    "alg none with an empty signature.",
    seg(NONE_HEADER) + "." + P + ".",
    error("unsupported_algorithm"),
)
for case_id, description, head in [
    ("alg-none-signed", "alg none with a real HMAC signature.", NONE_HEADER),
    ("alg-none-capitalized", "alg None.", b'{"alg":"None","typ":"JWT"}'),
    ("alg-none-upper", "alg NONE.", b'{"alg":"NONE","typ":"JWT"}'),
    ("alg-none-mixed", "alg nOnE.", b'{"alg":"nOnE","typ":"JWT"}'),
    ("alg-missing", "A header without alg.", b'{"typ":"JWT"}'),
    (
        "alg-lowercase",
        "alg hs256: the comparison is exact.",
        b'{"alg":"hs256","typ":"JWT"}',
    ),
    (
        "alg-trailing-space",
        'alg "HS256 " with a trailing space.',
        b'{"alg":"HS256 ","typ":"JWT"}',
    ),
    ("alg-hs384", "alg HS384.", b'{"alg":"HS384","typ":"JWT"}'),
    ("alg-hs512", "alg HS512 (signed with HS256).", b'{"alg":"HS512","typ":"JWT"}'),
    (
        "alg-rs256",
        "alg RS256 (key confusion), HMAC-signed with the secret.",
        b'{"alg":"RS256","typ":"JWT"}',
    ),
    ("alg-es256", "alg ES256.", b'{"alg":"ES256","typ":"JWT"}'),
    ("alg-null", "alg null.", b'{"alg":null,"typ":"JWT"}'),
    ("alg-number", "alg as a number.", b'{"alg":256,"typ":"JWT"}'),
    ("alg-array", "alg as an array.", b'{"alg":["HS256"],"typ":"JWT"}'),
    ("typ-jws", "typ JWS.", b'{"alg":"HS256","typ":"JWS"}'),
    ("typ-number", "typ as a number.", b'{"alg":"HS256","typ":1}'),
    ("typ-null", "typ null.", b'{"alg":"HS256","typ":null}'),
]:
    verify(case_id, description, token(head, payload()), error("unsupported_algorithm"))
verify(
    "alg-none-with-bad-signature-and-expired",
    "alg none is reported before the signature and the clock.",
    seg(NONE_HEADER) + "." + seg(payload(iat=0, exp=1)) + ".",
    error("unsupported_algorithm"),
)

# bad_signature
TAG = tag(H + "." + P, SECRET)
SPACED = (
    b'{"email": "ada@example.com", "displayName": "Ada Lovelace", '
    b'"iat": 1764115200, "exp": 1764115500}'
)
for case_id, description, tok in [
    (
        "tampered-payload",
        "The payload changed, the old signature kept.",
        H + "." + seg(payload(email="eve@example.com")) + "." + S,
    ),
    ("other-secret", "Signed with another secret.", good(secret=OTHER)),
    (
        "secret-base64-decoded",
        "Signed with the base64-decoded secret; the secret is used as text.",
        good(secret=base64.b64decode(LOOKS_BASE64)),
    ),
    (
        "secret-trailing-newline",
        "Signed with the secret plus a trailing newline.",
        good(secret=SECRET + "\n"),
    ),
    (
        "empty-signature",
        "An empty signature segment decodes to zero bytes.",
        H + "." + P + ".",
    ),
    (
        "truncated-tag",
        "The first 16 bytes of the right tag.",
        H + "." + P + "." + seg(TAG[:16]),
    ),
    (
        "tag-33-bytes",
        "The right tag plus one byte.",
        H + "." + P + "." + seg(TAG + b"\x00"),
    ),
    (
        "tag-31-bytes",
        "The right tag minus its last byte.",
        H + "." + P + "." + seg(TAG[:-1]),
    ),
    (
        "tag-last-byte-flipped",
        "The right tag with its last byte changed.",
        H + "." + P + "." + seg(TAG[:-1] + bytes([TAG[-1] ^ 1])),
    ),
    ("tag-zeros", "32 zero bytes.", H + "." + P + "." + seg(bytes(32))),
    (
        "hs512-tag",
        "An HMAC-SHA512 tag under an HS256 header.",
        H + "." + P + "." + seg(tag(H + "." + P, SECRET, hashlib.sha512)),
    ),
    (
        "signature-of-reserialized-json",
        "Signed over compact JSON, sent with spaced JSON: the MAC is over the received bytes.",
        H + "." + seg(SPACED) + "." + S,
    ),
    (
        "signature-of-other-header",
        "A signature made over a different header encoding.",
        seg(b'{"typ":"JWT","alg":"HS256"}') + "." + P + "." + S,
    ),
    (
        "bad-signature-and-expired",
        "The signature is checked before the clock.",
        H + "." + seg(payload(iat=0, exp=300)) + "." + S,
    ),
]:
    verify(case_id, description, tok, error("bad_signature"))

# invalid_claims
for case_id, description, body in [
    (
        "email-missing",
        "No email claim.",
        dumps({"displayName": NAME, "iat": IAT, "exp": EXP}),
    ),
    (
        "name-missing",
        "No displayName claim.",
        dumps({"email": EMAIL, "iat": IAT, "exp": EXP}),
    ),
    (
        "iat-missing",
        "No iat claim.",
        dumps({"email": EMAIL, "displayName": NAME, "exp": EXP}),
    ),
    (
        "exp-missing",
        "No exp claim.",
        dumps({"email": EMAIL, "displayName": NAME, "iat": IAT}),
    ),
    ("email-number", "email as a number.", payload(email=42)),
    ("email-null", "email null.", payload(email=None)),
    ("name-null", "displayName null.", payload(name=None)),
    ("name-array", "displayName as an array.", payload(name=["Ada"])),
    ("iat-string", "iat as a string of digits.", payload(iat="1764115200")),
    ("exp-string", "exp as a string of digits.", payload(exp="1764115500")),
    ("iat-null", "iat null.", payload(iat=None)),
    ("exp-null", "exp null.", payload(exp=None)),
    ("iat-bool", "iat true.", payload(iat=True)),
    ("exp-bool", "exp false.", payload(exp=False)),
    ("iat-negative", "A negative iat.", payload(iat=-1)),
    ("exp-negative", "A negative exp.", payload(exp=-1)),
    (
        "exp-1e400",
        "exp 1e400 overflows a double: not finite.",
        payload(exp=0).replace(b'"exp":0', b'"exp":1e400'),
    ),
    (
        "iat-1e400",
        "iat 1e400 overflows a double: not finite.",
        payload(iat=0).replace(b'"iat":0', b'"iat":1e400'),
    ),
    ("exp-object", "exp as an object.", payload(exp={"value": EXP})),
    (
        "checked-before-clock",
        "A bad claim is reported before expiry.",
        payload(email=42, iat=0, exp=300),
    ),
]:
    verify(
        "claims-" + case_id, description, token(HEADER, body), error("invalid_claims")
    )

# Which failure wins when several apply.
verify(
    "order-expired-before-not-yet-valid",
    "Both expired and not yet valid (exp < iat): expired wins.",
    good(iat=VNOW + 100, exp=VNOW - 100),
    error("token_expired"),
)
verify(
    "order-expired-before-lifetime",
    "Expired and too long: expired wins.",
    good(iat=0, exp=VNOW - 100),
    error("token_expired"),
)
verify(
    "order-not-yet-valid-before-lifetime",
    "Not yet valid and too long: not yet valid wins.",
    good(iat=VNOW + 100, exp=VNOW + 100 + 90000),
    error("token_not_yet_valid"),
)
verify(
    "order-too-large-before-malformed",
    "Too large and malformed: too large wins.",
    sized(8193)[:-43] + "=" * 43,
    error("token_too_large"),
)
verify(
    "order-malformed-before-algorithm",
    "A padded segment and alg none: malformed wins.",
    padded(seg(NONE_HEADER)) + "." + P + ".",
    error("malformed_token"),
)

# Invalid options and secrets (the token itself is valid).
for case_id, description, options in [
    ("leeway-negative", "leeway -1.", {"leeway": -1}),
    ("leeway-301", "leeway 301 is over the 300 s maximum.", {"leeway": 301}),
    (
        "leeway-300-and-a-half",
        "leeway 300.5 is over the 300 s maximum.",
        {"leeway": 300.5},
    ),
    ("leeway-nan", "leeway NaN.", {"leeway": NAN}),
    ("leeway-infinity", "leeway Infinity.", {"leeway": INF}),
    ("leeway-bool", "leeway true.", {"leeway": True}),
    ("leeway-max-float", "leeway the largest double (fuzzing).", {"leeway": MAX_FLOAT}),
    ("max-lifetime-0", "max_lifetime 0.", {"max_lifetime": 0}),
    (
        "max-lifetime-half",
        "max_lifetime 0.5 is under the 1 s minimum.",
        {"max_lifetime": 0.5},
    ),
    (
        "max-lifetime-86401",
        "max_lifetime 86401 is over a day.",
        {"max_lifetime": 86401},
    ),
    ("max-lifetime-nan", "max_lifetime NaN.", {"max_lifetime": NAN}),
    ("max-lifetime-infinity", "max_lifetime Infinity.", {"max_lifetime": INF}),
    ("max-lifetime-bool", "max_lifetime true.", {"max_lifetime": True}),
    ("now-negative", "now -1.", {"now": -1}),
    ("now-nan", "now NaN.", {"now": NAN}),
    ("now-infinity", "now Infinity.", {"now": INF}),
    ("now-negative-infinity", "now -Infinity.", {"now": -INF}),
    ("now-past-max", "now one second past 9999-12-31T23:59:59Z.", {"now": MAX_NOW + 1}),
    ("secrets-empty", "An empty list of secrets.", {"secrets": []}),
]:
    verify("option-" + case_id, description, BASIC, error("invalid_option"), **options)
for case_id, description, options in [
    ("secret-31-bytes", "A 31-byte secret.", {"secret": SECRET[:31]}),
    ("secret-32-spaces", "A secret of 32 spaces.", {"secret": " " * 32}),
    ("secret-empty", "An empty secret.", {"secret": ""}),
    ("secret-ideographic-spaces", "11 U+3000 (33 bytes).", {"secret": "\u3000" * 11}),
    (
        "secret-every-unicode-whitespace",
        "All 25 White_Space characters.",
        {"secret": "".join(sorted(WHITE_SPACE))},
    ),
    (
        "secret-em-spaces-in-list",
        "A list with one good secret and 11 U+2003 (33 bytes).",
        {"secrets": [SECRET, "\u2003" * 11]},
    ),
    (
        "secret-short-in-list",
        "A list with one good secret and one 31-byte secret.",
        {"secrets": [SECRET, PREVIOUS[:31]]},
    ),
]:
    verify(case_id, description, BASIC, error("invalid_secret"), **options)


# --- lone surrogates ---------------------------------------------------------------
#
# A Python str or a JS string can hold a lone UTF-16 surrogate, which is not text.
# JSON files cannot carry one as a raw string, so such a value is written as
# {"utf16": parts} (see README.md): each runner rebuilds the string itself.


def utf16_json(text):
    """`text` as {"utf16": parts}: runs of text, and each surrogate as its code unit."""
    parts = []
    for ch in text:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            parts.append(ord(ch))
        elif parts and isinstance(parts[-1], str):
            parts[-1] += ch
        else:
            parts.append(ch)
    return {"utf16": parts}


def lone_surrogate_cases():
    # Mint: an email or a name that is not text is refused with its own code.
    for case_id, description, email in [
        (
            "email-lone-high-surrogate",
            "A lone high surrogate in the email.",
            "a\ud800@example.com",
        ),
        (
            "email-lone-low-surrogate",
            "A lone low surrogate in the email.",
            "ada@exa\udc00mple.com",
        ),
    ]:
        mint(case_id, description, expect="invalid_email")
        MINT[-1]["email"] = utf16_json(email)
    for case_id, description, name in [
        (
            "name-lone-high-surrogate",
            "A lone high surrogate ends the name.",
            "Ada \ud800",
        ),
        (
            "name-lone-low-surrogate",
            "A lone low surrogate starts the name.",
            "\udc00Ada",
        ),
        (
            "name-reversed-surrogate-pair",
            "A low surrogate then a high one: two lone surrogates, not a pair.",
            "Ada \ude00\ud83d",
        ),
    ]:
        mint(case_id, description, expect="invalid_display_name")
        MINT[-1]["name"] = utf16_json(name)
    # The same form with a proper pair is ordinary text.
    mint(
        "name-utf16-surrogate-pair",
        "A name given as UTF-16 code units with a proper surrogate pair is U+1F600.",
        name="Ada 😀",
    )
    MINT[-1]["name"] = {"utf16": ["Ada ", 0xD83D, 0xDE00]}

    # Verify, step 1: a lone surrogate counts 3 bytes, as its U+FFFD replacement does.
    base = "a" * 8187
    for case_id, description, text, code in [
        (
            "size-lone-surrogate-8190-bytes",
            "8187 ASCII bytes and a lone surrogate: 8190 bytes, so malformed, not too large.",
            base + "\ud800",
            "malformed_token",
        ),
        (
            "size-lone-surrogate-8192-bytes",
            "8189 ASCII bytes and a lone surrogate: exactly 8192 bytes, so malformed.",
            "a" * 8189 + "\udc00",
            "malformed_token",
        ),
        (
            "size-lone-surrogate-8193-bytes",
            "8190 ASCII bytes and a lone surrogate: 8193 bytes, too large.",
            "a" * 8190 + "\ud800",
            "token_too_large",
        ),
        (
            "size-two-lone-surrogates-8193-bytes",
            "8187 ASCII bytes and two lone surrogates (low, high): 8193 bytes, too large.",
            "a" * 8187 + "\udc00\ud800",
            "token_too_large",
        ),
        (
            "lone-surrogate-after-valid-token",
            "A valid token followed by a lone low surrogate.",
            BASIC + "\udc80",
            "malformed_token",
        ),
        (
            "lone-surrogate-first",
            "A lone high surrogate before a valid token.",
            "\ud800" + BASIC,
            "malformed_token",
        ),
    ]:
        verify(case_id, description, "", error(code))
        VERIFY[-1]["token"] = utf16_json(text)
    # A binding may refuse by length alone only when the length settles it: 4097
    # characters of two bytes each are 4097 code points or UTF-16 code units,
    # and 8194 bytes.
    verify(
        "size-two-byte-characters-8194-bytes",
        "4097 times U+00E9: under 8192 characters, over 8192 bytes: too large.",
        "é" * 4097,
        error("token_too_large"),
    )

    # Verify, step 2: a \u escape of a lone surrogate anywhere in the JSON.
    def body(extra):
        """The payload's JSON text: the usual claims, then `extra` members as written."""
        return payload()[:-1].decode() + "," + extra + "}"

    def named(text):
        """The usual claims with `text` (JSON string content) as the displayName."""
        return (
            '{"email":"ada@example.com","displayName":"'
            + text
            + '","iat":'
            + str(IAT)
            + ',"exp":'
            + str(EXP)
            + "}"
        )

    lone = "\\ud800"  # the six characters of the escape
    for case_id, description, header, text in [
        (
            "escape-lone-surrogate-display-name",
            "displayName holds the escape of a lone high surrogate.",
            HEADER,
            named("Ada " + lone),
        ),
        (
            "escape-lone-surrogate-email",
            "email holds the escape of a lone low surrogate.",
            HEADER,
            named("Ada").replace("ada@", "ada\\udc00@"),
        ),
        (
            "escape-lone-surrogate-unknown-claim",
            "An unknown claim holds a lone surrogate escape.",
            HEADER,
            body('"note":"' + lone + '"'),
        ),
        (
            "escape-lone-surrogate-nested",
            "A lone surrogate escape in an array inside an unknown claim.",
            HEADER,
            body('"x":{"y":["ok","\\udfff"]}'),
        ),
        (
            "escape-lone-surrogate-key",
            "A payload key that is a lone surrogate escape.",
            HEADER,
            body('"' + lone + '":1'),
        ),
        (
            "escape-lone-surrogate-nested-key",
            "A lone surrogate escape as a key of a nested object.",
            HEADER,
            body('"x":{"\\udbff":1}'),
        ),
        (
            "escape-high-then-other-escape",
            "A high surrogate escape followed by \\u0041, not by a low surrogate.",
            HEADER,
            body('"note":"\\ud800\\u0041"'),
        ),
        (
            "escape-reversed-surrogate-pair",
            "A low surrogate escape then a high one: not a pair.",
            HEADER,
            body('"note":"\\ude00\\ud83d"'),
        ),
        (
            "escape-lone-surrogate-header-value",
            "The header's kid holds a lone surrogate escape.",
            b'{"alg":"HS256","typ":"JWT","kid":"\\udc00"}',
            payload().decode(),
        ),
        (
            "escape-lone-surrogate-header-key",
            "A header key that is a lone surrogate escape.",
            b'{"alg":"HS256","typ":"JWT","\\ud800":"x"}',
            payload().decode(),
        ),
    ]:
        verify(
            case_id, description, token(header, text.encode()), error("malformed_token")
        )
    verify(
        "escape-lone-surrogate-before-bad-signature",
        "A lone surrogate escape and a wrong secret: malformed wins.",
        token(HEADER, body('"note":"' + lone + '"').encode(), OTHER),
        error("malformed_token"),
    )
    # Escapes that are fine: a proper pair, and an escaped backslash before "ud800".
    verify(
        "escape-surrogate-pair-unknown-claim",
        "An unknown claim holding an escaped surrogate pair (U+1F600) verifies.",
        token(HEADER, body('"note":"\\ud83d\\ude00"').encode()),
        claims(),
    )
    verify(
        "escape-backslash-then-ud800",
        'A name holding a backslash then the letters "ud800" is text, not an escape.',
        token(HEADER, named("Ada \\\\ud800").encode()),
        claims(name="Ada \\ud800"),
    )


lone_surrogate_cases()


# --- write -----------------------------------------------------------------------------


def expected_codes(cases):
    """The error codes the cases expect, in the contract's order."""
    seen = {case["expect"].get("error") for case in cases}
    return [code for code in ERROR_CODES if code in seen]


def write(filename, description, cases):
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    # The runners check these against what they load and against their own lists.
    document = {
        "version": 1,
        "description": description,
        "case_count": len(cases),
        "error_codes": expected_codes(cases),
        "cases": cases,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    with open(os.path.join(HERE, filename), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


assert expected_codes(MINT + VERIFY) == ERROR_CODES, "a code without a vector"
write(
    "mint.json",
    "Mint cases: inputs and a fixed now, with the exact token, error code or type error. "
    "Generated by generate.py; see README.md.",
    MINT,
)
write(
    "verify.json",
    "Verify cases: a token, secret(s), a fixed now and options, with the claims or error "
    "code. Generated by generate.py; see README.md.",
    VERIFY,
)
