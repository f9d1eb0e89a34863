"""One Issuer and one Verifier shared by several threads.

Every thread gets exactly what a single thread gets: the same tokens (minted
with a fixed ``now``, so they are comparable), the same claims, and the same
errors with the same codes and messages. The threads start together and Python
switches between them as often as it can, so that calls overlap.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from support import NOW, OLD_SECRET, SECRET

from chat_autologin import (
    ChatAutologinError,
    Issuer,
    Verifier,
    inspect_unverified,
    mint_chat_token,
    verify_chat_token,
)

THREADS = 8
PER_THREAD = 500

#: What a call gave: ("ok", value) or ("error", class name, code, message).
Result = tuple[object, ...]


def test_threads_share_one_issuer_and_one_verifier() -> None:
    issuer = Issuer(SECRET, 300)
    verifier = Verifier([SECRET])

    def work(thread: int) -> list[tuple[str, str, int]]:
        minted = []
        for i in range(PER_THREAD):
            email = f"user{thread}-{i}@example.com"
            token = issuer.mint(email, f"User {thread} {i}", now=NOW + i)
            assert verifier.verify(token, now=NOW + i).email == email
            minted.append((email, token, i))
        return minted

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [item for batch in pool.map(work, range(THREADS)) for item in batch]

    assert len(results) == THREADS * PER_THREAD
    assert len({token for _, token, _ in results}) == len(results)
    for email, token, i in results:
        claims = verifier.verify(token, now=NOW + i)
        assert claims.email == email
        assert claims.exp - claims.iat == 300


def result(call: Callable[[], object]) -> Result:
    try:
        value = call()
    except ChatAutologinError as error:
        return ("error", type(error).__name__, error.code, error.message)
    return ("ok", value)


def cases(issuer: Issuer, verifier: Verifier, old: Issuer) -> list[Callable[[], object]]:
    """Calls whose results do not depend on the clock: mints, verifications
    that pass and fail in every way, and inspections, through the shared
    objects and the module functions."""
    calls: list[Callable[[], object]] = []
    for i in range(60):
        email = f"visitor-{i}@example.com"
        name = f'Visitor {i} "Zoë" \\ 山田 🦀'
        now = NOW + i * 7.25
        token = issuer.mint(email, name, now=now)
        old_token = old.mint(email, name, now=now)
        calls += [
            lambda e=email, n=name, t=now: issuer.mint(e, n, now=t),
            lambda e=email, n=name, t=now: (lambda m: (m.token, m.iat, m.exp))(
                issuer.issue(e, n, now=t)
            ),
            lambda e=email, n=name, t=now: mint_chat_token(e, n, 600, SECRET, now=t),
            lambda tok=token, t=now: verifier.verify(tok, now=t),
            # The previous secret, during a rotation.
            lambda tok=old_token, t=now: verifier.verify(tok, now=t),
            lambda tok=token, t=now: verify_chat_token(tok, [SECRET], now=t),
            # Expired, not yet valid, tampered with, cut short, from a stranger.
            lambda tok=token, t=now: verifier.verify(tok, now=t + 3600),
            lambda tok=token, t=now: verifier.verify(tok, now=t - 3600),
            lambda tok=token: verifier.verify(tok[:-2] + ("AA" if tok[-2:] != "AA" else "BB")),
            lambda tok=token: verifier.verify(tok[: len(tok) // 2]),
            lambda tok=old_token, t=now: verify_chat_token(tok, SECRET, now=t),
            lambda tok=token: inspect_unverified(tok),
            # Inputs the contract refuses.
            lambda i=i: issuer.mint(f"no-at-sign-{i}", "Name", now=NOW),
            lambda e=email: issuer.mint(e, "\t", now=NOW),
            lambda e=email, i=i: issuer.mint(e, "Name", now=-float(i + 1)),
        ]
    return calls


@contextmanager
def switching_often() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def test_threads_get_the_single_threaded_results() -> None:
    issuer = Issuer(SECRET, 300)
    old = Issuer(OLD_SECRET, 300)
    verifier = Verifier([SECRET, OLD_SECRET])
    calls = cases(issuer, verifier, old)
    expected = [result(call) for call in calls]
    # Every kind of answer is in the mix.
    assert {r[0] for r in expected} == {"ok", "error"}
    assert {r[2] for r in expected if r[0] == "error"} >= {
        "token_expired",
        "token_not_yet_valid",
        "bad_signature",
        "malformed_token",
        "invalid_email",
        "invalid_display_name",
        "invalid_option",
    }

    start = threading.Barrier(THREADS)

    def work(thread: int) -> list[Result]:
        # Each thread walks the calls from another starting point, so that
        # different calls run at the same time.
        shift = thread * len(calls) // THREADS
        order = list(range(shift, len(calls))) + list(range(shift))
        start.wait()
        got: dict[int, Result] = {}
        for _ in range(3):
            for index in order:
                got[index] = result(calls[index])
                assert got[index] == expected[index], (thread, index)
        return [got[index] for index in range(len(calls))]

    with switching_often(), ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))

    for got in results:
        assert got == expected
