#!/usr/bin/env python3
"""Write endpoint.json: the site side's shared vectors, next to this file.

What every web integration (Flask, Django, Express, axum, ...) must answer, for
the same settings, request and signed-in user. The expected answers come from a
model of the rules written here with the Python standard library only, never
from the code under test.

Run:  python3 tests/vectors/generate_endpoint.py
The output is deterministic: running it twice gives identical files.
"""

import hashlib
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COMPANION = os.path.join(ROOT, "crates", "chat-autologin", "companion", "client.js")

# Secrets (used as typed; the vendor's are 76 characters).
SECRET = "endpoint-vectors-single-desk-secret-0123456789-abcdefghijklmnopqrstuvwxy"
SUPPORT = "endpoint-vectors-support-desk-secret-0123456789-abcdefghijklmnopqrstuvwx"
SALES = "endpoint-vectors-sales-desk-secret-0123456789-abcdefghijklmnopqrstuvwxyz0"
SECRETS_ALL = [SECRET, SUPPORT, SALES]

DEFAULT_PREFIX = "/chat-autologin"
DEFAULT_TTL = 300
MIN_SECRET_BYTES = 32

JSON_HEADERS = {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}

with open(COMPANION, "rb") as companion:
    SCRIPT_BYTES = companion.read()
VERSION = hashlib.sha256(SCRIPT_BYTES).hexdigest()[:16]
ETAG = f'"{VERSION}"'
SCRIPT_HEADERS = {
    "Content-Type": "application/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=86400",
    "ETag": ETAG,
    "X-Content-Type-Options": "nosniff",
}

ADA = {"email": "ada@example.com", "displayName": "Ada Lovelace"}


def utf16(text):
    """A string that JSON cannot carry raw (a lone surrogate), as UTF-16 code units."""
    return {"utf16": list(text)}


def lone(prefix, unit, suffix=""):
    """`prefix` + the lone surrogate `unit` + `suffix`, as UTF-16 code units."""
    units = list(prefix.encode("utf-16-le"))
    code = [units[i] | units[i + 1] << 8 for i in range(0, len(units), 2)]
    tail = list(suffix.encode("utf-16-le"))
    tail_code = [tail[i] | tail[i + 1] << 8 for i in range(0, len(tail), 2)]
    return {"utf16": [*code, unit, *tail_code]}


def is_text(value):
    return isinstance(value, str)


# --- the model: settings ---------------------------------------------------------


class SettingsError(Exception):
    def __init__(self, setting, code):
        super().__init__(setting, code)
        self.setting = setting
        self.code = code


def secret_ok(value):
    """The mint rule for a secret given as a string."""
    if not isinstance(value, str):
        return False
    raw = value.encode("utf-8")
    # Rust's char::is_whitespace is Unicode White_Space; str.isspace differs only
    # on U+001C..U+001F, which these vectors do not use.
    return len(raw) >= MIN_SECRET_BYTES and not all(c.isspace() for c in value)


DESK_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
DOMAIN_LABEL = re.compile(r"[A-Za-z0-9_-]+")
PREFIX_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def judge(settings):
    """The judged settings, or SettingsError(setting, code)."""
    secret = settings.get("secret")
    secrets = settings.get("secrets")
    ttl = settings.get("ttl")
    if ttl is None:
        ttl_result = DEFAULT_TTL
    elif (
        isinstance(ttl, bool)
        or not isinstance(ttl, (int, float))
        or ttl != int(ttl)
        or not 1 <= ttl <= 86400
    ):
        ttl_result = SettingsError("ttl", "invalid_ttl")
    else:
        ttl_result = int(ttl)
    if secret is not None and secrets is not None:
        raise SettingsError("secrets", "invalid_option")
    if secret is None and secrets is None:
        raise SettingsError("secret", "invalid_secret")
    if secrets is None:
        if not secret_ok(secret):
            raise SettingsError("secret", "invalid_secret")
        desks = None
    else:
        if not isinstance(secrets, dict) or not secrets:
            raise SettingsError("secrets", "invalid_option")
        for name, value in secrets.items():
            if not DESK_NAME.fullmatch(name):
                raise SettingsError("secrets", "invalid_option")
            if not secret_ok(value):
                raise SettingsError("secrets", "invalid_secret")
        desks = list(secrets)
    if isinstance(ttl_result, SettingsError):
        raise ttl_result
    domains = settings.get("allowed_email_domains")
    if domains is not None:
        if not isinstance(domains, list) or not domains:
            raise SettingsError("allowed_email_domains", "invalid_option")
        judged = []
        for item in domains:
            if not isinstance(item, str):
                raise SettingsError("allowed_email_domains", "invalid_option")
            domain = item.removeprefix("@")
            # Labels of at most 63 characters, 253 in all (RFC 1035).
            labels = domain.split(".")
            if (
                not domain
                or len(domain) > 253
                or not all(
                    DOMAIN_LABEL.fullmatch(label) and len(label) <= 63
                    for label in labels
                )
            ):
                raise SettingsError("allowed_email_domains", "invalid_option")
            if not domain.isascii():
                raise SettingsError("allowed_email_domains", "invalid_option")
            judged.append(domain.lower())
        domains = judged
    prefix = settings.get("path_prefix", DEFAULT_PREFIX)
    if prefix is None:
        prefix = DEFAULT_PREFIX
    if not isinstance(prefix, str) or not prefix.startswith("/"):
        raise SettingsError("path_prefix", "invalid_option")
    stripped = prefix.removesuffix("/")
    if stripped:
        for segment in stripped[1:].split("/"):
            if segment in (".", "..") or not PREFIX_SEGMENT.fullmatch(segment):
                raise SettingsError("path_prefix", "invalid_option")
    return {
        "secret": secret,
        "secrets": secrets,
        "desks": desks,
        "ttl": ttl_result,
        "domains": domains,
        "prefix": stripped,
    }


