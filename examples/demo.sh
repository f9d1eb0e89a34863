#!/usr/bin/env bash
# `make demo [SITE=flask|django|fastapi|express|nextjs|axum]`: the widget emulator and one example
# site, wired together with a freshly generated secret. Prints one URL; Ctrl-C
# (or SIGTERM, or SIGHUP, to the demo or to make alone) stops both, and the demo
# exits with status 0. Should either of the two stop by itself, the demo stops
# the other and exits with status 1.
#
# It installs only what the chosen site needs: for Flask, Django and FastAPI,
# the framework and maturin (the versions pinned in python/requirements-dev.txt)
# into .venv; for Express, Express itself; the Rust programs with cargo.
#
# DEMO_EMULATOR_PORT (default 8787) and DEMO_PORT (default 5000) choose the
# ports; 0 picks a free one.
set -euo pipefail
cd "$(dirname "$0")/.."

site=${1:-flask}
emulator_port=${DEMO_EMULATOR_PORT:-8787}
site_port=${DEMO_PORT:-5000}
target=${CARGO_TARGET_DIR:-$PWD/target}
# Set by `make demo`: make's PID, and a file that make deletes when it is sent
# SIGINT, SIGTERM or SIGHUP (GNU make removes the target of a recipe it
# interrupts). Either going away stops the demo: a signal sent to make alone
# (a supervisor, an IDE's stop button) reaches only make.
make_pid=${DEMO_MAKE_PID:-}
running_file=${DEMO_RUNNING_FILE:-}

# make that started the demo was stopped: the demo stops as on Ctrl-C.
make_stopped() {
  { [ -n "$running_file" ] && [ ! -e "$running_file" ]; } ||
    { [ -n "$make_pid" ] && ! kill -0 "$make_pid" 2>/dev/null; }
}

if [ -n "$running_file" ]; then : >"$running_file"; fi

case "$site" in
  flask | django | fastapi | express | nextjs | axum) ;;
  *) echo "make demo: unknown SITE '$site' (flask, django, fastapi, express, nextjs or axum)" >&2; exit 2 ;;
esac

# `quietly <what> <command...>`: runs a setup step; its output shows only if it fails.
quietly() {
  local what=$1 output
  shift
  if ! output=$("$@" 2>&1); then
    printf '%s\n' "$output" >&2
    echo "make demo: $what failed" >&2
    exit 1
  fi
}

# The pinned versions of the given Python packages, from the development list.
pins() {
  local name
  for name in "$@"; do
    grep -E "^$name==" python/requirements-dev.txt
  done
}

echo "make demo: building the $site example and the emulator (the first run takes a few minutes)" >&2
case "$site" in
  flask | django | fastapi)
    if [ ! -x .venv/bin/python ]; then quietly "creating .venv" python3 -m venv .venv; fi
    case "$site" in
      flask) packages=$(pins maturin flask) ;;
      django) packages=$(pins maturin django) ;;
      # Starlette's sessions sign their cookie with itsdangerous.
      fastapi) packages="$(pins maturin fastapi starlette uvicorn jinja2) itsdangerous" ;;
    esac
    # shellcheck disable=SC2086 # one argument per package
    quietly "installing $site" .venv/bin/python -m pip install --quiet --disable-pip-version-check $packages
    quietly "building the Python package" \
      env VIRTUAL_ENV="$PWD/.venv" PATH="$PWD/.venv/bin:$PATH" \
      bash -c 'cd python && maturin develop --quiet'
    ;;
  express | nextjs)
    # The addon, built with cargo alone and named as the package's loader
    # expects: no need for the package's development tools.
    quietly "building the Node addon" cargo build --quiet -p chat-autologin-node
    platform=$(node node/native.js)
    for library in "$target"/debug/libchat_autologin_node.{so,dylib}; do
      if [ -e "$library" ]; then cp "$library" "node/chat-autologin.$platform.node"; fi
    done
    if [ "$site" = express ]; then
      quietly "installing Express" bash -c 'cd examples/express && npm ci --no-audit --no-fund --loglevel=error'
    else
      quietly "installing Next.js" bash -c 'cd examples/nextjs && npm ci --no-audit --no-fund --loglevel=error'
      quietly "building the Next.js example" \
        bash -c 'cd examples/nextjs && NEXT_TELEMETRY_DISABLED=1 npm run build'
    fi
    ;;
  axum) quietly "building the axum example" cargo build --quiet -p chat-autologin-example-axum ;;
