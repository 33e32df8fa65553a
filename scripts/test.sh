#!/usr/bin/env bash
# Runs every test: unit, integration (PGlite, and Postgres when TEST_DATABASE_URL is set)
# and end-to-end in Debian's Chromium against the production build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-chromium.sh

echo "== build"
npx next build

echo "== unit + integration"
npx vitest run

echo "== end-to-end"
npx playwright test
