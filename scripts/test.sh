#!/usr/bin/env bash
# npm test: install what is missing, lint, type-check and build, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent lint
npm run --silent build
# Builds the pinned Temporal CLI on a fresh machine (minutes, once); the tests start its dev server.
node dist/scripts/ensure-temporal-cli.js
# Two suites at a time: most of a suite's time is waiting on real due dates seconds apart, and each
# runs its own API, worker and database against the one Temporal dev server.
exec npx jest --ci --maxWorkers=2 "$@"
