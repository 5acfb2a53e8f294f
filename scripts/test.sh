#!/usr/bin/env bash
# Every test Stride has: lint, types, drift of generated files, unit + integration tests on PGlite
# and (when TEST_DATABASE_URL is set) again on PostgreSQL, then browser journeys in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Lint (Biome)"
npx biome check .

step "Type-check (strict)"
npm run typecheck

step "Drift: migrations match the schema"
out="$(cd apps/server && npx drizzle-kit generate --name drift-check 2>&1)"
if ! grep -q "No schema changes" <<<"$out"; then
  echo "$out"
  git status --porcelain apps/server/src/db/migrations
  echo "The schema changed without a migration: run npm run db:generate and commit the result." >&2
  exit 1
fi

step "Unit and integration tests on PGlite (openapi.json drift is checked here too)"
env -u TEST_DATABASE_URL npx vitest run

if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  step "Integration tests on PostgreSQL ($TEST_DATABASE_URL)"
  npx vitest run
else
  echo "TEST_DATABASE_URL not set: skipping the PostgreSQL run (CI sets it)."
fi

step "Build the web app"
npm run build

step "Browser journeys (headless Chromium)"
npm run test:e2e
