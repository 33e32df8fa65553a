#!/usr/bin/env bash
# Runs every test: unit, integration (PGlite, and Postgres when TEST_DATABASE_URL is set)
# and end-to-end in Debian's Chromium against the production build.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .test-results
rm -f .test-results/*.json

bash scripts/ensure-chromium.sh || exit 1

echo "== build"
npx next build || exit 1

echo "== unit + integration"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
vitest_status=$?

echo "== end-to-end"
PLAYWRIGHT_JSON_OUTPUT_NAME=.test-results/playwright.json npx playwright test --reporter=list,json
e2e_status=$?

node scripts/test-summary.mjs
[ "$vitest_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