# --- the model: the token endpoint -------------------------------------------------


def form_values(query, name):
    """The values of `name` in a query string, decoded as an HTML form does."""

    def decode(component):
        out = bytearray()
        raw = component.encode("latin-1")
        i = 0
        while i < len(raw):
            b = raw[i]
            if b == ord("+"):
                out.append(0x20)
            elif (
                b == ord("%")
                and i + 2 < len(raw) + 0
                and all(chr(c) in "0123456789abcdefABCDEF" for c in raw[i + 1 : i + 3])
                and len(raw[i + 1 : i + 3]) == 2
            ):
                out.append(int(raw[i + 1 : i + 3], 16))
                i += 2
            else:
                out.append(b)
            i += 1
        return bytes(out)

    values = []
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if decode(key) == name.encode():
            values.append(decode(value).decode("utf-8", "replace"))
    return values


def json_body(body):
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def error(status, code, head, **headers):
    return {
        "status": status,
        "headers": {**JSON_HEADERS, **headers},
        "body": None if head else json_body({"error": code}),
    }


def user_text(value):
    """A user's string: (text or its lossy form, is_text)."""
    if isinstance(value, dict):
        units = value["utf16"]
        raw = b"".join(u.to_bytes(2, "little") for u in units)
        text = raw.decode("utf-16-le", "surrogatepass")
        try:
            text.encode("utf-8")
            return text, True
        except UnicodeEncodeError:
            return raw.decode("utf-16-le", "replace"), False
    return value, True


def email_ok(email):
    raw = email.encode("utf-8")
    if not 3 <= len(raw) <= 254:
        return False
    if any(c.isspace() or is_control(c) for c in email):
        return False
    local, at, domain = email.partition("@")
    return at == "@" and "@" not in domain and bool(local) and bool(domain)


def is_control(c):
    return ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F


def name_ok(name):
    return (
        1 <= len(name) <= 255
        and not all(c.isspace() for c in name)
        and not any(is_control(c) for c in name)
    )


def token_answer(site, request, user):
    """(answer, looks_up_user, warning) for one token request."""
    method = request["method"]
    head = method == "HEAD"
    if method not in ("GET", "HEAD"):
        return error(405, "method_not_allowed", False, Allow="GET, HEAD"), False, None
    fetch_site = request.get("headers", {}).get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.strip().lower() == "cross-site":
        return error(403, "cross_site_request", head), False, None
    desks = form_values(request.get("query", ""), "desk")
    if len(desks) > 1:
        return error(400, "desk_ambiguous", head), False, None
    desk = desks[0] if desks else None
    if site["desks"] is None:
        secret = site["secret"]
    elif not desk:
        return error(400, "desk_required", head), False, None
    elif desk not in site["desks"]:
        return error(404, "unknown_desk", head), False, None
    else:
        secret = site["secrets"][desk]
    if user is None:
        return error(401, "not_authenticated", head), True, None
    email, email_is_text = user_text(user["email"])
    if site["domains"] is not None:
        domain = email.rpartition("@")[2]
        lowered = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in domain)
        if lowered not in site["domains"]:
            return error(403, "email_domain_not_allowed", head), True, None
    name, name_is_text = user_text(user.get("displayName"))
    if name_is_text and (
        name is None or not name.strip() or all(c.isspace() for c in name)
    ):
        name = email
    if not email_is_text or not email_ok(email):
        return error(403, "invalid_email", head), True, "invalid_email"
    if not name_is_text or not name_ok(name):
        return error(403, "invalid_display_name", head), True, "invalid_display_name"
    answer = {
        "status": 200,
        "headers": dict(JSON_HEADERS),
        "body": None,
        "token": {
            "secret": secret,
            "email": email,
            "displayName": name,
            "ttl": site["ttl"],
        },
    }
    if head:
        answer["token"] = None
    return answer, True, None


