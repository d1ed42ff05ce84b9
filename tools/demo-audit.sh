#!/bin/sh
# make demo, part 3: clawaudit on the bundled insecure OpenClaw state dir
# (examples/openclaw-insecure), laid out with the loose modes such state
# dirs end up with.
set -eu
B=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
# Bold headings on a terminal only: a pipe or a log file gets plain text.
if [ -t 1 ]; then
	say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
	say() { printf '\n== %s\n' "$*"; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp -R "$here/examples/openclaw-insecure" "$tmp/state"
find "$tmp/state" -type d -exec chmod 755 {} +
find "$tmp/state" -type f -exec chmod 644 {} +
mkdir -p "$tmp/home"
audit() { env HOME="$tmp/home" OPENCLAW_STATE_DIR="$tmp/state" "$B/bin/clawaudit" "$@"; }

say "clawaudit: an insecure OpenClaw state dir (config with comments and \$include, modes 755/644)"
audit

say "The same audit as JSON (first finding and summary)"
audit --json | head -14

say "In CI: --fail-on critical fails the job"
if audit --fail-on critical --json >/dev/null; then
	echo "exit 0 (unexpected)"
else
	echo "exit $? (critical findings present)"
fi

say "clawaudit --fix: OpenClaw's safe fixes, made in place"
cp "$tmp/state/openclaw.json" "$tmp/before.json"
cp "$tmp/state/channels.json5" "$tmp/channels-before.json5"
audit --fix | sed -n '1,/^CRITICAL/p' | sed '$d'
echo "-- what changed in the config (comments and formatting kept; the old text is openclaw.json.bak):"
diff -u "$tmp/before.json" "$tmp/state/openclaw.json" | sed -n '3,$p' || true
diff -u "$tmp/channels-before.json5" "$tmp/state/channels.json5" | sed -n '3,$p' || true
ls -l "$tmp/state" | sed -n '2,$p'

say "Running --fix again changes nothing"
audit --fix | sed -n '1,3p'
