# The example sites (examples/): Flask, Django, Express and Next.js, each started on a
# free port and driven over HTTP. The axum example is a workspace crate: its
# tests run with `make test-rust`. Included by the root Makefile after
# python/python.mk (PY_BIN, PY_DEV_STAMP, python-develop) and node/node.mk
# (NODE_DIR, NODE_INSTALLED, build-node).

EXAMPLES_EXPRESS := examples/express
# npm ci writes this file; it is older than the lock file when node_modules is stale.
EXAMPLES_EXPRESS_INSTALLED := $(EXAMPLES_EXPRESS)/node_modules/.package-lock.json

$(EXAMPLES_EXPRESS_INSTALLED): $(EXAMPLES_EXPRESS)/package.json $(EXAMPLES_EXPRESS)/package-lock.json
	cd $(EXAMPLES_EXPRESS) && npm ci --no-audit --no-fund
	@touch $@

EXAMPLES_NEXTJS := examples/nextjs
EXAMPLES_NEXTJS_INSTALLED := $(EXAMPLES_NEXTJS)/node_modules/.package-lock.json
# `next build` writes this file last; older than a source, the build is stale.
EXAMPLES_NEXTJS_BUILT := $(EXAMPLES_NEXTJS)/.next/BUILD_ID
EXAMPLES_NEXTJS_SOURCES := $(shell find $(EXAMPLES_NEXTJS)/app $(EXAMPLES_NEXTJS)/lib -type f 2>/dev/null) \
	$(EXAMPLES_NEXTJS)/next.config.mjs $(EXAMPLES_NEXTJS)/tsconfig.json

$(EXAMPLES_NEXTJS_INSTALLED): $(EXAMPLES_NEXTJS)/package.json $(EXAMPLES_NEXTJS)/package-lock.json
	cd $(EXAMPLES_NEXTJS) && npm ci --no-audit --no-fund
	@touch $@

$(EXAMPLES_NEXTJS_BUILT): $(EXAMPLES_NEXTJS_INSTALLED) $(EXAMPLES_NEXTJS_SOURCES) $(NODE_DIR)/fetch.js $(NODE_DIR)/fetch.d.ts
	cd $(EXAMPLES_NEXTJS) && NEXT_TELEMETRY_DISABLED=1 npm run build

.PHONY: examples-express-install examples-nextjs-install examples-nextjs-build test-examples test-examples-python test-examples-express test-examples-nextjs lint-examples

# Express and a link to the Node package of this repository (node/, built by build-node).
examples-express-install: $(EXAMPLES_EXPRESS_INSTALLED)

# Next.js and a link to the Node package of this repository.
examples-nextjs-install: $(EXAMPLES_NEXTJS_INSTALLED)

# The build the browser tests and `make demo` run: redone only when a source is
# newer (the example's own test runs `next build` itself, so `make test` builds once).
examples-nextjs-build: build-node $(EXAMPLES_NEXTJS_BUILT)

test-examples: test-examples-python test-examples-express test-examples-nextjs ## Example sites (Flask, Django, Express, Next.js): sign in, token, sign out over HTTP

test-examples-python: python-develop
	$(PY_BIN)/python -m pytest -p no:cacheprovider examples/test_examples.py examples/test_demo.py

test-examples-express: build-node examples-express-install
	cd $(EXAMPLES_EXPRESS) && node --test test/*.test.js

# next build, then the site started with `next start` on a free port.
test-examples-nextjs: build-node examples-nextjs-install
	cd $(EXAMPLES_NEXTJS) && node --test test/*.test.js

EXAMPLES_JS := $(EXAMPLES_EXPRESS)/*.js $(EXAMPLES_EXPRESS)/test/*.js $(EXAMPLES_EXPRESS)/package.json \
	$(EXAMPLES_NEXTJS)/*.js $(EXAMPLES_NEXTJS)/*.mjs $(EXAMPLES_NEXTJS)/test/*.js $(EXAMPLES_NEXTJS)/package.json \
	$(EXAMPLES_NEXTJS)/tsconfig.json $(EXAMPLES_NEXTJS)/lib/*.ts $(EXAMPLES_NEXTJS)/app/*.tsx \
	'$(EXAMPLES_NEXTJS)/app/**/*.ts'

lint-examples: $(PY_DEV_STAMP) $(NODE_INSTALLED) ## ruff and prettier over the examples
	$(PY_BIN)/ruff check --extend-select I,B,UP,RUF,SIM,PT examples
	$(PY_BIN)/ruff format --check examples
	cd $(NODE_DIR) && npx prettier --config .prettierrc.json --check $(addprefix ../,$(EXAMPLES_JS)) || \
	  { echo "lint-examples: format them with: cd $(NODE_DIR) && npx prettier --config .prettierrc.json --write $(addprefix ../,$(EXAMPLES_JS))"; exit 1; }
