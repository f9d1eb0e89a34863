"""`make demo` stopped by a signal sent to make's own PID only (an IDE's stop
button, a supervisor), not to its whole process group as Ctrl-C in a terminal
does: the demo stops as it does on Ctrl-C, and nothing it started is left.

Run with the repository's venv: ``make test-examples``. (Ctrl-C itself is
tested end to end, in a browser, by tests/browser/demo.test.js.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The demo builds what it needs first: a no-op after the other suites, but the
# machine may be busy.
START_TIMEOUT_S = 300


def session_members(session: int) -> list[str]:
    """The processes of a session, as `pid command` lines (Linux's /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            )
        except OSError:
            continue  # gone meanwhile
        # Fields after the command (which may hold spaces): state ppid pgrp session ...
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            members.append(f"{entry.name} {command}")
    return members


def default_signals() -> None:
    # What a terminal or a supervisor gives make: SIGINT not ignored, even when
    # this test runs in the background.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize(
    "sent", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"]
)
def test_a_signal_to_make_alone_stops_the_whole_demo(sent: signal.Signals) -> None:
    env = {**os.environ, "DEMO_PORT": "0", "DEMO_EMULATOR_PORT": "0"}
    make = subprocess.Popen(
        ["make", "--no-print-directory", "demo", "SITE=flask"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own session: what is left of it can be found
        preexec_fn=default_signals,  # noqa: PLW1509 (no other thread runs yet)
    )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(make.stdout or []), daemon=True
    )
    reader.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not any("open http://" in line for line in lines):
            assert make.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        assert len(session_members(make.pid)) >= 4, session_members(make.pid)

        os.kill(make.pid, sent)
        make.wait(timeout=30)
        reader.join(timeout=10)
        output = "".join(lines)
        assert "demo stopped" in output, output
        deadline = time.monotonic() + 10
        while session_members(make.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert session_members(make.pid) == []
    finally:
        if make.poll() is None or session_members(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
