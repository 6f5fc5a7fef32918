#!/usr/bin/env bash
# `make dist-test`: installs and uses what `make dist` put in dist/, as users would.
#
# Every install and use below runs with no Rust toolchain on PATH (cargo, rustc
# and rustup are left out of it, and checked to be gone):
#   - auditwheel confirms the manylinux_2_17 and musllinux_1_2 tags;
#   - pip installs the wheel from dist/ alone (no index) into a fresh venv; the
#     module checks the example plans, the `cte-rules` command checks examples/,
#     and bindings/python/tests/test_cli.py holds the command byte-identical to
#     the static musl binary in every format;
#   - npm installs the main tarball and this machine's platform tarball into an
#     empty project offline (empty cache) and runs the README's Node usage; both
#     platform tarballs are checked as published (manifest, stripped .node);
#   - the musl tarball's SHA-256 file verifies, the binary is static and runs;
#   - the pre-commit `language: python` hook installs itself in a scratch
#     repository and passes a good document, fails a bad one; so does the
#     `system` hook with the command on PATH;
#   - the composite action's steps (action.yml) run against the wheel.
# Two checks need Rust, on the full PATH: the sdist builds into a wheel from a
# clean directory (pip), and `cargo install --path cli` works.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist"
VENV="$ROOT/.venv"
MUSL=x86_64-unknown-linux-musl
TODAY=--today=2025-11-23
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/cte-rules-dist-test.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
PASSED=0
TIMES=()

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'dist-test: FAILED: %s\n' "$*" >&2; printf 'dist-test: %d passed, 1 failed\n' "$PASSED" >&2; exit 1; }
ok() { PASSED=$((PASSED + 1)); printf 'ok %d - %s\n' "$PASSED" "$*"; }
version() { sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# PATH without any directory holding cargo, rustc or rustup; env without Rust's variables.
no_rust_path() {
    local dir kept=()
    IFS=: read -ra dirs <<<"$PATH"
    for dir in "${dirs[@]}"; do
        if [ -z "$dir" ] || [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || [ -e "$dir/rustup" ]; then
            continue
        fi
        kept+=("$dir")
    done
    (IFS=:; printf '%s' "${kept[*]}")
}
NO_RUST_PATH="$(no_rust_path)"
no_rust() { env -u CARGO_HOME -u RUSTUP_HOME -u RUSTUP_TOOLCHAIN -u CARGO -u RUSTC PATH="$NO_RUST_PATH" "$@"; }

# Runs "$@" expecting exit status $1; prints the output on a mismatch.
expect_status() {
    local want="$1" got=0
    shift
    "$@" >"$TMP/out" 2>&1 || got=$?
    if [ "$got" -ne "$want" ]; then
        cat "$TMP/out" >&2
        die "\`$*\` exited $got, not $want"
    fi
}
contains() { grep -qF -- "$1" "$TMP/out" || { cat "$TMP/out" >&2; die "no \`$1\` in the output of the last command"; }; }

preflight() {
    local version="$1" file
    for file in "cte_rules-$version-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl" \
        "cte_rules-$version-cp39-abi3-musllinux_1_2_x86_64.whl" "cte_rules-$version.tar.gz" \
        "cte-rules-$version.tgz" "cte-rules-linux-x64-gnu-$version.tgz" "cte-rules-linux-x64-musl-$version.tgz" \
        "cte-rules-$version-$MUSL.tar.gz" "cte-rules-$version-$MUSL.tar.gz.sha256"; do
        [ -f "$DIST/$file" ] || die "dist/$file is missing: run \`make dist\` first"
    done
    [ -x "$VENV/bin/auditwheel" ] && [ -x "$VENV/bin/pre-commit" ] || die "the dist tools are not in .venv: run \`make dist\`"
    if no_rust sh -c 'command -v cargo || command -v rustc || command -v rustup' >/dev/null; then
        die "could not take the Rust toolchain off PATH"
    fi
    ok "dist/ has every artifact; PATH for installs has no cargo, rustc or rustup"
}

wheel_tags() {
    local version="$1"
    say "auditwheel show"
    "$VENV/bin/auditwheel" show "$DIST"/cte_rules-*manylinux*.whl | tee "$TMP/out"
    contains '"manylinux_2_17_x86_64"'
    ok "auditwheel: the manylinux wheel is manylinux_2_17_x86_64 (manylinux2014)"
    "$VENV/bin/auditwheel" show "$DIST"/cte_rules-*musllinux*.whl | tee "$TMP/out"
    contains '"musllinux_1_2_x86_64"'
    ok "auditwheel: the musllinux wheel is musllinux_1_2_x86_64"
    "$VENV/bin/python" - "$DIST" <<'EOF' || die "a wheel is not stripped or lacks its metadata"
import io, pathlib, sys, zipfile
from elftools.elf.elffile import ELFFile  # pyelftools, auditwheel's dependency
for wheel in sorted(pathlib.Path(sys.argv[1]).glob("cte_rules-*.whl")):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
        native = archive.read(next(n for n in names if n.startswith("cte_rules/_native")))
    assert "cte-rules=cte_rules.__main__:main" in entry_points.replace(" ", ""), entry_points
    for field in ("License-Expression: MIT OR Apache-2.0", "License-File: LICENSE-MIT", "License-File: LICENSE-APACHE",
                  "Project-URL: Repository, https://github.com/cte-rules/cte-rules", "Requires-Python: >=3.9"):
        assert field in metadata, (wheel.name, field)
    assert any(n.endswith("licenses/LICENSE-APACHE") for n in names), wheel.name
    sections = {section.name for section in ELFFile(io.BytesIO(native)).iter_sections()}
    assert not sections & {".symtab", ".debug_info"}, f"{wheel.name}: not stripped: {sorted(sections)}"
    print(f"{wheel.name}: {wheel.stat().st_size} bytes, _native {len(native)} bytes, stripped, metadata ok")
EOF
    ok "wheels: stripped, console script, license files, URLs"
}

python_wheel() {
    local version="$1" venv="$TMP/venv" start
    say "pip: the wheel from dist/ into a fresh venv, no index, no Rust"
    no_rust python3 -m venv "$venv"
    start="$(now)"
    no_rust "$venv/bin/pip" install --quiet --no-index --find-links "$DIST" --only-binary=:all: "cte-rules==$version"
    TIMES+=("pip install cte-rules (wheel from dist/, fresh venv): $(elapsed "$start") s")
    ok "pip install cte-rules==$version from the wheel in $(elapsed "$start") s"
    (cd "$ROOT" && expect_status 1 no_rust "$venv/bin/cte-rules" check examples/ "$TODAY")
    contains "plan-of-study-invalid.yaml"
    contains "documents checked"
    (cd "$ROOT" && expect_status 0 no_rust "$venv/bin/cte-rules" check examples/plan-of-study-health-science.yaml "$TODAY")
    (cd "$ROOT" && expect_status 2 no_rust "$venv/bin/cte-rules" check no/such/file.yaml)
    contains "cte-rules: E_IO:"
    ok "the cte-rules command: exit 1 on examples/, 0 on a passing plan, 2 with E_IO on a missing file"
    (cd "$ROOT" && expect_status 0 no_rust "$venv/bin/python" examples/python/check_plans.py examples/python/plans)
    contains "6 plans checked"
    (cd "$TMP" && expect_status 0 no_rust "$venv/bin/python" -c '
import cte_rules, pathlib, sys
engine = cte_rules.Engine()
report = engine.check(pathlib.Path(sys.argv[1]))
assert not report.ok and "POS-02" in {f.rule for f in report.findings}, report
print(cte_rules.__version__, cte_rules.__file__)
' "$ROOT/examples/plan-of-study-it-gaps.json")
    grep -q "$venv" "$TMP/out" || die "cte_rules was not imported from the fresh venv: $(cat "$TMP/out")"
    ok "the cte_rules module checks the example plans (examples/python/check_plans.py)"
}

musl_binary() {
    local version="$1" name="cte-rules-$1-$MUSL"
    say "the static musl CLI tarball"
    (cd "$DIST" && sha256sum -c "$name.tar.gz.sha256") || die "the SHA-256 of $name.tar.gz does not match"
    tar -xzf "$DIST/$name.tar.gz" -C "$TMP"
    local binary="$TMP/$name/cte-rules"
    for file in README.md LICENSE-MIT LICENSE-APACHE; do
        [ -f "$TMP/$name/$file" ] || die "$name.tar.gz has no $file"
    done
    if readelf -lW "$binary" | grep -q 'INTERP' || readelf -dW "$binary" | grep -q '(NEEDED)'; then
        readelf -ldW "$binary" >&2
        die "the musl binary is not static"
    fi
    readelf -SW "$binary" | grep -q '\.symtab' && die "the musl binary is not stripped"
    (cd "$ROOT" && expect_status 1 no_rust "$binary" check examples/ "$TODAY")
    contains "documents checked"
    no_rust "$binary" --version | grep -qx "cte-rules $version" || die "the binary is not version $version"
    ok "$name.tar.gz: SHA-256 verifies; static, stripped $(stat -c %s "$binary")-byte binary runs"
    MUSL_BINARY="$binary"
}

python_vs_binary() {
    say "pytest test_cli.py: the wheel's command against the static binary, byte for byte"
    "$TMP/venv/bin/pip" install --quiet "pytest>=8,<10"
    (cd "$ROOT" && CTE_RULES_CLI="$MUSL_BINARY" no_rust "$TMP/venv/bin/python" -m pytest \
        bindings/python/tests/test_cli.py -q -p no:cacheprovider) || die "test_cli.py failed"
    ok "the wheel's cte-rules command equals the static binary in every format"
}

npm_tarballs() {
    local version="$1" project="$TMP/npm-project" start libc=gnu
    say "npm: the dist/ tarballs into an empty project, offline, no Rust"
    # npm refuses a package for another libc as a direct dependency (EBADPLATFORM),
    # so the machine's platform package is installed beside the main one; the
    # other one is an optional dependency npm skips, as it does from the registry.
    if ldd --version 2>&1 | grep -qi musl; then libc=musl; fi
    mkdir -p "$project"
    (cd "$project" && no_rust npm init -y >/dev/null)
    start="$(now)"
    (cd "$project" && no_rust npm install --offline --cache "$TMP/npm-cache" --no-audit --no-fund \
        --loglevel=error "$DIST/cte-rules-$version.tgz" "$DIST/cte-rules-linux-x64-$libc-$version.tgz") ||
        die "npm install of the dist/ tarballs failed offline"
    TIMES+=("npm install of the dist/ tarballs (offline, empty cache): $(elapsed "$start") s")
    ok "npm install cte-rules + cte-rules-linux-x64-$libc from dist/, offline, in $(elapsed "$start") s"
    # The README's Node usage, as a user copies it: the ```js block after its marker.
    awk '/<!-- dist-test: node check.js -->/ { take = 1; next }
         take && /^ *```js$/ { inside = 1; indent = index($0, "`") - 1; next }
         inside && /^ *```$/ { exit }
         inside { print substr($0, indent + 1) }' "$ROOT/README.md" >"$project/check.js"
    [ -s "$project/check.js" ] || die "README.md has no \`<!-- dist-test: node check.js -->\` block"
    (cd "$project" && expect_status 1 no_rust node check.js "$ROOT/examples/plan-of-study-it-gaps.json")
    contains "POS-02"
    (cd "$project" && expect_status 0 no_rust node check.js "$ROOT/examples/plan-of-study-health-science.yaml")
    (cd "$project" && expect_status 0 no_rust node -e '
const path = require.resolve(process.argv[1])
if (!path.includes(`node_modules/${process.argv[1]}/`)) throw new Error(path)
const { Engine, kinds } = require("cte-rules")
if (kinds().length !== 6) throw new Error(`kinds: ${kinds()}`)
console.log(new Engine().rules().length, "rules, binding from", path)' "cte-rules-linux-x64-$libc")
    ok "the README's Node usage runs on the installed packages (binding from cte-rules-linux-x64-$libc)"
    # Both platform packages, as published: their manifest and a stripped .node.
    local platform unpacked
    for platform in linux-x64-gnu linux-x64-musl; do
        unpacked="$TMP/npm-$platform"
        mkdir -p "$unpacked"
        tar -xzf "$DIST/cte-rules-$platform-$version.tgz" -C "$unpacked"
        node -e '
const pkg = require(process.argv[1] + "/package/package.json")
const want = { name: `cte-rules-${process.argv[2]}`, main: `cte-rules.${process.argv[2]}.node`,
  os: "linux", cpu: "x64", libc: process.argv[2].endsWith("musl") ? "musl" : "glibc" }
for (const [key, value] of Object.entries(want)) {
  if (String(pkg[key]) !== value) throw new Error(`${key}: ${pkg[key]}, not ${value}`)
}' "$unpacked" "$platform" || die "cte-rules-$platform-$version.tgz: wrong package.json"
        local node_file="$unpacked/package/cte-rules.$platform.node"
        [ -f "$node_file" ] || die "cte-rules-$platform-$version.tgz has no cte-rules.$platform.node"
        readelf -SW "$node_file" | grep -q '\.symtab' && die "cte-rules.$platform.node is not stripped"
        printf '  cte-rules.%s.node: %d bytes, stripped; needs %s\n' "$platform" "$(stat -c %s "$node_file")" \
            "$(readelf -dW "$node_file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
    done
    if readelf -dW "$TMP/npm-linux-x64-musl/package/cte-rules.linux-x64-musl.node" | grep '(NEEDED)' |
        grep -v '\[libc.musl-x86_64.so.1\]' >"$TMP/out"; then
        die "the musl .node needs more than musl's libc: $(cat "$TMP/out")"
    fi
    ok "platform packages: os/cpu/libc as napi-rs sets them, stripped .node files, the musl one needs musl's libc alone"
}

pre_commit_hooks() {
    local hooks="$TMP/hooks-repo" repo="$TMP/user-repo" wheelhouse="$ROOT/target/dist-test/wheelhouse" rev
    say "pre-commit: the language: python hook installs itself (pip, from dist/) in a scratch repository"
    # pip's build isolation needs setuptools for the root pyproject.toml; fetched once.
    if ! ls "$wheelhouse"/setuptools-*.whl >/dev/null 2>&1; then
        "$VENV/bin/pip" download --quiet --only-binary=:all: --dest "$wheelhouse" "setuptools>=77"
    fi
    # The hook repository as it is in this tree (tracked and new files), committed.
    mkdir -p "$hooks"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
        tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$hooks"
    git -C "$hooks" init -q
    git -C "$hooks" add -A
    git -C "$hooks" -c user.name=dist-test -c user.email=dist-test@localhost commit -q -m hooks
    rev="$(git -C "$hooks" rev-parse HEAD)"
    mkdir -p "$repo/curriculum"
    git -C "$repo" init -q
    cp "$ROOT/examples/plan-of-study-health-science.yaml" "$repo/curriculum/good.yaml"
    cp "$ROOT/examples/plan-of-study-invalid.yaml" "$repo/curriculum/bad.yaml"
    cat >"$repo/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: cte-rules
        files: ^curriculum/
        args: [$TODAY]
EOF
    git -C "$repo" add -A
    local run=(env PRE_COMMIT_HOME="$TMP/pre-commit-home" PIP_NO_INDEX=1 PIP_FIND_LINKS="$DIST $wheelhouse"
        PATH="$NO_RUST_PATH" "$VENV/bin/pre-commit" run --color never)
    (cd "$repo" && expect_status 0 "${run[@]}" --files curriculum/good.yaml)
    contains "cte-rules check"
    contains "Passed"
    (cd "$repo" && expect_status 1 "${run[@]}" --files curriculum/good.yaml curriculum/bad.yaml)
    contains "Failed"
    contains "curriculum/bad.yaml"
    ok "pre-commit hook cte-rules (language: python): passes good.yaml, fails bad.yaml"
    sed -i 's/- id: cte-rules$/- id: cte-rules-system/' "$repo/.pre-commit-config.yaml"
    local system=(env PRE_COMMIT_HOME="$TMP/pre-commit-home" PATH="$TMP/venv/bin:$NO_RUST_PATH"
        "$VENV/bin/pre-commit" run --color never)
    (cd "$repo" && expect_status 0 "${system[@]}" --files curriculum/good.yaml)
    (cd "$repo" && expect_status 1 "${system[@]}" --files curriculum/bad.yaml)
    contains "curriculum/bad.yaml"
    ok "pre-commit hook cte-rules-system (language: system): passes good.yaml, fails bad.yaml"
}

github_action() {
    say "action.yml: its steps against the wheel (pip from dist/), no Rust"
    local run_action=(env PIP_NO_INDEX=1 PIP_FIND_LINKS="$DIST" PATH="$NO_RUST_PATH"
        "$VENV/bin/python" "$ROOT/packaging/run_action.py" "$ROOT/action.yml" "$TMP/action")
    (cd "$ROOT" && expect_status 1 "${run_action[@]}" paths="examples/ examples/python/plans" \
        sarif-file="$TMP/cte-rules.sarif" args="$TODAY")
    contains "::error file=examples/plan-of-study-invalid.yaml"
    contains "sarif-file=$TMP/cte-rules.sarif"
    python3 -c 'import json, sys; runs = json.load(open(sys.argv[1]))["runs"]; assert runs[0]["results"], runs' \
        "$TMP/cte-rules.sarif" || die "the action wrote no SARIF results"
    (cd "$ROOT" && expect_status 0 "${run_action[@]}" paths=examples/plan-of-study-health-science.yaml \
        format=text args="$TODAY")
    contains "1 document checked"
    (cd "$ROOT" && expect_status 2 "${run_action[@]}" paths=no/such/folder sarif-file="$TMP/x.sarif")
    contains "cte-rules: E_IO:"
    ok "the action fails with annotations and SARIF on examples/, passes a good plan, exits 2 on a bad path"
}

sdist_and_cargo_install() {
    local version="$1" start
    say "the sdist builds a wheel from a clean directory (pip, with Rust; target/ as cache)"
    start="$(now)"
    CARGO_TARGET_DIR="$ROOT/target" VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" "$VENV/bin/pip" wheel --quiet \
        --no-deps --no-build-isolation --wheel-dir "$TMP/sdist-wheel" "$DIST/cte_rules-$version.tar.gz"
    no_rust python3 -m venv "$TMP/sdist-venv"
    no_rust "$TMP/sdist-venv/bin/pip" install --quiet --no-index "$TMP"/sdist-wheel/cte_rules-*.whl
    (cd "$ROOT" && expect_status 1 no_rust "$TMP/sdist-venv/bin/cte-rules" check examples/plan-of-study-it-gaps.json)
    ok "pip wheel dist/cte_rules-$version.tar.gz builds in $(elapsed "$start") s; its command runs"
    say "cargo install --path cli"
    (cd "$ROOT" && CARGO_TARGET_DIR="$ROOT/target" cargo install --quiet --locked --path cli --root "$TMP/cargo-root")
    "$TMP/cargo-root/bin/cte-rules" --version | grep -qx "cte-rules $version" || die "cargo install --path cli"
    ok "cargo install --locked --path cli installs cte-rules $version"
}

main() {
    local version
    version="$(version)"
    preflight "$version"
    wheel_tags "$version"
    python_wheel "$version"
    musl_binary "$version"
    python_vs_binary
    npm_tarballs "$version"
    pre_commit_hooks
    github_action
    sdist_and_cargo_install "$version"
    say "install times"
    printf '  %s\n' "${TIMES[@]}"
    printf 'dist-test: ran in %d s\n' "$SECONDS"
    printf 'dist-test: %d passed, 0 failed\n' "$PASSED"
}

main "$@"
