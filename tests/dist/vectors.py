"""Runs the shared token vectors against an installed chat_autologin.

`make test-dist` copies this file out of the repository and runs it with the
Python of a fresh virtual environment, so that the package under test is the one
pip installed there, not the checkout: `python vectors.py <vectors dir>`.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import chat_autologin
from chat_autologin import (
    ChatAutologinError,
    Issuer,
    Verifier,
    mint_chat_token,
    verify_chat_token,
)

SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def value(raw: Any) -> Any:
    """A vector value as Python: {"hex"} bytes, {"float"} specials, {"utf16"} text."""
    if isinstance(raw, dict):
        if set(raw) == {"hex"}:
            return bytes.fromhex(raw["hex"])
        if set(raw) == {"float"}:
            return SPECIAL_FLOATS[raw["float"]]
        if set(raw) == {"utf16"}:
            units = b"".join(
                part.encode("utf-16-le")
                if isinstance(part, str)
                else part.to_bytes(2, "little")
                for part in raw["utf16"]
            )
            return units.decode("utf-16-le", "surrogatepass")
    return raw


def outcome(call: Any) -> dict[str, Any]:
    try:
        result = call()
    except ChatAutologinError as error:
        return {"error": error.code}
    except TypeError as error:
        return {"type_error": str(error)}
    if isinstance(result, str):
        return {"token": result}
    return {
        "claims": {
            "email": result.email,
            "displayName": result.display_name,
            "iat": result.iat,
            "exp": result.exp,
        }
    }


def agrees(expect: dict[str, Any], got: dict[str, Any]) -> bool:
    if "type_error" in expect:
        return expect["type_error"] in got.get("type_error", "")
    if "claims" in expect and "claims" in got:
        return {k: v for k, v in got["claims"].items()} == {
            k: (float(v) if k in ("iat", "exp") else v)
            for k, v in expect["claims"].items()
        }
    return got == expect


def main() -> int:
    vectors = Path(sys.argv[1])
    installed = Path(chat_autologin.__file__).resolve()
    # The copy pip installed into this environment, never a checkout on the path.
    if (
        Path(sys.prefix).resolve() not in installed.parents
        or "site-packages" not in installed.parts
    ):
        print(f"vectors.py: chat_autologin is not an installed copy: {installed}")
        return 1
    failures: list[str] = []
    counts = {}
    for name in ("mint", "verify"):
        document = json.loads((vectors / f"{name}.json").read_text(encoding="utf-8"))
        cases = document["cases"]
        if len(cases) != document["case_count"]:
            failures.append(
                f"{name}.json: {len(cases)} cases, {document['case_count']} promised"
            )
        counts[name] = len(cases)
        for case in cases:
            if name == "mint":
                args = [value(case[k]) for k in ("email", "name", "ttl", "secret")]
                now = value(case["now"])
                calls = [
                    lambda a=args, n=now: mint_chat_token(*a, now=n),
                    lambda a=args, n=now: Issuer(a[3], a[2]).mint(a[0], a[1], now=n),
                ]
            else:
                if "secrets" in case:
                    secrets: Any = [value(item) for item in case["secrets"]]
                else:
                    secrets = value(case["secret"])
                options = {
                    k: value(case[k]) for k in ("leeway", "max_lifetime") if k in case
                }
                token, now = value(case["token"]), value(case["now"])
                calls = [
                    lambda t=token, s=secrets, n=now, o=options: verify_chat_token(
                        t, s, now=n, **o
                    ),
                    lambda t=token, s=secrets, n=now, o=options: Verifier(
                        s, **o
                    ).verify(t, now=n),
                ]
            for call in calls:
                got = outcome(call)
                if not agrees(case["expect"], got):
                    failures.append(
                        f"{name} {case['id']}: expected {case['expect']}, got {got}"
                    )
    for failure in failures:
        print(failure)
    print(
        f"python, installed at {installed.parent}: {counts['mint']} mint and "
        f"{counts['verify']} verify vectors, {len(failures)} failures"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