# --- cases ---------------------------------------------------------------------------

SINGLE = {"secret": SECRET}
DESKS = {"secrets": {"support": SUPPORT, "sales": SALES}}
DOMAINS = {"secret": SECRET, "allowed_email_domains": ["example.com"]}

settings_cases = []
token_cases = []
script_cases = []


def settings_case(case_id, description, settings, excludes=()):
    try:
        judge(settings)
    except SettingsError as failure:
        expect = {"error": {"code": failure.code, "setting": failure.setting}}
    else:
        raise SystemExit(
            f"{case_id}: these settings are valid; a settings case must fail"
        )
    settings_cases.append(
        {
            "id": f"settings-{case_id}",
            "description": description,
            "settings": settings,
            "expect": expect,
            "message_excludes": sorted(set(excludes) | {s for s in SECRETS_ALL}),
        }
    )


def path_of(site, route):
    return f"{site['prefix']}{route}"


def token_case(
    case_id, description, settings, user=ADA, method="GET", query="", headers=None
):
    site = judge(settings)
    request = {"method": method, "path": path_of(site, "/token"), "query": query}
    request["headers"] = headers or {}
    answer, looks_up, warning = token_answer(site, request, user)
    answer["looks_up_user"] = looks_up
    answer["warning"] = warning
    token_cases.append(
        {
            "id": f"token-{case_id}",
            "description": description,
            "settings": settings,
            "request": request,
            "user": user,
            "expect": answer,
        }
    )


def client_case(case_id, description, settings=SINGLE, method="GET", headers=None):
    site = judge(settings)
    head = method == "HEAD"
    if method not in ("GET", "HEAD"):
        expect = error(405, "method_not_allowed", False, Allow="GET, HEAD")
        expect["script"] = False
    else:
        inm = (headers or {}).get("If-None-Match")
        tags = [t.strip() for t in inm.split(",")] if inm is not None else []
        cached = any(t == "*" or (t.removeprefix("W/")) == ETAG for t in tags)
        # A 304 has no body, so no Content-Type (RFC 9110 15.4.5).
        answer_headers = {
            k: v
            for k, v in SCRIPT_HEADERS.items()
            if not (cached and k == "Content-Type")
        }
        expect = {
            "status": 304 if cached else 200,
            "headers": answer_headers,
            "body": None,
            "script": not cached and not head,
        }
    token_cases.append(
        {
            "id": f"client-js-{case_id}",
            "description": description,
            "settings": settings,
            "request": {
                "method": method,
                "path": path_of(site, "/client.js"),
                "query": "",
                "headers": headers or {},
            },
            "user": None,
            "expect": {**expect, "looks_up_user": False, "warning": None},
        }
    )


def not_routed(case_id, description, settings, path):
    token_cases.append(
        {
            "id": f"route-{case_id}",
            "description": description,
            "settings": settings,
            "request": {"method": "GET", "path": path, "query": "", "headers": {}},
            "user": ADA,
            "expect": {"status": 404, "not_routed": True, "looks_up_user": False},
        }
    )


def escape(text):
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def script_case(case_id, description, settings, options, anonymous=False):
    """The tag for a page; `src` is the path of client.js as the site routes it."""
    site = judge(settings)
    src = path_of(site, "/client.js")
    desk = options.get("desk")
    retry = options.get("retry_for")
    failure = None
    if (
        site["desks"] is None
        and desk is not None
        or site["desks"] is not None
        and (desk is None or desk not in site["desks"])
        or retry is not None
        and (
            isinstance(retry, bool)
            or not isinstance(retry, (int, float))
            or math.isnan(retry)
            or math.isinf(retry)
            or retry != int(retry)
            or not 1 <= retry <= 600
        )
    ):
        failure = "invalid_option"
    if failure:
        expect = {"error": failure}
    else:
        tag = f'<script src="{escape(src)}?v={VERSION}" defer'
        if desk is not None:
            tag += f' data-desk="{escape(desk)}"'
        if options.get("show"):
            tag += ' data-show="true"'
        if retry is not None:
            tag += f' data-retry-for="{int(retry)}"'
        if anonymous:
            tag += ' data-anonymous="true"'
        if options.get("nonce") is not None:
            tag += f' nonce="{escape(options["nonce"])}"'
        expect = {"tag": tag + "></script>"}
    script_cases.append(
        {
            "id": f"script-{case_id}",
            "description": description,
            "settings": settings,
            "options": options,
            "signed_in": not anonymous,
            "expect": expect,
        }
    )


