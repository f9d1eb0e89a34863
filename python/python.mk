# Python package: the pyo3 extension (bindings/python) and the pip package (python/).
# Included by the root Makefile, which exports CARGO_TARGET_DIR.

PY_VENV := $(CURDIR)/.venv
PY_BIN := $(PY_VENV)/bin
PY_DEV_STAMP := $(PY_VENV)/.chat-autologin-dev-requirements

$(PY_BIN)/python:
	python3 -m venv $(PY_VENV)

# Reinstalled whenever the pinned list changes.
$(PY_DEV_STAMP): python/requirements-dev.txt | $(PY_BIN)/python
	$(PY_BIN)/python -m pip install --quiet -r python/requirements-dev.txt
	touch $@

# Builds the extension into the venv (editable: python/chat_autologin is the package).
.PHONY: python-develop
python-develop: $(PY_DEV_STAMP)
	cd python && VIRTUAL_ENV=$(PY_VENV) PATH="$(PY_BIN):$$PATH" maturin develop --quiet

.PHONY: test-python lint-python bench-python bench-web-python
test-python: python-develop ## Python package: build the extension into .venv, run pytest
	cd python && $(PY_BIN)/python -m pytest

# The package, and the project's other Python: vector generators and the browser test site.
PY_LINT_PATHS := python tests crates/chat-autologin-cli/tests fuzz/seed_corpus.py

lint-python: $(PY_DEV_STAMP) ## ruff check and ruff format --check on the project's Python
	$(PY_BIN)/ruff check $(PY_LINT_PATHS)
	$(PY_BIN)/ruff format --check $(PY_LINT_PATHS)

# The benchmark runs on a release build, unpacked beside the debug one that the
# tests use (PYTHONPATH puts it first), with the venv's PyJWT and joserfc.
PY_BENCH_DIR := $(CARGO_TARGET_DIR)/python-bench

bench-python: $(PY_DEV_STAMP) ## Python: Issuer/Verifier against PyJWT, joserfc and the stdlib (release build)
	rm -rf $(PY_BENCH_DIR)
	cd python && VIRTUAL_ENV=$(PY_VENV) PATH="$(PY_BIN):$$PATH" \
		maturin build --release --quiet --interpreter $(PY_BIN)/python --out $(PY_BENCH_DIR)/wheel
	$(PY_BIN)/python -m zipfile -e $(PY_BENCH_DIR)/wheel/*.whl $(PY_BENCH_DIR)/site
	cd python && PYTHONPATH=$(PY_BENCH_DIR)/site $(PY_BIN)/python benchmarks/bench.py

# What the token endpoint costs a site (Flask under gunicorn, FastAPI under
# uvicorn, driven by wrk), on the release build that bench-python unpacks.
bench-web-python: $(PY_DEV_STAMP) ## Python: the endpoint against a JSON hello and a PyJWT endpoint, under load (release build)
	@command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	rm -rf $(PY_BENCH_DIR)
	cd python && VIRTUAL_ENV=$(PY_VENV) PATH="$(PY_BIN):$$PATH" \
		maturin build --release --quiet --interpreter $(PY_BIN)/python --out $(PY_BENCH_DIR)/wheel
	$(PY_BIN)/python -m zipfile -e $(PY_BENCH_DIR)/wheel/*.whl $(PY_BENCH_DIR)/site
	cd python && PYTHONPATH=$(PY_BENCH_DIR)/site $(PY_BIN)/python benchmarks/web.py
