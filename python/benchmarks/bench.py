"""chat_autologin against PyJWT, joserfc and the standard library, in one process.

``make bench-python`` runs it on a release build of the extension. Each figure is
the best of several rounds of timeit's auto-ranged loops, per call. "x faster"
is the peer's time over ours. Every contender is called the same way, through
``functools.partial`` or a plain function. The stdlib floor is ``hmac`` + ``base64`` + ``json``
doing only what a token needs (no input checks), the least pure Python can do.

The import times are measured in fresh interpreters with ``python -X importtime``:
the cumulative time of the modules that ``import X`` adds to a bare interpreter,
median of several runs.

Target (issue 3): ``Issuer.mint`` and ``Verifier.verify`` at least 30x faster
than PyJWT.
"""

from __future__ import annotations

import argparse
import base64
import hmac
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version

import jwt
from joserfc import jwt as jose_jwt
from joserfc.jwk import OctKey

import chat_autologin
from chat_autologin import Issuer, Verifier, mint_chat_token, verify_chat_token

TARGET = 30.0
SECRET = "Xk3f9Qm2Lp7Rt4Vw8Zb1Nc6Hd5Jg0Ks3Ue7Yi2Oa9Pq4Ws6Ex1Rz8Tc5Vb2Nm7Lk4Jh9Gf3Dd6Sa"
EMAIL = "ada.lovelace@support.example.com"
NAME = "Ada Lovelace"
TTL = 3600  # long enough that the token stays valid for the whole run


# --- the standard-library floor ---------------------------------------------------

KEY = SECRET.encode()
HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=")


def b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def unb64(data: bytes) -> bytes:
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


def stdlib_mint(now: int | None = None) -> str:
    iat = int(time.time()) if now is None else now
    claims = {"email": EMAIL, "displayName": NAME, "iat": iat, "exp": iat + TTL}
    payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()
    signing_input = HEADER + b"." + b64(payload)
    return (signing_input + b"." + b64(hmac.digest(KEY, signing_input, "sha256"))).decode()


def stdlib_verify(token: str) -> dict[str, object]:
    signing_input, _, signature = token.encode().rpartition(b".")
    if not hmac.compare_digest(unb64(signature), hmac.digest(KEY, signing_input, "sha256")):
        raise ValueError("bad signature")
    claims = json.loads(unb64(signing_input.partition(b".")[2]))
    now = time.time()
    if not (claims["exp"] > now - 60 and claims["iat"] <= now + 60):
        raise ValueError("expired or not yet valid")
    return dict(claims)


# --- the peers ------------------------------------------------------------------------


def pyjwt_mint() -> str:
    now = int(time.time())
    claims = {"email": EMAIL, "displayName": NAME, "iat": now, "exp": now + TTL}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def pyjwt_verify(token: str) -> dict[str, object]:
    return dict(jwt.decode(token, SECRET, algorithms=["HS256"], leeway=60))


JOSE_KEY = OctKey.import_key(SECRET)
JOSE_CLAIMS = jose_jwt.JWTClaimsRegistry(leeway=60)


def joserfc_mint(key: OctKey | None = None) -> str:
    now = int(time.time())
    claims = {"email": EMAIL, "displayName": NAME, "iat": now, "exp": now + TTL}
    return jose_jwt.encode({"alg": "HS256"}, claims, key or OctKey.import_key(SECRET))


def joserfc_verify(token: str, key: OctKey | None = None) -> dict[str, object]:
    decoded = jose_jwt.decode(token, key or OctKey.import_key(SECRET), algorithms=["HS256"])
    JOSE_CLAIMS.validate(decoded.claims)
    return dict(decoded.claims)


# --- measuring ------------------------------------------------------------------------


def per_call(call: Callable[[], object], rounds: int) -> float:
    """Seconds per call: the best of `rounds` auto-ranged timeit loops."""
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=rounds, number=number)) / number


@dataclass
class Row:
    name: str
    ours: Callable[[], object]
    peers: dict[str, Callable[[], object]]


def fmt_time(seconds: float) -> str:
    micros = seconds * 1e6
    return f"{micros:.2f} µs" if micros < 100 else f"{micros:.0f} µs"


