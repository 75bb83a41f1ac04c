#!/usr/bin/env bash
# Runs every test: builds the package, makes sure the Pulumi CLI is there (building it once if
# needed), then vitest over unit, tenant and engine tests. Ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npm run --silent build
# The tests are type-checked too (vitest only strips their types).
npx tsc -p tests/tsconfig.json
bash scripts/ensure-pulumi.sh
# The GitHub Actions example is linted with actionlint (built once from its Go module).
bash scripts/ensure-actionlint.sh
results=.test-results.json
rm -f "$results"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
if [ -f "$results" ]; then
  node -e '
    const r = require(process.argv[1]);
    const skipped = r.numPendingTests + r.numTodoTests;
    // A file that fails before its tests run (a hook, an import) counts as one failure.
    const brokenFiles = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed` + (skipped ? `, ${skipped} skipped` : ""));
    if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
  ' "$PWD/$results" || status=1
fi
exit $status
