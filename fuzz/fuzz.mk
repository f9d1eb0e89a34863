# Fuzzing the Rust core with cargo fuzz (libFuzzer). Included by the root Makefile.
#
#   make fuzz         each target for FUZZ_SECONDS (default 1200) on fuzz/corpus/<target>
#   make fuzz-smoke   each target for 30 s on a fresh seed corpus (part of `make test`)
#
# cargo fuzz needs nightly compiler flags (sanitizers, coverage); on the stable
# toolchain RUSTC_BOOTSTRAP=1 allows them, for these commands only. The fuzz
# crate is a workspace of its own, built in a target directory of its own, so
# its instrumented builds never invalidate the main workspace's artifacts.

FUZZ_DIR := $(CURDIR)/fuzz
FUZZ_TARGETS := verify inspect mint diagnose
FUZZ_SECONDS ?= 1200
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_TARGET_DIR ?= $(if $(CARGO_TARGET_DIR),$(CARGO_TARGET_DIR)/fuzz,$(FUZZ_DIR)/target)
FUZZ_SMOKE_CORPUS := $(FUZZ_TARGET_DIR)/smoke-corpus
CARGO_FUZZ := RUSTC_BOOTSTRAP=1 cargo fuzz
CARGO_FUZZ_OPTS := --fuzz-dir $(FUZZ_DIR) --target-dir $(FUZZ_TARGET_DIR)
# -timeout: one input taking seconds is a bug for an 8 KiB token.
LIBFUZZER_OPTS := -timeout=10 -print_final_stats=1

.PHONY: fuzz-tools fuzz-build fuzz fuzz-smoke

fuzz-tools:
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

fuzz-build: fuzz-tools
	$(CARGO_FUZZ) build $(CARGO_FUZZ_OPTS)

fuzz: fuzz-build ## Fuzz each target for FUZZ_SECONDS (default 1200) on fuzz/corpus
	python3 $(FUZZ_DIR)/seed_corpus.py --out $(FUZZ_DIR)/corpus
	@set -e; for target in $(FUZZ_TARGETS); do \
		echo "== fuzz $$target for $(FUZZ_SECONDS) s"; \
		$(CARGO_FUZZ) run $(CARGO_FUZZ_OPTS) $$target $(FUZZ_DIR)/corpus/$$target -- \
			$(LIBFUZZER_OPTS) -max_total_time=$(FUZZ_SECONDS); \
	done

fuzz-smoke: fuzz-build ## Fuzz each target for 30 s on the seed corpus
	rm -rf $(FUZZ_SMOKE_CORPUS)
	python3 $(FUZZ_DIR)/seed_corpus.py --out $(FUZZ_SMOKE_CORPUS)
	@for target in $(FUZZ_TARGETS); do \
		log=$(FUZZ_TARGET_DIR)/smoke-$$target.log; \
		echo "== fuzz-smoke $$target for $(FUZZ_SMOKE_SECONDS) s"; \
		if $(CARGO_FUZZ) run $(CARGO_FUZZ_OPTS) $$target $(FUZZ_SMOKE_CORPUS)/$$target -- \
			$(LIBFUZZER_OPTS) -max_total_time=$(FUZZ_SMOKE_SECONDS) >$$log 2>&1; then \
			grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $$log; \
		else \
			tail -n 120 $$log; echo "fuzz-smoke: $$target failed; the input is in fuzz/artifacts/$$target"; \
			exit 1; \
		fi; \
	done
