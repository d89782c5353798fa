#!/usr/bin/env bash
# npm test: install what is missing, lint, type-check and build, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent lint
npm run --silent build
# Builds the pinned Temporal CLI on a fresh machine (minutes, once); the tests start its dev server.
node dist/scripts/ensure-temporal-cli.js
# Two test files at a time: most of a file's time is waiting on real due dates seconds apart. Each runs
# its own API, worker and database against the one Temporal dev server; those that run `npm start`'s
# launcher give it ports of their own (test/helpers/processes.ts, launcherPorts), never 7233 and the like.
if [ $# -gt 0 ]; then exec npx jest --ci --maxWorkers=2 "$@"; fi
# Except two kinds, each run afterwards on its own:
# - the browser tests (test/console*.e2e-spec.ts): each drives a Chromium beside its own API, worker and
#   database; two of them beside each other on 2 cores once left a person's step waiting past the API's
#   15 s update deadline (503). They run one after another.
# - the load test: it counts every answer to 50 clients at once, each within that same deadline, and
#   beside another file's processes (e.g. the fresh-clone build) some come back 503. It runs alone, last.
status=0
npx jest --ci --maxWorkers=2 --testPathIgnorePatterns '/test/load\.e2e-spec\.ts$' '/test/console[^/]*\.e2e-spec\.ts$' ||
  status=$?
npx jest --ci --runInBand --testPathPattern '/test/console[^/]*\.e2e-spec\.ts$' || status=$?
npx jest --ci test/load.e2e-spec.ts || status=$?
exit $status
