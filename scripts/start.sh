#!/usr/bin/env bash
# npm start: install what is missing, build, and run the whole system on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent build
exec node dist/apps/launcher/src/main.js
