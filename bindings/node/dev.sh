#!/usr/bin/env bash
# Node binding tasks, called by the Makefile (`make setup`, `make test`):
#   bash bindings/node/dev.sh setup   npm install (from the lock file) + release build
#   bash bindings/node/dev.sh build   release build of the native module only
#   bash bindings/node/dev.sh test    setup, then node --test: the binding, tsc --noEmit, the example
# Idempotent; exits non-zero on any failure or when no test ran.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

install() {
    # `npm ci` fails on this machine kind; `npm install` honours package-lock.json.
    if [[ ! -d node_modules/@napi-rs/cli || package-lock.json -nt node_modules/.package-lock.json ]]; then
        npm install --no-audit --no-fund --loglevel=error
    fi
}

build() {
    # scripts/cargo-host keeps the build in the workspace's target/release (no
    # second build of every dependency for an explicit --target).
    CARGO="$here/scripts/cargo-host" node_modules/.bin/napi build --platform --release \
        --package cte-rules-node --manifest-path "$root/Cargo.toml" --output-dir "$here"
    if [[ "${CI:-}" == true ]] && ! git -C "$root" diff --quiet -- bindings/node/index.d.ts bindings/node/index.js; then
        git -C "$root" --no-pager diff -- bindings/node/index.d.ts bindings/node/index.js
        echo "dev.sh: the generated index.d.ts/index.js differ from the committed ones; commit them" >&2
        exit 1
    fi
}

run_tests() {
    # The release CLI, for the test that compares reports with its JSON output
    # (a no-op when `make test` has built it already).
    (cd "$root" && cargo build --release --quiet -p cte-rules-cli)
    local tap="$root/target/node-test.tap"
    rm -f "$tap"
    # One run for the binding's tests (the tsc --noEmit check is one of them)
    # and the portal example's; spec to the terminal, TAP to count the passes.
    CTE_RULES_CLI="$root/target/release/cte-rules" node --test \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" \
        __test__/*.test.mjs "$root"/examples/node/*.test.js
    local passed
    passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap")"
    if [[ -z "$passed" || "$passed" -eq 0 ]]; then
        echo "dev.sh: no Node test ran" >&2
        exit 1
    fi
    echo "dev.sh: $passed Node tests passed"
}

case "${1:-}" in
    setup) install; build ;;
    build) build ;;
    test) install; build; run_tests ;;
    *) echo "usage: bash bindings/node/dev.sh setup|build|test" >&2; exit 2 ;;
esac
