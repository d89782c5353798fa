#!/usr/bin/env bash
# Copies the README's screenshots from the last browser test run (test-output/console) into docs/console.
set -euo pipefail
cd "$(dirname "$0")/.."
from=test-output/console
for pair in 02-my-tasks:my-tasks 07-cycle-published:cycle calendar-timeline:calendar-timeline; do
  src="$from/${pair%%:*}.png"
  [ -f "$src" ] || { echo "missing $src: run the browser tests first (npx jest test/console)" >&2; exit 1; }
  cp "$src" "docs/console/${pair##*:}.png"
done
git rm -q --cached docs/console/cycle-phone.png 2>/dev/null || true
rm -f docs/console/cycle-phone.png
echo "docs/console updated"
