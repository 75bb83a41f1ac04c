#!/usr/bin/env bash
# Makes actionlint (the GitHub Actions workflow linter) available at .tools/bin/actionlint,
# idempotently: built once from its Go module with `go install`, then reused. The pipeline
# examples' test lints examples/pipelines/github-actions.yml with it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ACTIONLINT_VERSION=${ACTIONLINT_VERSION:-v1.7.12}
dir="$root/.tools/actionlint-$ACTIONLINT_VERSION"
mkdir -p "$root/.tools/bin"
if [ ! -x "$dir/actionlint" ]; then
  command -v go >/dev/null || { echo "ensure-actionlint: Go is needed to build actionlint" >&2; exit 1; }
  echo "ensure-actionlint: building actionlint $ACTIONLINT_VERSION"
  GOBIN="$dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
ln -sf "$dir/actionlint" "$root/.tools/bin/actionlint"
