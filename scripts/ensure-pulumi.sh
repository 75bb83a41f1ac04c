#!/usr/bin/env bash
# Makes a Pulumi CLI available at .tools/bin/pulumi, idempotently.
#  1. a `pulumi` on PATH that is at least $PULUMI_MIN_VERSION is linked and used as it is;
#  2. otherwise a CLI already built into .tools/ for $PULUMI_VERSION is reused (seconds);
#  3. otherwise the CLI is built from the Go module proxy (cold: minutes).
# The dynamic-provider launcher ships in the @pulumi/pulumi npm package and is linked next to
# the binary, where the engine looks for it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PULUMI_VERSION=${PULUMI_VERSION:-v3.274.1}
# Inline refresh/destroy through the Automation API need a CLI that knows its version, >= 3.181.
PULUMI_MIN_VERSION=${PULUMI_MIN_VERSION:-3.181.0}
tools="$root/.tools"
bin="$tools/bin"
mkdir -p "$bin"

version_ok() { # $1: a version like v3.274.1 — true when >= PULUMI_MIN_VERSION
  local v=${1#v}
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$PULUMI_MIN_VERSION" "$v" | sort -V | head -n1)" = "$PULUMI_MIN_VERSION" ]
}

# $1: the directory to link the launcher into. Next to a CLI we built, the engine finds it as
# its own; beside a CLI from elsewhere it is found on PATH (with a warning from the engine).
link_launcher() {
  local launcher="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  rm -f "$bin/pulumi-resource-pulumi-nodejs"
  if [ -f "$launcher" ]; then
    chmod +x "$launcher"
    ln -sf "$launcher" "$1/pulumi-resource-pulumi-nodejs"
  else
    echo "ensure-pulumi: $launcher is missing; run 'npm ci' first" >&2
    exit 1
  fi
}

system=$(PATH=$(echo "$PATH" | tr ':' '\n' | grep -vxF "$bin" | paste -sd:) command -v pulumi || true)
if [ -n "$system" ] && version_ok "$("$system" version 2>/dev/null || true)"; then
  ln -sf "$system" "$bin/pulumi"
  link_launcher "$bin"
  echo "ensure-pulumi: using $system ($("$system" version))"
  exit 0
fi

built="$tools/pulumi-$PULUMI_VERSION/pulumi"
if [ -x "$built" ] && [ "$("$built" version 2>/dev/null)" = "$PULUMI_VERSION" ]; then
  ln -sf "$built" "$bin/pulumi"
  link_launcher "$(dirname "$built")"
  echo "ensure-pulumi: using cached $built ($PULUMI_VERSION)"
  exit 0
fi

command -v go >/dev/null || { echo "ensure-pulumi: no pulumi >= $PULUMI_MIN_VERSION on PATH and no Go to build one" >&2; exit 1; }
echo "ensure-pulumi: building the Pulumi CLI $PULUMI_VERSION from the Go module proxy (cold: several minutes)"
work="$tools/pulumi-$PULUMI_VERSION/src"
mkdir -p "$work"
sed "s/@VERSION@/$PULUMI_VERSION/g" "$root/tools-src/pulumi/go.mod.in" > "$work/go.mod"
cp "$root/tools-src/pulumi/tools.go" "$work/tools.go"
start=$(date +%s)
(
  cd "$work"
  export GOFLAGS=-mod=mod
  go mod tidy >/dev/null
  go build -trimpath -o "$built.tmp" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
mv "$built.tmp" "$built"
ln -sf "$built" "$bin/pulumi"
link_launcher "$(dirname "$built")"
echo "ensure-pulumi: built $("$built" version) in $(( $(date +%s) - start ))s"
