# The release artifacts this machine can build (linux x86_64), and the test
# that installs each one as a user would. The release workflow
# (.github/workflows/release.yml) builds the other platforms. Included by the
# root Makefile after python/python.mk and node/node.mk.

DIST := $(CURDIR)/dist
# The one version every manifest carries (tests/dist/check_artifacts.py checks them).
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -n 1)
DIST_TOOLS_STAMP := $(PY_VENV)/.chat-autologin-dist-requirements
NODE_PLATFORM := linux-x64-gnu
NODE_PLATFORM_DIR := $(NODE_DIR)/npm/$(NODE_PLATFORM)
NODE_STAGE := $(CARGO_TARGET_DIR)/npm-stage/chat-autologin
# The crates that are published, in dependency order.
PUBLISHED_CRATES := chat-autologin chat-autologin-axum chat-autologin-cli

$(DIST_TOOLS_STAMP): python/requirements-dist.txt | $(PY_BIN)/python
	$(PY_BIN)/python -m pip install --quiet -r python/requirements-dist.txt
	touch $@

.PHONY: dist dist-python dist-node dist-crates test-dist

dist: dist-python dist-node dist-crates ## Release artifacts for linux x86_64 into dist/: sdist, wheel, npm packages, crates
	@ls -l $(DIST)

# The sdist, and an abi3 wheel linked by zig against glibc 2.17 (manylinux2014),
# which auditwheel must find consistent with that tag.
dist-python: $(PY_DEV_STAMP) $(DIST_TOOLS_STAMP)
	mkdir -p $(DIST)
	rm -f $(DIST)/chat_autologin-*
	set -o pipefail; cd python && VIRTUAL_ENV=$(PY_VENV) PATH="$(PY_BIN):$$PATH" maturin sdist --out $(DIST) 2>&1 | tail -n 1
	cd python && VIRTUAL_ENV=$(PY_VENV) PATH="$(PY_BIN):$$PATH" \
		maturin build --quiet --release --zig --compatibility manylinux2014 \
		--interpreter $(PY_BIN)/python --out $(DIST)
	$(PY_BIN)/auditwheel show $(DIST)/chat_autologin-*.whl | tr '\n' ' ' | \
		grep -q 'consistent with the following platform tag: "manylinux_2_17_x86_64"' || \
		{ $(PY_BIN)/auditwheel show $(DIST)/chat_autologin-*.whl; echo "dist: the wheel is not manylinux_2_17"; exit 1; }

# The addon, built in release straight into its platform package (napi-rs's
# layout: npm/<platform>/; the --dts path is relative to it, and the file
# unused), which `npm pack` refuses to pack if it is a debug
# build; then the main package, with the platform package as an exact-version
# optional dependency.
dist-node: $(NODE_INSTALLED)
	mkdir -p $(DIST)
	rm -f $(DIST)/chat-autologin-*.tgz
	cd $(NODE_DIR) && npx napi build --platform --release --manifest-path ../bindings/node/Cargo.toml \
		--output-dir npm/$(NODE_PLATFORM) --no-js --dts ../../../target/chat-autologin-node.d.ts
	cp LICENSE-MIT LICENSE-APACHE $(NODE_PLATFORM_DIR)/
	cd $(NODE_PLATFORM_DIR) && npm pack --silent --pack-destination $(DIST)
	rm -rf $(NODE_STAGE)
	node $(NODE_DIR)/scripts/stage.js $(NODE_STAGE)
	cd $(NODE_STAGE) && npm pack --silent --pack-destination $(DIST)

# Packaged without building them here: `make test-dist` builds each one with
# `cargo publish --dry-run`.
dist-crates:
	mkdir -p $(DIST)
	rm -f $(DIST)/*.crate
	cargo package --quiet --no-verify --allow-dirty $(addprefix -p ,$(PUBLISHED_CRATES))
	cp $(foreach crate,$(PUBLISHED_CRATES),$(CARGO_TARGET_DIR)/package/$(crate)-$(VERSION).crate) $(DIST)/

test-dist: dist $(NODE_INSTALLED) ## Install each artifact of dist/ in a fresh place and run the vectors against it
	bash tests/dist/test_dist.sh $(DIST)
