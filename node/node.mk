# The Node package (node/, published as `chat-autologin` on npm), built from
# bindings/node. Included by the root Makefile, which runs from the repository
# root and exports CARGO_TARGET_DIR.

NODE_DIR := node
# npm ci writes this file; it is older than the lock file when node_modules is stale.
NODE_INSTALLED := $(NODE_DIR)/node_modules/.package-lock.json

$(NODE_INSTALLED): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --no-audit --no-fund
	@touch $@

.PHONY: build-node test-node lint-node bench-node bench-web-node

build-node: $(NODE_INSTALLED) ## Build the Node addon (debug) into node/
	cd $(NODE_DIR) && npm run build

test-node: build-node ## Node: vectors, API, interop, npm pack, README examples, tsc over the types
	cd $(NODE_DIR) && node --test test/*.test.js
	cd $(NODE_DIR) && npm run typecheck

# The browser companion lives in the core crate (every integration serves it)
# but is JavaScript: it is checked with this package's prettier config.
COMPANION_JS := crates/chat-autologin/companion/client.js
# So are the scripts that test the packed artifacts (tests/dist/).
DIST_TEST_JS := tests/dist/*.js

lint-node: $(NODE_INSTALLED)
	cd $(NODE_DIR) && npm run lint
	cd $(NODE_DIR) && npx prettier --config .prettierrc.json --check ../$(COMPANION_JS) ../$(DIST_TEST_JS) || \
	  { echo "lint-node: format them with: cd $(NODE_DIR) && npx prettier --config .prettierrc.json --write ../$(COMPANION_JS) ../$(DIST_TEST_JS)"; exit 1; }

# @node-rs/jsonwebtoken, one of the peers, is installed only for the benchmark
# and not saved: its per-platform packages in the lock file break `npm ci`.
NODE_RS_JWT := @node-rs/jsonwebtoken@0.5.11

bench-node: $(NODE_INSTALLED) ## Node: mint and verify against jsonwebtoken, jose, fast-jwt, @node-rs/jsonwebtoken (release build)
	cd $(NODE_DIR) && npm run build:release
	cd $(NODE_DIR) && npm install --no-save --no-audit --no-fund $(NODE_RS_JWT) || \
	  echo "bench-node: $(NODE_RS_JWT) could not be installed; benchmarking without it"
	cd $(NODE_DIR) && node bench/bench.js

# The load generator of bench-web-node: Debian's wrk, installed with apt-get
# when missing (CI runs as root).
WRK := /usr/bin/wrk

$(WRK):
	@if [ "$$(id -u)" != 0 ]; then \
		echo "bench-web-node needs wrk at $@: install Debian's wrk package (apt-get install wrk)" >&2; \
		exit 1; \
	fi
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y wrk

bench-web-node: $(NODE_INSTALLED) $(WRK) ## Node: the token endpoint against a hello route and a hand-written one, in Express and Fastify (wrk; release build)
	cd $(NODE_DIR) && npm run build:release
	cd $(NODE_DIR) && node bench/web.js
