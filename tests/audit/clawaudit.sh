#!/bin/bash
# Runs clawaudit --json on one fixture, as oracle.sh runs the reference, and
# prints its report with the fixture root replaced by $ROOT and ts by 0.
# Usage: clawaudit.sh FIXTURE [ARGS...]      (CLAWAUDIT= the binary to run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${CLAWAUDIT:-$here/../../build/bin/clawaudit}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
fix=$1; shift
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
"$here/prepare.sh" "$fix" "$root"
mapfile -t envv < <("$here/fixture-env.sh" "$fix" "$root")
out=$(cd "$root" && env -i "${envv[@]}" "$bin" --json "$@")
printf '%s\n' "$out" | sed "s|$root|\$ROOT|g" | jq '.ts = 0 | if .report then .report.ts = 0 else . end'
