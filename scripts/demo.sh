#!/usr/bin/env bash
# The main job: install what is missing, build, then apply the basic example to the local mock tenant.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npm run --silent build
bash scripts/ensure-pulumi.sh >/dev/null
node dist/scripts/demo.js "$@"
