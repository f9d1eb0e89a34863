"""Resident memory stays flat while one Issuer and one Verifier mint and verify
many tokens (Linux: reads ``/proc/self/statm``).

Resident memory is read after a warm-up (a fifth of the tokens: the
interpreter's and the allocator's pools settle) and again at the end, and may
grow by at most ``MAX_GROWTH``; each tenth along the way is recorded too, and
none may be over the bound either.

How many: a million with a release build of the extension. The test suite runs
on the debug build (``maturin develop``), which mints and verifies some 20 000
tokens a second here, so there it is 200 000 to stay near ten seconds. That
still shows a leak: after the warm-up 160 000 tokens go by, and leaking even
one token's text (some 300 bytes) each time would be about 48 MB, a claims
object (about 100 bytes) 16 MB, against a bound of 4 MiB.
``CHAT_AUTOLOGIN_MEMORY_TOKENS`` sets another count.

Rejections are in the mix (a stranger's signature, an expired token, a token
without its signature, a refused email): an error carries a message and an
exception object that must be freed too.
"""

from __future__ import annotations

import gc
import os
import sys
import time

import pytest
from support import NOW, OLD_SECRET, SECRET

import chat_autologin
from chat_autologin import (
    BadSignatureError,
    InvalidInputError,
    Issuer,
    MalformedTokenError,
    TokenExpiredError,
    Verifier,
)

#: The private test hook exists in debug builds only.
DEBUG_BUILD = hasattr(chat_autologin._native, "_panic_for_tests")
TOKENS = int(
    os.environ.get("CHAT_AUTOLOGIN_MEMORY_TOKENS") or (200_000 if DEBUG_BUILD else 1_000_000)
)
MAX_GROWTH = 4 * 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int:
    """The resident set size of this process, after a collection."""
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


def mint_and_verify(
    issuer: Issuer, stranger: Issuer, verifier: Verifier, first: int, count: int
) -> None:
    """`count` tokens from number `first`, one in 16 of them refused in one of four ways."""
    later = NOW + 3600
    for i in range(first, first + count):
        email = f"visitor-{i}@example.com"
        kind = i % 16
        if kind == 13:
            token = stranger.mint(email, "Someone Else", now=NOW)
            with pytest.raises(BadSignatureError):
                verifier.verify(token, now=NOW)
        elif kind == 14:
            token = issuer.mint(email, "Ada Lovelace", now=NOW)
            with pytest.raises(TokenExpiredError):
                verifier.verify(token, now=later)
        elif kind == 15:
            token = issuer.mint(email, "Ada Lovelace", now=NOW)
            with pytest.raises(MalformedTokenError):
                verifier.verify(token.rpartition(".")[0], now=NOW)
            with pytest.raises(InvalidInputError):
                issuer.mint("no-at-sign", "Ada", now=NOW)
        else:
            token = issuer.mint(email, "Ada Lovelace", now=NOW)
            claims = verifier.verify(token, now=NOW)
            assert claims.email == email


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_resident_memory_stays_flat() -> None:
    issuer = Issuer(SECRET, 300)
    stranger = Issuer(OLD_SECRET + "-of-another-desk", 300)
    verifier = Verifier([SECRET])

    started = time.perf_counter()
    warm_up = TOKENS // 5
    mint_and_verify(issuer, stranger, verifier, 0, warm_up)
    after_warm_up = resident_bytes()
    samples = []
    step = (TOKENS - warm_up) // 8
    for first in range(warm_up, TOKENS, step):
        mint_and_verify(issuer, stranger, verifier, first, min(step, TOKENS - first))
        samples.append(resident_bytes())
    elapsed = time.perf_counter() - started

    growth = samples[-1] - after_warm_up
    report = (
        f"{TOKENS} tokens ({'debug' if DEBUG_BUILD else 'release'} build) in {elapsed:.1f} s: "
        f"resident {after_warm_up / 2**20:.1f} MiB after {warm_up}, "
        f"{samples[-1] / 2**20:.1f} MiB at the end ({growth / 2**10:+.0f} KiB); "
        f"samples {[round(s / 2**20, 1) for s in samples]} MiB"
    )
    print(report)
    assert max(samples) - after_warm_up <= MAX_GROWTH, report
