#!/bin/sh
# make fuzz: seeds a corpus per target from the test fixtures, then runs each
# libFuzzer target for a bounded time. Exit 1 when a target crashed (the
# input is kept as build/fuzz/crash-<target>-*).
#   sh fuzz/run.sh BUILD_DIR SECONDS TARGET...
set -eu
B=$1; secs=$2; shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
seed() { # target, files...
	dir="$B/fuzz-corpus/$1"; shift
	mkdir -p "$dir"
	for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16)"; done
	return 0
}
status=0
for t in "$@"; do
	case $t in
	fuzz_json5) seed "$t" $(find "$here/tests/fixtures/json5-tests" "$here/tests/fixtures/audit" -type f \
		\( -name '*.json5' -o -name '*.json' -o -name '*.txt' -o -name '*.js' \) | head -400) ;;
	fuzz_profile) seed "$t" "$here"/policy/profiles/*.json ;;
	fuzz_frontmatter|fuzz_skillscan) seed "$t" $(find "$here/tests/fixtures/skills" -name SKILL.md) \
		"$here"/tests/fixtures/frontmatter-openclaw/*.md ;;
	esac
	echo "== $t ($secs s)"
	if ! "$B/fuzz/$t" "$B/fuzz-corpus/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$B/fuzz/crash-$t-" \
		> "$B/fuzz/$t.log" 2>&1; then
		echo "   CRASH: see $B/fuzz/$t.log"; status=1
	fi
	grep -E "^stat::number_of_executed_units|^Done" "$B/fuzz/$t.log" | sed 's/^/   /' || true
done
exit $status
