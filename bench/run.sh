#!/usr/bin/env bash
# npm run bench [-- --only=bare,pglite,postgres --no-history] / npm run bench:full
# Builds the production app when the sources are newer than the build, then runs the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Thousands of sockets on both ends of 127.0.0.1.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
dist="${NEXT_DIST_DIR:-.next}"
if [ ! -f "$dist/BUILD_ID" ] || [ -n "$(find app lib db components -newer "$dist/BUILD_ID" -type f -print -quit)" ]; then
  echo "[bench] building the production app into $dist"
  NEXT_SKIP_TYPECHECK=1 npx next build >/dev/null
fi
exec npx tsx bench/run.ts "$@"
