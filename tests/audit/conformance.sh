#!/bin/bash
# Differential test against the reference: for every fixture under
# tests/fixtures/audit, run the reference `openclaw security audit --json`
# (../shared/oracle installs it) and clawaudit on the same laid-out state
# directory, and diff the two reports (ts aside). Also says when the
# reference now differs from the stored expected.json; --update rewrites
# those files instead. The --fix fixtures (tests/fixtures/audit-fix) are
# re-run through the reference to check their stored reports; the --deep
# fixtures (tests/fixtures/audit-deep) are diffed like the others.
# Usage: conformance.sh [--update] [FIXTURE-NAME...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../fixtures/audit" && pwd)
update=0
[ "${1:-}" = --update ] && { update=1; shift; }
"$here/../lib/install-reference.sh" || { echo "conformance: cannot install the reference CLI" >&2; exit 2; }
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(ls "$fixtures")
pass=0 fail=0 skipped=0 stale=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in "${names[@]}"; do
	f=$fixtures/$n
	# the reference puts /usr/local/bin and /usr/bin first in PATH, so a
	# fixture's stub docker only reaches it when no real docker is there
	if [ -d "$f/bin" ] && { [ -e /usr/local/bin/docker ] || [ -e /usr/bin/docker ]; }; then
		echo "SKIP $n (a real docker CLI shadows the fixture's stub for the reference)"
		skipped=$((skipped + 1)); continue
	fi
	if ! "$here/oracle.sh" "$f" > "$tmp/ref.json" 2> "$tmp/ref.err"; then
		echo "FAIL $n: the reference printed no report:"; sed 's/^/  /' "$tmp/ref.err"
		fail=$((fail + 1)); continue
	fi
	"$here/clawaudit.sh" "$f" > "$tmp/ours.json"
	if diff -u "$tmp/ref.json" "$tmp/ours.json" > "$tmp/diff"; then
		pass=$((pass + 1))
	else
		echo "FAIL $n: clawaudit differs from the reference:"; sed 's/^/  /' "$tmp/diff"
		fail=$((fail + 1))
	fi
	if ! diff -q <(jq -S . "$f/expected.json") <(jq -S . "$tmp/ref.json") > /dev/null; then
		if [ $update = 1 ]; then cp "$tmp/ref.json" "$f/expected.json"; echo "UPDATED $n/expected.json"
		else echo "STALE $n/expected.json: the reference now reports otherwise"; fi
		stale=$((stale + 1))
	fi
done
# --fix: the stored reference reports the fix suite compares with
# (tests/test_audit_fix.c, which knows clawshim's deliberate differences)
fixdir=$(cd "$here/../fixtures/audit-fix" && pwd)
if [ $# -eq 0 ]; then
	for f in "$fixdir"/*/; do
		f=${f%/}; n=audit-fix/$(basename "$f")
		if ! "$here/oracle.sh" "$f" --fix > "$tmp/ref.json" 2> "$tmp/ref.err"; then
			echo "FAIL $n: the reference printed no report"; fail=$((fail + 1)); continue
		fi
		if diff -q <(jq -S . "$f/expected.json") <(jq -S . "$tmp/ref.json") > /dev/null; then
			pass=$((pass + 1))
		elif [ $update = 1 ]; then cp "$tmp/ref.json" "$f/expected.json"; echo "UPDATED $n/expected.json"
		else echo "STALE $n/expected.json: the reference's --fix now reports otherwise"; stale=$((stale + 1)); fi
	done
fi
# --deep: code scans and the probe (nothing listens on the gateway port here)
deepdir=$(cd "$here/../fixtures/audit-deep" && pwd)
if [ $# -eq 0 ]; then
	for f in "$deepdir"/*/; do
		f=${f%/}; n=audit-deep/$(basename "$f")
		if ! "$here/oracle.sh" "$f" --deep > "$tmp/ref.json" 2> "$tmp/ref.err"; then
			echo "FAIL $n: the reference printed no report"; fail=$((fail + 1)); continue
		fi
		"$here/clawaudit.sh" "$f" --deep > "$tmp/ours.json"
		if diff -u "$tmp/ref.json" "$tmp/ours.json" > "$tmp/diff"; then pass=$((pass + 1))
		else echo "FAIL $n: clawaudit --deep differs:"; sed 's/^/  /' "$tmp/diff"; fail=$((fail + 1)); fi
		if ! diff -q <(jq -S . "$f/expected.json") <(jq -S . "$tmp/ref.json") > /dev/null; then
			if [ $update = 1 ]; then cp "$tmp/ref.json" "$f/expected.json"; echo "UPDATED $n/expected.json"
			else echo "STALE $n/expected.json"; stale=$((stale + 1)); fi
		fi
	done
fi
echo "conformance: $pass match, $fail differ, $skipped skipped, $stale stored reports stale"
[ $fail = 0 ]
