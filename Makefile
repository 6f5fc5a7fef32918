# cte-rules developer tasks. `make help` lists them.
# The README's two commands are `make setup` and `make test`; CI runs `make test`.

CARGO ?= cargo
CLI := target/release/cte-rules

.PHONY: help setup build test lint test-rust test-python test-node schemas docs bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## Build the CLI (release)
	$(CARGO) build --release -p cte-rules-cli

setup: build ## Build the CLI, the Python package (.venv) and the Node module, then check examples/
	bash bindings/python/dev.sh setup
	bash bindings/node/dev.sh setup
	$(CLI) check examples/ --fail-on never

lint: ## cargo fmt --check and clippy -D warnings
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust: ## Rust unit, snapshot and CLI tests (whole workspace)
	$(CARGO) test --workspace

test-python: ## pytest on bindings/python/tests and the Python example
	bash bindings/python/dev.sh test

test-node: ## node --test on bindings/node and the Node example
	bash bindings/node/dev.sh test

test: lint test-rust test-python test-node ## Every test: lint, Rust, Python, Node

schemas: ## Regenerate schemas/ from the Rust types
	$(CARGO) run -q -p cte-rules-cli -- schema --out schemas

docs: ## Regenerate docs/rules.md (the reading of every rule) from the national pack
	$(CARGO) run -q -p cte-rules-cli -- rules list --format markdown > docs/rules.md

bench: ## Criterion and NDJSON throughput benchmarks
	$(CARGO) bench -p cte-rules-core

fuzz: ## Every fuzz target for FUZZ_SECONDS each (default 60; needs nightly, installs cargo-fuzz)
	bash core/fuzz/run.sh
