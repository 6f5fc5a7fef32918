#!/usr/bin/env bash
# Seed corpora for the fuzz targets, from the bundled examples and rule
# fixtures (written under core/fuzz/corpus/, which git ignores). Each target
# keeps what it finds there between runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$here/corpus"
mkdir -p "$corpus"/{check_bytes,tree_vs_serde,direct_vs_interpreted,pack_build}
n=0
for file in "$root"/examples/*.json "$root"/examples/*.yaml "$root"/tests/rules/base/*.yaml; do
    n=$((n + 1))
    case "$file" in
        *.json) choice='\x00' ;;
        *) choice='\x01' ;;
    esac
    { printf "$choice"; cat "$file"; } > "$corpus/check_bytes/seed-$n"
    if [[ "$file" == *.json ]]; then
        cp "$file" "$corpus/tree_vs_serde/seed-$n"
    fi
done
# NDJSON: the JSON example on one line, twice.
python3 - "$root/examples/plan-of-study-it-gaps.json" > "$corpus/check_bytes/seed-ndjson" <<'PY'
import json, sys
line = json.dumps(json.load(open(sys.argv[1])))
sys.stdout.write("\x02" + line + "\n" + line + "\n")
PY
cp "$corpus/check_bytes/seed-ndjson" "$corpus/tree_vs_serde/seed-ndjson"
# Each base document unmutated, then with a few mutations.
for base in $(seq 0 11); do
    printf "\\x$(printf %02x "$base")" > "$corpus/direct_vs_interpreted/base-$base"
    printf "\\x$(printf %02x "$base")\\x00\\x07\\x09\\x01\\x21\\x00\\x02\\x30\\x11" > "$corpus/direct_vs_interpreted/mutated-$base"
done
cp "$root"/core/data/packs/*.yaml "$root"/tests/packs/*.yaml "$corpus/pack_build/" 2>/dev/null || true
echo "seeded $corpus"
