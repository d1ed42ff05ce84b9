#!/bin/sh
# make valgrind: the tools that run without confinement, under valgrind's
# memcheck (every leak and every invalid access is an error). clawrun and
# the preload shim cannot run under valgrind: it does not know the Landlock
# system calls, so they fail closed before the tool starts, as designed;
# their memory is checked by the ASan+UBSan build of the test suite.
#   sh tools/analysis/valgrind.sh BUILD_DIR
set -eu
B=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg() {
	printf '== %s\n' "$*"
	r=0
	# "still reachable" is not a leak: the scanner's compiled rules are built
	# once and live as long as the process
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect "$@" > "$tmp/out" 2>&1 || r=$?
	if [ "$r" -eq 99 ]; then
		cat "$tmp/out"
		exit 1
	fi
}
for fx in 068-many-config-checks 069-perms-and-include 134-bundled-insecure-example; do
	root="$tmp/$fx"
	sh "$here/tests/audit/prepare.sh" "$here/tests/fixtures/audit/$fx" "$root"
	export HOME="$root/home" OPENCLAW_STATE_DIR="$root/state"
	vg "$B/bin/clawaudit" --json
	vg "$B/bin/clawaudit" --no-color
	vg "$B/bin/clawaudit" --fix --json
done
root="$tmp/deep"
sh "$here/tests/audit/prepare.sh" "$here/tests/fixtures/audit-deep/01-plugins-and-skills" "$root"
export HOME="$root/home" OPENCLAW_STATE_DIR="$root/state"
vg "$B/bin/clawaudit" --deep --json --probe-timeout 300
vg "$B/bin/clawaudit" skills check --json "$here/tests/fixtures/skills/malicious"
vg "$B/bin/clawaudit" skills info "$here/tests/fixtures/skills/openclaw-bundled/github"
vg "$B/bin/clawaudit" skills check --files all --json "$here/tests/fixtures/skills-files"
vg "$B/bin/clawpolicy" compile "$here/tests/fixtures/skills/openclaw-bundled/session-logs"
vg "$B/bin/clawpolicy" explain "$here/policy/profiles/weather.json"
vg "$B/bin/clawpolicy" export --oci "$here/policy/profiles/notes.json" -o "$tmp/oci.json"
vg "$B/bin/clawpolicy" infer "$here/tests/fixtures/skills/openclaw-bundled/session-logs"
vg "$B/bin/clawpolicy" explain --json "$here/tests/fixtures/skills/malicious/base64-shell"
CLAWSHIM_PROFILE_PATH="$here/policy/profiles" vg "$B/bin/clawpolicy" list
for f in $(find "$here/tests/fixtures/json5-tests" -type f | head -60); do
	vg "$B/bin/json5fmt" "$f"
done
echo "valgrind: no errors, no leaks"
