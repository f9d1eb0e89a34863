"""Settings shared by the test suite: the hypothesis profile.

Property tests run few examples, with no deadline (a debug build of the
extension on a loaded machine is slow, and a deadline would only make them
flaky), and keep nothing in the repository: no example database, and
hypothesis's caches (Unicode tables) in the system's temporary directory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "chat-autologin-hypothesis")

settings.register_profile(
    "chat-autologin",
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("chat-autologin")
