#!/usr/bin/env bash
# Installs dependencies with `npm ci` when node_modules is missing or older than the lockfile,
# so `npm test` and `npm run demo` work by themselves on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.backorder-installed
if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
  echo "deps: installing with npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi
