#!/usr/bin/env bash
# Installs the npm packages when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  # npm ci is strict about optional platform packages (e.g. @swc/core's) that some npm versions leave
  # out of the lock file; npm install reads the same lock file and tolerates that.
  npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund
fi
