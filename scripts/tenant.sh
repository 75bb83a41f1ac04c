#!/usr/bin/env bash
# The mock tenant's command line, built first: `npm run tenant -- serve`, `npm run tenant -- show <identity>`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npm run --silent build
exec node dist/tenant/cli.js "$@"
