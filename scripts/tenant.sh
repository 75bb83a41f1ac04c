#!/usr/bin/env bash
# The mock tenant's command line from the compiled package: `npm run tenant -- serve`,
# `npm run tenant -- show <identity>`. It never builds: a build replaces dist/, which a running
# `pulumi up` of the root Pulumi.yaml may be loading the provider from. Build with `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=dist/tenant/cli.js
if [ ! -f "$cli" ]; then
  echo "tenant: $cli is missing: run 'npm ci' (once) and 'npm run build' first" >&2
  exit 1
fi
exec node "$cli" "$@"
