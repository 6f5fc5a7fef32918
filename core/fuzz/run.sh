#!/usr/bin/env bash
# Runs every fuzz target for a bounded time: `make fuzz` (FUZZ_SECONDS each,
# default 60). CI's runs are seeded (FUZZ_SEED, default 1), so that a red CI
# can be replayed here exactly: the same seed and corpus explore the same
# inputs, and a slower machine only stops earlier on the same path. Explore
# further with another seed (FUZZ_SEED=0 lets libFuzzer choose one).
# Needs a nightly toolchain; installs cargo-fuzz when missing
# (CI's machines start without it). Without nightly it says so and skips,
# exiting 0: fuzzing is an extra check, not a build requirement.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${FUZZ_SECONDS:-60}"
seed="${FUZZ_SEED:-1}"
targets=(check_bytes tree_vs_serde direct_vs_interpreted pack_build)
if ! rustup run nightly rustc --version > /dev/null 2>&1; then
    echo "fuzz: no nightly toolchain here; skipping the ${#targets[@]} fuzz targets (cargo-fuzz needs nightly)"
    exit 0
fi
if ! cargo +nightly fuzz --version > /dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    cargo install --locked --quiet cargo-fuzz
fi
bash "$here/seed.sh"
cd "$here"
mkdir -p logs
for target in "${targets[@]}"; do
    echo "fuzz: $target for ${seconds}s (seed $seed)"
    log="logs/$target.log"
    if ! cargo +nightly fuzz run --release "$target" "corpus/$target" -- \
        -seed="$seed" -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 > "$log" 2>&1; then
        tail -60 "$log" >&2
        echo "fuzz: $target failed; the input is under core/fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" | sed "s/^/fuzz: $target /"
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each with no crash"