def import_time(module: str, runs: int) -> float:
    """Milliseconds that `import module` adds to a fresh interpreter (median)."""

    def top_level(code: str) -> dict[str, int]:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        cumulative = {}
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            _, total, name = line.split("|")
            if total.strip().isdigit() and not name.startswith("  "):
                cumulative[name.strip()] = int(total)
        return cumulative

    baseline = set(top_level("pass"))
    samples = []
    for _ in range(runs):
        added = top_level(f"import {module}")
        samples.append(sum(us for name, us in added.items() if name not in baseline))
    return statistics.median(samples) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="timeit rounds per figure")
    parser.add_argument("--import-runs", type=int, default=9, help="interpreters per import")
    args = parser.parse_args()

    native = chat_autologin._native
    debug = hasattr(native, "_panic_for_tests")
    issuer = Issuer(SECRET, TTL)
    verifier = Verifier(SECRET)
    token = issuer.mint(EMAIL, NAME)

    # The contenders agree before they race.
    now = int(time.time())
    assert issuer.mint(EMAIL, NAME, now=now) == stdlib_mint(now)
    for verify in (verifier.verify, pyjwt_verify, joserfc_verify, stdlib_verify):
        verify(token)
    for minted in (pyjwt_mint(), joserfc_mint(JOSE_KEY), stdlib_mint()):
        assert verifier.verify(minted).email == EMAIL

    rows = [
        Row(
            "`Issuer.mint`",
            partial(issuer.mint, EMAIL, NAME),
            {
                "PyJWT": pyjwt_mint,
                "joserfc": partial(joserfc_mint, JOSE_KEY),
                "stdlib floor": stdlib_mint,
            },
        ),
        Row(
            "`mint_chat_token`",
            partial(mint_chat_token, EMAIL, NAME, TTL, SECRET),
            {"PyJWT": pyjwt_mint, "joserfc": joserfc_mint, "stdlib floor": stdlib_mint},
        ),
        Row(
            "`Verifier.verify`",
            partial(verifier.verify, token),
            {
                "PyJWT": partial(pyjwt_verify, token),
                "joserfc": partial(joserfc_verify, token, JOSE_KEY),
                "stdlib floor": partial(stdlib_verify, token),
            },
        ),
        Row(
            "`verify_chat_token`",
            partial(verify_chat_token, token, SECRET),
            {
                "PyJWT": partial(pyjwt_verify, token),
                "joserfc": partial(joserfc_verify, token),
                "stdlib floor": partial(stdlib_verify, token),
            },
        ),
    ]

    peers = ["PyJWT", "joserfc", "stdlib floor"]
    print(
        f"chat_autologin {chat_autologin.__version__} "
        f"({'DEBUG build: figures are not representative' if debug else 'release build'}), "
        f"PyJWT {jwt.__version__}, joserfc {version('joserfc')}, "
        f"Python {sys.version.split()[0]}, best of {args.rounds} rounds per call"
    )
    print()
    header = ["operation", "chat_autologin", *peers, *(f"vs {peer}" for peer in peers)]
    print("| " + " | ".join(header) + " |")
    print("|---" * len(header) + "|")
    ratios: dict[str, float] = {}
    for row in rows:
        ours = per_call(row.ours, args.rounds)
        theirs = [per_call(row.peers[peer], args.rounds) for peer in peers]
        speedups = [their / ours for their in theirs]
        ratios[row.name] = speedups[0]
        cells = [fmt_time(ours), *map(fmt_time, theirs), *(f"{s:.1f}x" for s in speedups)]
        print(f"| {row.name} | " + " | ".join(cells) + " |")
        sys.stdout.flush()
    print()
    print("(vs X: X's time over ours; above 1x, chat_autologin is faster.)")
    print()

    print("| import | time |")
    print("|---|---|")
    for module in ("chat_autologin", "jwt", "joserfc.jwt"):
        print(f"| `import {module}` | {import_time(module, args.import_runs):.1f} ms |")
        sys.stdout.flush()
    print()

    for name in ("`Issuer.mint`", "`Verifier.verify`"):
        met = "met" if ratios[name] >= TARGET else "NOT met"
        print(f"target: {name} >= {TARGET:.0f}x PyJWT: {ratios[name]:.1f}x, {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
