#!/usr/bin/env bash
# npm test: install what is missing, lint, type-check and build, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent lint
npm run --silent build
# Builds the pinned Temporal CLI on a fresh machine (minutes, once); the tests start its dev server.
node dist/scripts/ensure-temporal-cli.js
exec npx jest --ci "$@"
