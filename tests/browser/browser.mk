# Browser end-to-end tests (tests/browser): the companion script, served by the
# Flask integration, logging visitors into the emulator's stand-in widget, in a
# real headless Chromium (Debian's chromium package, driven by playwright-core).
# Included by the root Makefile, which runs from the repository root, exports
# CARGO_TARGET_DIR and includes python/python.mk (whose python-develop builds
# the extension into .venv).

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

.PHONY: build-cli test-browser

build-cli: ## Build the CLI (debug), the widget emulator included
	cargo build -p chat-autologin-cli

test-browser: $(BROWSER_CHROMIUM) $(BROWSER_INSTALLED) build-cli python-develop ## Browser: the companion, Flask and the emulator in headless Chromium
	cd $(BROWSER_DIR) && npm test