def build():
    # Settings: each refusal names its setting and never shows a secret.
    settings_case("neither", "Neither secret nor secrets.", {})
    settings_case("both", "Both secret and secrets.", {"secret": SECRET, **DESKS})
    settings_case("secret-short", "A secret of 9 bytes.", {"secret": "too-short"})
    settings_case(
        "secret-31-bytes", "One byte short of the minimum.", {"secret": "x" * 31}
    )
    settings_case("secret-whitespace", "A secret of 40 spaces.", {"secret": " " * 40})
    settings_case(
        "secret-unicode-whitespace",
        "A secret of 12 U+3000 (36 bytes).",
        {"secret": "\u3000" * 12},
    )
    settings_case("secret-number", "A number where the secret goes.", {"secret": 12345})
    settings_case("secret-bool", "A boolean where the secret goes.", {"secret": True})
    settings_case("secret-list", "The secret inside a list.", {"secret": [SECRET]})
    settings_case(
        "secret-map",
        "A mapping given as the single secret.",
        {"secret": DESKS["secrets"]},
    )
    settings_case("secrets-string", "The secret given as secrets.", {"secrets": SECRET})
    settings_case(
        "secrets-list", "A list given as secrets.", {"secrets": [SUPPORT, SALES]}
    )
    settings_case("secrets-empty", "No desk at all.", {"secrets": {}})
    settings_case("secrets-empty-name", "A desk named ''.", {"secrets": {"": SUPPORT}})
    settings_case(
        "secrets-space-name",
        "A desk name with a space.",
        {"secrets": {"sup port": SUPPORT}},
    )
    settings_case(
        "secrets-unicode-name",
        "A desk name with a non-ASCII letter.",
        {"secrets": {"s\u00fcpport": SUPPORT}},
    )
    settings_case(
        "secrets-long-name",
        "A 65-character desk name.",
        {"secrets": {"d" * 65: SUPPORT}},
    )
    settings_case(
        "secrets-secret-as-name",
        "A secret given as a desk name (with a short value): never quoted.",
        {"secrets": {"A" * 70: "x"}},
        excludes=["A" * 70],
    )
    settings_case(
        "secrets-short-value",
        "One desk's secret is too short.",
        {"secrets": {"support": SUPPORT, "sales": "short"}},
    )
    settings_case(
        "secrets-number-value",
        "One desk's secret is a number.",
        {"secrets": {"support": 42}},
    )
    settings_case("ttl-zero", "A lifetime of 0.", {"secret": SECRET, "ttl": 0})
    settings_case("ttl-negative", "A lifetime of -1.", {"secret": SECRET, "ttl": -1})
    settings_case(
        "ttl-too-long", "A lifetime of 86401 s.", {"secret": SECRET, "ttl": 86401}
    )
    settings_case(
        "ttl-fraction", "A lifetime of 1.5 s.", {"secret": SECRET, "ttl": 1.5}
    )
    settings_case("ttl-bool", "A boolean lifetime.", {"secret": SECRET, "ttl": True})
    settings_case(
        "ttl-string", "A lifetime as a string.", {"secret": SECRET, "ttl": "300"}
    )
    settings_case(
        "ttl-secret",
        "The secret given as the lifetime: never quoted.",
        {"secret": SECRET, "ttl": SUPPORT},
    )
    settings_case(
        "ttl-with-bad-secret",
        "A bad secret and a bad lifetime: the secret is reported.",
        {"secret": "short", "ttl": 0},
    )
    settings_case(
        "domains-empty",
        "An empty list of domains.",
        {**SINGLE, "allowed_email_domains": []},
    )
    settings_case(
        "domains-string",
        "One domain as a string, not a list.",
        {**SINGLE, "allowed_email_domains": "example.com"},
    )
    for case_id, domain, description in [
        ("blank", "", "An empty domain."),
        ("only-at", "@", "Only '@'."),
        ("two-at", "@@example.com", "Two leading '@'."),
        ("address", "ada@example.com", "An address, not a domain."),
        ("space", "exa mple.com", "A space."),
        ("non-ascii", "b\u00fccher.example", "A non-ASCII letter (write it as xn--)."),
        ("soft-hyphen", "\u00adexample.com", "A soft hyphen (U+00AD)."),
        ("zero-width", "exam\u200bple.com", "A zero-width space (U+200B)."),
        ("private-use", "\ue000.com", "A private-use character (U+E000)."),
        (
            "kelvin",
            "\u212aexample.com",
            "The Kelvin sign, which lowercases to 'k' in Unicode.",
        ),
        ("empty-label", "example..com", "An empty label."),
        ("trailing-dot", "example.com.", "A trailing dot."),
        ("slash", "example.com/", "A slash."),
        ("long-label", "a" * 64 + ".com", "A label of 64 characters (at most 63)."),
        (
            "too-long",
            ".".join(["a" * 63] * 4) + ".com",
            "A domain of 260 characters (at most 253).",
        ),
    ]:
        settings_case(
            f"domains-{case_id}",
            description,
            {**SINGLE, "allowed_email_domains": ["example.org", domain]},
        )
    settings_case(
        "domains-number",
        "A number in the list.",
        {**SINGLE, "allowed_email_domains": [42]},
    )
    settings_case(
        "domains-secret",
        "The secret in the domain list: never quoted.",
        {**SINGLE, "allowed_email_domains": [SUPPORT + "/"]},
    )
    for case_id, prefix, description in [
        ("empty", "", "An empty prefix."),
        ("relative", "chat", "No leading '/'."),
        ("query", "/chat?x", "A '?'."),
        ("fragment", "/chat#x", "A '#'."),
        ("space", "/chat autologin", "A space."),
        ("tab", "/chat\t", "A tab."),
        ("nul", "/chat\u0000", "A NUL."),
        ("double-slash", "//", "Two slashes."),
        ("empty-segment", "/a//b", "An empty segment."),
        ("dot-segment", "/a/../b", "A '..' segment."),
        ("pattern", "/:user", "A route pattern character."),
        ("non-ascii", "/ch\u00e4t", "A non-ASCII letter."),
        ("percent", "/a%20b", "A percent-encoded space."),
        ("secret", "/" + SUPPORT + "?", "The secret in the prefix: never quoted."),
    ]:
        settings_case(
            f"prefix-{case_id}", description, {**SINGLE, "path_prefix": prefix}
        )
    settings_case(
        "prefix-number", "A number as the prefix.", {**SINGLE, "path_prefix": 7}
    )

    # The token endpoint, one secret.
    token_case("signed-in", "A signed-in user gets a token.", SINGLE)
    token_case(
        "head", "HEAD: the same status and headers, no body.", SINGLE, method="HEAD"
    )
    for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]:
        token_case(
            f"method-{method.lower()}",
            f"{method} is not allowed.",
            SINGLE,
            method=method,
        )
    token_case(
        "post-cross-site",
        "The method is checked before the site.",
        SINGLE,
        method="POST",
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    token_case(
        "cross-site",
        "A cross-site request is refused before any lookup.",
        SINGLE,
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    token_case(
        "cross-site-head",
        "HEAD, cross-site.",
        SINGLE,
        method="HEAD",
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    token_case(
        "cross-site-uppercase",
        "The header's value compared without case.",
        SINGLE,
        headers={"Sec-Fetch-Site": "Cross-Site"},
    )
    for site in ["same-origin", "same-site", "none"]:
        token_case(
            f"fetch-site-{site}",
            f"Sec-Fetch-Site: {site} is allowed.",
            SINGLE,
            headers={"Sec-Fetch-Site": site},
        )
    token_case("anonymous", "Nobody is signed in.", SINGLE, user=None)
    token_case(
        "anonymous-head", "Nobody is signed in, HEAD.", SINGLE, user=None, method="HEAD"
    )
    token_case(
        "single-ignores-desk",
        "One secret: a single desk parameter is ignored.",
        SINGLE,
        query="desk=anything",
    )
    token_case(
        "single-empty-desk",
        "One secret: an empty desk is ignored.",
        SINGLE,
        query="desk=",
    )
    token_case(
        "single-ambiguous",
        "One secret, two desk parameters.",
        SINGLE,
        query="desk=a&desk=b",
    )
    token_case(
        "single-ambiguous-empty",
        "Two empty desk parameters.",
        SINGLE,
        query="desk&desk=",
    )
    token_case(
        "name-missing",
        "No display name: the email stands in.",
        SINGLE,
        user={"email": "ada@example.com"},
    )
    token_case(
        "name-empty",
        "An empty display name: the email.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": ""},
    )
    token_case(
        "name-blank",
        "A display name of spaces: the email.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": "   "},
    )
    token_case(
        "name-unicode-blank",
        "A display name of U+3000: the email.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": "\u3000\u00a0"},
    )
    token_case(
        "name-unicode",
        "Non-ASCII names are kept as given.",
        SINGLE,
        user={"email": "zoe@example.com", "displayName": "Zo\u00eb \u674e \U0001f600"},
    )
    token_case(
        "email-case-kept",
        "The email is not altered.",
        SINGLE,
        user={"email": "Ada.Lovelace@EXAMPLE.com", "displayName": "Ada"},
    )
    token_case(
        "email-no-at",
        "An email without '@'.",
        SINGLE,
        user={"email": "ada.example.com", "displayName": "Ada"},
    )
    token_case(
        "email-space",
        "An email with a space.",
        SINGLE,
        user={"email": "ada lovelace@example.com", "displayName": "Ada"},
    )
    token_case(
        "email-empty",
        "An empty email.",
        SINGLE,
        user={"email": "", "displayName": "Ada"},
    )
    token_case(
        "email-empty-name-blank",
        "An empty email and a blank name.",
        SINGLE,
        user={"email": "", "displayName": " "},
    )
    token_case(
        "name-control",
        "A display name with a BEL.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": "Ada\u0007"},
    )
    token_case(
        "name-newline",
        "A display name with a newline.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": "Ada\nLovelace"},
    )
    token_case(
        "name-too-long",
        "A display name of 256 characters.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": "n" * 256},
    )
    token_case(
        "name-255",
        "A display name of 255 characters.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": "\u00e9" * 255},
    )
    token_case(
        "name-lone-surrogate",
        "A display name holding a lone surrogate.",
        SINGLE,
        user={"email": "ada@example.com", "displayName": lone("Ada ", 0xD800)},
    )
    token_case(
        "email-lone-surrogate",
        "An email holding a lone surrogate.",
        SINGLE,
        user={"email": lone("ada", 0xDC00, "@example.com"), "displayName": "Ada"},
    )
    token_case("ttl", "The configured lifetime.", {**SINGLE, "ttl": 60})
    token_case("ttl-day", "The longest lifetime.", {**SINGLE, "ttl": 86400})
    token_case(
        "bytes-like-secret",
        "A secret given in full, with symbols.",
        {
            "secret": "P38Jq+BkHj/M1UTp1oLZ5gdsY1Tu==hwEaSmVAB6u3WBnpXz5kxWhefZuMp1RIaEignZYVLztiZ6rQ"
        },
    )

    # Several desks.
    token_case("desk-missing", "Several desks, no desk.", DESKS)
    token_case("desk-empty", "Several desks, an empty desk.", DESKS, query="desk=")
    token_case(
        "desk-bare", "Several desks, 'desk' without a value.", DESKS, query="desk"
    )
    token_case(
        "desk-support", "The support desk's secret.", DESKS, query="desk=support"
    )
    token_case("desk-sales", "The sales desk's secret.", DESKS, query="desk=sales")
    token_case(
        "desk-other-params",
        "Other parameters are ignored.",
        DESKS,
        query="x=1&desk=sales&y",
    )
    token_case(
        "desk-encoded", "The value is percent-decoded.", DESKS, query="desk=su%70port"
    )
    token_case(
        "desk-case", "Desk names are compared exactly.", DESKS, query="desk=Support"
    )
    token_case("desk-unknown", "A desk not configured.", DESKS, query="desk=billing")
    token_case(
        "desk-trailing-space",
        "A trailing '+' is a space.",
        DESKS,
        query="desk=support+",
    )
    token_case("desk-proto", "__proto__ is just a name.", DESKS, query="desk=__proto__")
    token_case(
        "desk-constructor",
        "constructor is just a name.",
        DESKS,
        query="desk=constructor",
    )
    token_case("desk-bad-utf8", "A byte that is not UTF-8.", DESKS, query="desk=%ff")
    token_case("desk-nul", "A NUL.", DESKS, query="desk=support%00")
    token_case(
        "desk-lone-percent", "A '%' without hex digits.", DESKS, query="desk=sup%port"
    )
    token_case(
        "desk-semicolon",
        "A ';' does not separate parameters.",
        DESKS,
        query="desk=support;desk=sales",
    )
    token_case("desk-huge", "A 20 KB desk value.", DESKS, query="desk=" + "s" * 20000)
    token_case(
        "desk-upper-key", "'DESK' is another parameter.", DESKS, query="DESK=support"
    )
    token_case(
        "desk-encoded-key", "An encoded key is decoded.", DESKS, query="d%65sk=sales"
    )
    token_case(
        "desk-two", "Two desks asked at once.", DESKS, query="desk=support&desk=sales"
    )
    token_case(
        "desk-same-twice",
        "The same desk twice is still ambiguous.",
        DESKS,
        query="desk=support&desk=support",
    )
    token_case(
        "desk-anonymous",
        "A known desk, nobody signed in.",
        DESKS,
        query="desk=support",
        user=None,
    )
    token_case(
        "desk-cross-site",
        "Cross-site before the desk.",
        DESKS,
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    token_case("desk-head-missing", "HEAD without a desk.", DESKS, method="HEAD")
    token_case(
        "desk-post", "A POST with a desk.", DESKS, method="POST", query="desk=support"
    )

    # Allowed email domains.
    token_case("domain-allowed", "An allowed domain.", DOMAINS)
    token_case(
        "domain-case",
        "ASCII letters compared without case; the email is kept.",
        DOMAINS,
        user={"email": "ADA@EXAMPLE.COM", "displayName": "Ada"},
    )
    token_case(
        "domain-other",
        "Another domain.",
        DOMAINS,
        user={"email": "eve@elsewhere.org", "displayName": "Eve"},
    )
    token_case(
        "domain-suffix",
        "A look-alike suffix.",
        DOMAINS,
        user={"email": "mallory@example.com.elsewhere.org", "displayName": "M"},
    )
    token_case(
        "domain-sub",
        "A subdomain is another domain.",
        DOMAINS,
        user={"email": "ada@mail.example.com", "displayName": "Ada"},
    )
    token_case(
        "domain-last-at",
        "The part after the last '@' is checked, then the email.",
        DOMAINS,
        user={"email": "a@b@example.com", "displayName": "A"},
    )
    token_case(
        "domain-anonymous",
        "Nobody signed in: 401 before the domain.",
        DOMAINS,
        user=None,
    )
    token_case(
        "domain-bad-name",
        "An allowed domain, a bad name.",
        DOMAINS,
        user={"email": "ada@example.com", "displayName": "\u0000"},
    )
    token_case(
        "domain-settings-case",
        "A configured '@Example.COM' is stored lowercase.",
        {**SINGLE, "allowed_email_domains": ["@Example.COM"]},
    )
    token_case(
        "domain-kelvin",
        "The Kelvin sign is not 'k'.",
        {**SINGLE, "allowed_email_domains": ["kexample.com"]},
        user={"email": "a@\u212aexample.com", "displayName": "A"},
    )
    token_case(
        "domain-kelvin-ascii",
        "A plain 'K' is.",
        {**SINGLE, "allowed_email_domains": ["kexample.com"]},
        user={"email": "a@Kexample.com", "displayName": "A"},
    )
    token_case(
        "domain-dotted-i",
        "U+0130 is not 'i'.",
        {**SINGLE, "allowed_email_domains": ["i.example"]},
        user={"email": "a@\u0130.example", "displayName": "A"},
    )
    token_case(
        "domain-dotless-i",
        "U+0131 is not 'i'.",
        {**SINGLE, "allowed_email_domains": ["i.example"]},
        user={"email": "a@\u0131.example", "displayName": "A"},
    )
    token_case(
        "domain-sharp-s",
        "U+00DF is not 'ss'.",
        {**SINGLE, "allowed_email_domains": ["ss.example"]},
        user={"email": "a@\u00df.example", "displayName": "A"},
    )
    token_case(
        "domain-fullwidth",
        "Fullwidth letters are not ASCII.",
        {**SINGLE, "allowed_email_domains": ["example.com"]},
        user={"email": "a@\uff45xample.com", "displayName": "A"},
    )
    token_case(
        "domain-idn-unicode",
        "No IDNA: the Unicode form is another domain.",
        {**SINGLE, "allowed_email_domains": ["xn--bcher-kva.example"]},
        user={"email": "a@b\u00fccher.example", "displayName": "A"},
    )
    token_case(
        "domain-idn-ascii",
        "The xn-- form matches, in any ASCII case.",
        {**SINGLE, "allowed_email_domains": ["xn--bcher-kva.example"]},
        user={"email": "a@XN--BCHER-KVA.example", "displayName": "A"},
    )
    token_case(
        "domain-lone-surrogate-local",
        "A lone surrogate before the '@': the domain passes.",
        DOMAINS,
        user={"email": lone("a", 0xD800, "@example.com"), "displayName": "A"},
    )
    token_case(
        "domain-lone-surrogate-domain",
        "A lone surrogate in the domain.",
        DOMAINS,
        user={"email": lone("a@ex", 0xD800, ".com"), "displayName": "A"},
    )
    token_case(
        "domain-longest-label",
        "A label of 63 characters, its ASCII case ignored.",
        {**SINGLE, "allowed_email_domains": ["a" * 63 + ".example"]},
        user={"email": "x@" + "A" * 63 + ".example", "displayName": "X"},
    )
    token_case(
        "domain-several",
        "Any of several domains.",
        {**SINGLE, "allowed_email_domains": ["example.org", "example.com"]},
    )

    # The prefix.
    token_case(
        "prefix-custom", "A custom prefix.", {**SINGLE, "path_prefix": "/auth/chat"}
    )
    token_case(
        "prefix-trailing-slash",
        "One trailing slash is dropped.",
        {**SINGLE, "path_prefix": "/auth/chat/"},
    )
    token_case(
        "prefix-root",
        "'/' puts the routes at the site's root.",
        {**SINGLE, "path_prefix": "/"},
    )
    not_routed(
        "old-prefix",
        "The default prefix is not routed under a custom one.",
        {**SINGLE, "path_prefix": "/auth/chat"},
        "/chat-autologin/token",
    )

    # The companion.
    client_case("get", "The companion.")
    client_case("head", "HEAD: headers only.", method="HEAD")
    client_case("etag", "A matching If-None-Match.", headers={"If-None-Match": ETAG})
    client_case("weak-etag", "A weak match.", headers={"If-None-Match": "W/" + ETAG})
    client_case("star", "If-None-Match: *.", headers={"If-None-Match": "*"})
    client_case(
        "etag-list",
        "A list holding the ETag.",
        headers={"If-None-Match": f'"0000", {ETAG}'},
    )
    client_case(
        "other-etag", "Another ETag.", headers={"If-None-Match": '"0123456789abcdef"'}
    )
    client_case("post", "POST is not allowed.", method="POST")
    client_case(
        "prefix",
        "Under a custom prefix.",
        settings={**SINGLE, "path_prefix": "/auth/chat/"},
    )
    client_case("desks", "With several desks, the same script.", settings=DESKS)

    # The script tag.
    script_case("plain", "No options.", SINGLE, {})
    script_case("show", "data-show.", SINGLE, {"show": True})
    script_case("no-show", "show=false writes nothing.", SINGLE, {"show": False})
    script_case("nonce", "A nonce, escaped.", SINGLE, {"nonce": 'r"&<nd>'})
    script_case("retry", "Whole seconds.", SINGLE, {"retry_for": 90})
    script_case("retry-max", "The longest retry.", SINGLE, {"retry_for": 600})
    script_case("retry-big", "1234567 s is refused.", SINGLE, {"retry_for": 1234567})
    script_case("retry-zero", "0 is refused.", SINGLE, {"retry_for": 0})
    script_case("retry-fraction", "1.5 is refused.", SINGLE, {"retry_for": 1.5})
    script_case("retry-bool", "A boolean is refused.", SINGLE, {"retry_for": True})
    script_case(
        "anonymous",
        "An anonymous visitor: no token request.",
        SINGLE,
        {},
        anonymous=True,
    )
    script_case(
        "every-option",
        "Every option, in order.",
        SINGLE,
        {"show": True, "retry_for": 30, "nonce": "n0nce"},
        anonymous=True,
    )
    script_case(
        "single-desk",
        "A desk with a single secret is refused.",
        SINGLE,
        {"desk": "support"},
    )
    script_case("desk", "A configured desk.", DESKS, {"desk": "sales"})
    script_case("desk-missing", "Several desks need one.", DESKS, {})
    script_case("desk-unknown", "An unknown desk.", DESKS, {"desk": "billing"})
    script_case(
        "prefix", "Under a custom prefix.", {**SINGLE, "path_prefix": "/a/b/"}, {}
    )
    script_case(
        "root", "At the site's root.", {**SINGLE, "path_prefix": "/"}, {"show": True}
    )


def main():
    build()
    ids = [c["id"] for c in settings_cases + token_cases + script_cases]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate case ids")
    document = {
        "version": 1,
        "description": (
            "The site side's vectors: settings that fail at start-up, requests to the token "
            "endpoint and the companion with the signed-in user and the answer, and script "
            "tags. Made by generate_endpoint.py; see README.md for the format."
        ),
        "script_version": VERSION,
        "counts": {
            "settings": len(settings_cases),
            "requests": len(token_cases),
            "script_tags": len(script_cases),
        },
        "settings_cases": settings_cases,
        "request_cases": token_cases,
        "script_tag_cases": script_cases,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    out = os.path.join(HERE, "endpoint.json")
    if "--check" in sys.argv[1:]:
        with open(out, encoding="utf-8") as f:
            if f.read() != text:
                raise SystemExit(
                    "endpoint.json differs from what generate_endpoint.py writes"
                )
        return
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(
        f"wrote {out}: {len(settings_cases)} settings, {len(token_cases)} requests, "
        f"{len(script_cases)} script tags"
    )


if __name__ == "__main__":
    main()
