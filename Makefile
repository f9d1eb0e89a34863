# chat-autologin: one Rust core, three front doors.
# `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# One target directory for the whole workspace, bindings included.
export CARGO_TARGET_DIR ?= $(CURDIR)/target

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: test
test: check-vectors test-rust test-python test-node test-examples test-browser fuzz-smoke test-dist ## Run every test suite (installs what it needs)

# Every generated vector file, as generator:file. `make check-vectors` reruns each
# generator in a scratch directory and fails if its output differs from the
# committed file; a new generated file needs one line here.
GENERATED_VECTORS := \
	tests/vectors/generate.py:tests/vectors/mint.json \
	tests/vectors/generate.py:tests/vectors/verify.json \
	tests/vectors/generate_diagnose.py:tests/vectors/diagnose.json \
	crates/chat-autologin-cli/tests/generate_cli_vectors.py:tests/vectors/cli.json

.PHONY: check-vectors
check-vectors: ## Rerun the vector generators; fail if a committed vector file differs
	python3 tests/vectors/check_generated.py $(GENERATED_VECTORS)
	@# endpoint.json hashes the companion script, outside its generator's directory.
	python3 tests/vectors/generate_endpoint.py --check

SITE ?= flask
# The demo runs as the recipe of a file that it creates and make deletes when
# make itself gets SIGINT, SIGTERM or SIGHUP: the demo then stops as on Ctrl-C
# (see examples/demo.sh).
DEMO_RUNNING_FILE := $(CARGO_TARGET_DIR)/demo-is-running
.PHONY: demo
demo: $(DEMO_RUNNING_FILE) ## The widget emulator and an example site with a new secret (SITE=flask|django|fastapi|express|nextjs|axum; DEMO_PORT, DEMO_EMULATOR_PORT)

.PHONY: demo-always
$(DEMO_RUNNING_FILE): demo-always
	@mkdir -p $(dir $@)
	@DEMO_MAKE_PID=$$PPID DEMO_RUNNING_FILE=$@ bash examples/demo.sh $(SITE)

.PHONY: test-rust
test-rust: ## Rust core and CLI: unit, vector, property and CLI tests
	cargo test --workspace --exclude chat-autologin-python --exclude chat-autologin-node

.PHONY: lint
lint: lint-rust lint-python lint-node lint-examples lint-workflows ## cargo fmt, clippy -D warnings, ruff, the Node formatter, actionlint

.PHONY: lint-rust
lint-rust:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# actionlint, built from its Go module into .tools/ (Go is the one prerequisite).
ACTIONLINT_VERSION := v1.7.12
ACTIONLINT := $(CURDIR)/.tools/actionlint-$(ACTIONLINT_VERSION)/actionlint

$(ACTIONLINT):
	@command -v go >/dev/null || { echo "lint-workflows: actionlint is built from source with Go, which is not installed"; exit 1; }
	GOBIN=$(dir $@) go install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

.PHONY: lint-workflows
lint-workflows: $(ACTIONLINT) ## actionlint over .github/workflows
	$(ACTIONLINT)

.PHONY: bench
bench: bench-rust bench-python bench-node ## Benchmarks against the peers, with ratios

.PHONY: bench-web
bench-web: bench-web-python bench-web-node ## What the token endpoint costs a site: Flask, FastAPI, Express, Fastify under wrk

.PHONY: bench-rust
bench-rust:
	cargo bench -p chat-autologin --bench tokens

.PHONY: fmt
fmt: ## Format the Rust code
	cargo fmt --all

include python/python.mk
include node/node.mk
include examples/examples.mk
include tests/browser/browser.mk
include fuzz/fuzz.mk
include tests/dist/dist.mk
