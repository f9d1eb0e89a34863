# The example sites (examples/): Flask, Django and Express, each started on a
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

.PHONY: examples-express-install test-examples test-examples-python test-examples-express lint-examples

# Express and a link to the Node package of this repository (node/, built by build-node).
examples-express-install: $(EXAMPLES_EXPRESS_INSTALLED)

test-examples: test-examples-python test-examples-express ## Example sites (Flask, Django, Express): sign in, token, sign out over HTTP

test-examples-python: python-develop
	$(PY_BIN)/python -m pytest -p no:cacheprovider examples/test_examples.py examples/test_demo.py

test-examples-express: build-node examples-express-install
	cd $(EXAMPLES_EXPRESS) && node --test test/*.test.js

EXAMPLES_JS := $(EXAMPLES_EXPRESS)/*.js $(EXAMPLES_EXPRESS)/test/*.js $(EXAMPLES_EXPRESS)/package.json

lint-examples: $(PY_DEV_STAMP) $(NODE_INSTALLED) ## ruff and prettier over the examples
	$(PY_BIN)/ruff check --extend-select I,B,UP,RUF,SIM,PT examples
	$(PY_BIN)/ruff format --check examples
	cd $(NODE_DIR) && npx prettier --config .prettierrc.json --check $(addprefix ../,$(EXAMPLES_JS)) || \
	  { echo "lint-examples: format them with: cd $(NODE_DIR) && npx prettier --config .prettierrc.json --write $(addprefix ../,$(EXAMPLES_JS))"; exit 1; }
