# Browser end-to-end tests (tests/browser), in a real headless Chromium
# (Debian's chromium package, driven by playwright-core): the companion script,
# served by the Flask integration, logging visitors into the emulator's
# stand-in widget; the example sites (examples/); and `make demo`.
# Included by the root Makefile, which runs from the repository root, exports
# CARGO_TARGET_DIR and includes python/python.mk (python-develop builds the
# extension into .venv), node/node.mk (build-node builds the addon) and
# examples/examples.mk (examples-express-install, examples-nextjs-build).

BROWSER_DIR := tests/browser
BROWSER_CHROMIUM := /usr/bin/chromium
# npm ci writes this file; it is older than the lock file when node_modules is stale.
BROWSER_INSTALLED := $(BROWSER_DIR)/node_modules/.package-lock.json

# Installed with apt-get when missing (CI runs as root).
$(BROWSER_CHROMIUM):
	@if [ "$$(id -u)" != 0 ]; then \
		echo "test-browser needs Chromium at $@: install Debian's chromium package (apt-get install chromium)" >&2; \
		exit 1; \
	fi
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

$(BROWSER_INSTALLED): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund
	@touch $@

.PHONY: build-cli browser-build-rust test-browser

build-cli: ## Build the CLI (debug), the widget emulator included
	cargo build -p chat-autologin-cli

# The CLI (the emulator) and the axum example site, in one cargo run.
browser-build-rust:
	cargo build -p chat-autologin-cli -p chat-autologin-example-axum

test-browser: $(BROWSER_CHROMIUM) $(BROWSER_INSTALLED) browser-build-rust python-develop build-node examples-express-install examples-nextjs-build ## Browser: the companion, the example sites, `make demo`, in headless Chromium
	cd $(BROWSER_DIR) && npm test
