"""One Issuer and one Verifier shared by several threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from support import NOW, SECRET

from chat_autologin import Issuer, Verifier

THREADS = 8
PER_THREAD = 500


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
