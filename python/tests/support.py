"""Shared values for the chat_autologin test suite."""

from __future__ import annotations

from pathlib import Path

#: The repository's shared vectors, run by every language's suite.
VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"

#: A secret shaped like the vendor's (76 characters), used as typed.
SECRET = "Xk3f9Qm2Lp7Rt4Vw8Zb1Nc6Hd5Jg0Ks3Ue7Yi2Oa9Pq4Ws6Ex1Rz8Tc5Vb2Nm7Lk4Jh9Gf3Dd6Sa"
OLD_SECRET = "an-older-secret-that-is-being-rotated-out-of-service-0123456789-abcdefghijkl"
NOW = 1_764_115_200  # 2025-11-26T00:00:00Z
