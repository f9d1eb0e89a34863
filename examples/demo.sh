#!/usr/bin/env bash
# `make demo [SITE=flask|django|express|axum]`: the widget emulator and one example
# site, wired together with a freshly generated secret. Prints one URL; Ctrl-C
# stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

site=${1:-flask}
emulator_port=${DEMO_EMULATOR_PORT:-8787}
site_port=${DEMO_PORT:-5000}
target=${CARGO_TARGET_DIR:-$PWD/target}

case "$site" in
  flask | django) make -s python-develop >&2 ;;
  express) make -s build-node examples-express-install >&2 ;;
  axum) cargo build -q -p chat-autologin-example-axum ;;
  *) echo "make demo: unknown SITE '$site' (flask, django, express or axum)" >&2; exit 2 ;;
esac
cargo build -q -p chat-autologin-cli

case "$site" in
  flask) command=(.venv/bin/python examples/flask/app.py) ;;
  django) command=(.venv/bin/python examples/django/run.py) ;;
  express) command=(node examples/express/server.js) ;;
  axum) command=("$target/debug/chat-autologin-example-axum") ;;
esac

# A new secret each run, shaped like the 76-character key the chat generates.
CHAT_AUTOLOGIN_SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(57))')
export CHAT_AUTOLOGIN_SECRET
export CHAT_WIDGET_SCRIPT_URL="http://127.0.0.1:$emulator_port/chat-widget.js"
export PORT=$site_port

logs=$(mktemp -d)
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$logs"
  echo "demo stopped"
}
trap stop INT TERM EXIT

# Starts a program in the background and waits for the line with its URL.
start() {
  local name=$1 pattern=$2
  shift 2
  "$@" >"$logs/$name.out" 2>"$logs/$name.err" &
  pids+=($!)
  for _ in $(seq 1 600); do
    if grep -q "$pattern" "$logs/$name.out"; then return 0; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "make demo: the $name did not start:" >&2
      cat "$logs/$name.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "make demo: the $name did not print its URL in time" >&2
  exit 1
}

start emulator "listening on http" \
  "$target/debug/chat-autologin" serve --port "$emulator_port" --secret-env CHAT_AUTOLOGIN_SECRET
start site "example site on http" "${command[@]}"
url=$(grep -o 'http://[^ ]*' "$logs/site.out" | head -n 1)

cat <<MESSAGE

  chat-autologin demo ($site): open $url
  Sign in with any email and name; the chat widget (bottom right) logs you in.
  What the site sent to the chat: http://127.0.0.1:$emulator_port/
  Ctrl-C stops the demo.

MESSAGE
wait -n "${pids[@]}"
