#!/usr/bin/env bash
# Python binding tasks, called by the Makefile (`make setup`, `make test`).
#   bash bindings/python/dev.sh setup   .venv at the repo root + tools + release build
#   bash bindings/python/dev.sh test    setup, pytest, stubtest, the example
# Idempotent: tools are installed again only when requirements-dev.txt changes,
# and cargo rebuilds only what changed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
WHEELS="$ROOT/target/wheels/cte-rules-python"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

say() { printf '==> %s\n' "$*"; }

setup() {
    if [ ! -x "$PY" ]; then
        say "creating $VENV"
        python3 -m venv "$VENV"
    fi
    local stamp="$VENV/.cte-rules-python-requirements"
    if ! cmp -s "$HERE/requirements-dev.txt" "$stamp"; then
        say "installing maturin, pytest, pandas, mypy into .venv"
        "$PY" -m pip install --quiet --upgrade pip
        "$PY" -m pip install --quiet -r "$HERE/requirements-dev.txt"
        cp "$HERE/requirements-dev.txt" "$stamp"
    fi
    say "building the cte_rules wheel (release, abi3)"
    rm -rf "$WHEELS"
    # VIRTUAL_ENV and PATH as `activate` sets them, without sourcing it.
    VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" build --release \
        --manifest-path "$HERE/Cargo.toml" --interpreter "$PY" --out "$WHEELS"
    local wheels=("$WHEELS"/cte_rules-*.whl)
    if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
        echo "expected one wheel in $WHEELS, found: ${wheels[*]}" >&2
        exit 1
    fi
    "$PY" -m pip install --quiet --no-deps --force-reinstall "${wheels[0]}"
    (cd "$ROOT" && "$PY" -c "import cte_rules; print('cte_rules', cte_rules.__version__, 'installed in .venv')")
}

run_tests() {
    setup
    cd "$ROOT"
    say "building the CLI (release), for the test that compares to_dict() with its JSON"
    # Selecting both packages resolves the features the wheel build used, so the
    # release artifacts of core and its dependencies are reused, not rebuilt.
    cargo build --release --quiet -p cte-rules-cli -p cte-rules-python --bin cte-rules
    say "pytest bindings/python/tests"
    # Exit 5 (no test collected) fails like any other non-zero status.
    "$PY" -m pytest "$HERE/tests" -q -p no:cacheprovider
    say "stubtest: the .pyi files against the built module"
    "$PY" -m mypy.stubtest cte_rules \
        --allowlist "$HERE/stubtest-allowlist.txt" --mypy-config-file "$HERE/pyproject.toml"
    say "mypy --strict on the example: the stubs as a user's editor reads them"
    "$PY" -m mypy --config-file "$HERE/pyproject.toml" "$ROOT/examples/python/check_plans.py"
    say "examples/python/check_plans.py"
    "$PY" "$ROOT/examples/python/check_plans.py" "$ROOT/examples/python/plans"
}

case "${1:-}" in
    setup) setup ;;
    test) run_tests ;;
    *)
        echo "usage: bash bindings/python/dev.sh setup|test" >&2
        exit 2
        ;;
esac
