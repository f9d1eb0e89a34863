"""What the token endpoint costs a site: Flask under gunicorn and FastAPI under
uvicorn, each a real server on loopback driven by wrk, three routes side by side
in one run (see web_apps.py): this package's endpoint for a signed-in visitor, a
JSON "hello", and the endpoint written by hand with PyJWT.

Run: ``make bench-web-python`` (a release build of the extension). Prints a
Markdown table with requests per second and the ratios; exits 1 when a target
is missed (ours at least 90% of "hello", and faster than the hand-written one).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUTES = {
    "chat-autologin": "/chat-autologin/token",
    "hello": "/hello",
    "hand-written (PyJWT)": "/hand/token",
    "hello, with the user": "/hello/user",
}
SECONDS = int(os.environ.get("BENCH_WEB_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_WEB_ROUNDS", "3"))
CONNECTIONS = 16


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def servers(port: int) -> dict[str, list[str]]:
    python = sys.executable
    bind = f"127.0.0.1:{port}"
    return {
        "Flask (gunicorn, 1 gthread worker)": [
            python, "-m", "gunicorn", "--workers", "1", "--worker-class", "gthread",
            "--threads", "4", "--bind", bind, "--log-level", "warning", "web_apps:flask_app",
        ],
        "FastAPI (uvicorn, 1 worker)": [
            python, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning", "--no-access-log", "web_apps:fastapi_app",
        ],
    }  # fmt: skip


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/hello", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in 30 s")


def rate(url: str) -> float:
    """Requests per second that wrk measured on `url` (all answers must be 200)."""
    result = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx or 3xx responses" in result.stdout:
        raise SystemExit(f"{url} answered errors:\n{result.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if not match:
        raise SystemExit(f"no rate in wrk's output:\n{result.stdout}")
    return float(match.group(1))


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("bench-web needs wrk (Debian: apt-get install wrk)")
    env = {
        **os.environ,
        "CHAT_AUTOLOGIN_SECRET": secrets.token_urlsafe(57),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    }
    missed = []
    print(
        f"wrk: 1 thread, {CONNECTIONS} connections, {SECONDS} s a route, the routes taken in"
        f" turn {ROUNDS} times (median); one server at a time\n"
    )
    print("| server | route | requests/s | vs hello | vs hand-written |")
    print("|---|---|---:|---:|---:|")
    for name in servers(0):
        port = free_port()
        process = subprocess.Popen(servers(port)[name], env=env, cwd=HERE)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, process)
            rate(base + ROUTES["hello"])  # warm-up
            samples: dict[str, list[float]] = {route: [] for route in ROUTES}
            for _ in range(ROUNDS):
                for route, path in ROUTES.items():
                    samples[route].append(rate(base + path))
            rates = {route: statistics.median(values) for route, values in samples.items()}
        finally:
            process.terminate()
            process.wait(timeout=30)
        ours, hello, hand, _ = (rates[r] for r in ROUTES)
        for route, value in rates.items():
            print(
                f"| {name} | {route} | {value:,.0f} | {value / hello:.0%} | {value / hand:.2f}x |"
            )
        if ours < 0.9 * hello:
            missed.append(f"{name}: the endpoint is {ours / hello:.0%} of hello (target 90%)")
        if ours <= hand:
            missed.append(f"{name}: the endpoint is not faster than the hand-written one")
    print()
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