esac
quietly "building the emulator" cargo build --quiet -p chat-autologin-cli

case "$site" in
  flask) command=(.venv/bin/python examples/flask/app.py) ;;
  django) command=(.venv/bin/python examples/django/run.py) ;;
  fastapi) command=(.venv/bin/python examples/fastapi/app.py) ;;
  express) command=(node examples/express/server.js) ;;
  nextjs) command=(node examples/nextjs/start.js) ;;
  axum) command=("$target/debug/chat-autologin-example-axum") ;;
esac

# A new secret each run, shaped like the 76-character key the chat generates.
CHAT_AUTOLOGIN_SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(57))')
export CHAT_AUTOLOGIN_SECRET

logs=$(mktemp -d)
pids=""

# Stops what was started: SIGTERM, and SIGKILL to whatever still runs 5 s later.
stop() {
  # A second Ctrl-C must not cut the stopping short (it takes 5 s at most).
  # Nor a closed terminal: what it says goes nowhere then, without failing.
  trap '' HUP INT TERM
  trap - EXIT
  local pid alive
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=""
    for pid in $pids; do
      if kill -0 "$pid" 2>/dev/null; then alive="$alive $pid"; fi
    done
    if [ -z "$alive" ]; then break; fi
    sleep 0.1
  done
  for pid in $alive; do
    echo "make demo: process $pid did not stop on SIGTERM; killing it" >&2 || true
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$logs"
  if [ -n "$running_file" ]; then rm -f "$running_file"; fi
  echo "demo stopped" || true
}
# Ctrl-C, SIGTERM or a closed terminal is how a demo ends: a clean stop. Any
# other way out (an error, a program that stopped) keeps its exit status.
trap 'stop; exit 0' HUP INT TERM
trap stop EXIT

# `start <name> <port setting> <pattern> <command...>`: starts a program in the
# background and waits (60 s at most) for its line matching <pattern>, then
# sets $started_url to the URL in that line and $started_pid to the process.
# Its output goes to $logs/<name>.out and .err.
start() {
  local name=$1 port_setting=$2 pattern=$3
  shift 3
  : >"$logs/$name.out"
  : >"$logs/$name.err"
  "$@" >"$logs/$name.out" 2>"$logs/$name.err" &
  started_pid=$!
  pids="$pids $started_pid"
  for _ in $(seq 1 600); do
    if make_stopped; then
      stop
      exit 0
    fi
    if grep -q "$pattern" "$logs/$name.out"; then
      started_url=$(grep -o -m 1 'http://[^ ]*' "$logs/$name.out")
      return 0
    fi
    if ! kill -0 "$started_pid" 2>/dev/null; then
      echo "make demo: the $name did not start:" >&2
      cat "$logs/$name.out" "$logs/$name.err" >&2
      echo "(its port: $port_setting; should that port be taken, choose another, or 0 for a free one)" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "make demo: the $name did not print its URL within 60 s" >&2
  exit 1
}

start emulator "DEMO_EMULATOR_PORT=$emulator_port" "listening on http" \
  "$target/debug/chat-autologin" serve --port "$emulator_port" --secret-env CHAT_AUTOLOGIN_SECRET
emulator_url=$started_url
emulator_pid=$started_pid
export CHAT_WIDGET_SCRIPT_URL="${emulator_url}chat-widget.js"
export PORT=$site_port
start site "DEMO_PORT=$site_port" "example site on http" "${command[@]}"
url=$started_url
site_pid=$started_pid

cat <<MESSAGE

  chat-autologin demo ($site): open $url
  Sign in with any email and name; the chat widget (bottom right) logs you in.
  What the site sent to the chat: $emulator_url
  Ctrl-C stops the demo.

MESSAGE

# Until Ctrl-C, or until one of the two stops by itself. (A foreground sleep:
# Ctrl-C interrupts it at once, and the trap runs.)
while kill -0 "$emulator_pid" 2>/dev/null && kill -0 "$site_pid" 2>/dev/null; do
  if make_stopped; then
    stop
    exit 0
  fi
  sleep 0.5 || true
done
for name in emulator site; do
  pid_var=${name}_pid
  pid=${!pid_var}
  if ! kill -0 "$pid" 2>/dev/null; then
    status=0
    wait "$pid" || status=$?
    echo "make demo: the $name stopped (exit status $status):" >&2
    tail -n 20 "$logs/$name.err" >&2
  fi
done
exit 1
