# The Node package (node/, published as `chat-autologin` on npm), built from
# bindings/node. Included by the root Makefile, which runs from the repository
# root and exports CARGO_TARGET_DIR.

NODE_DIR := node
# npm ci writes this file; it is older than the lock file when node_modules is stale.
NODE_INSTALLED := $(NODE_DIR)/node_modules/.package-lock.json

$(NODE_INSTALLED): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --no-audit --no-fund
	@touch $@

.PHONY: build-node test-node lint-node bench-node

build-node: $(NODE_INSTALLED) ## Build the Node addon (debug) into node/
	cd $(NODE_DIR) && npm run build

test-node: build-node ## Node: vectors, API, interop, npm pack, README examples, tsc over the types
	cd $(NODE_DIR) && node --test test/*.test.js
	cd $(NODE_DIR) && npm run typecheck

lint-node: $(NODE_INSTALLED)
	cd $(NODE_DIR) && npm run lint

bench-node:
	@echo "bench-node: the Node benchmark is not written yet"
