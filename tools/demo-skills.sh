#!/bin/sh
# make demo, part 3: the SKILL.md scanner: a hostile skill found, explained,
# and refused by clawrun, beside an honest one.
set -eu
B=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
skills="$here/examples/skills"
# Bold headings on a terminal only: a pipe or a log file gets plain text.
if [ -t 1 ]; then
	say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
	say() { printf '\n== %s\n' "$*"; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say "clawaudit skills check examples/skills: the capabilities, the tools they unlock, the findings"
"$B/bin/clawaudit" skills check --no-color "$skills"

say "clawrun refuses to start a blocked skill's tool (exit 125) and logs skill_blocked"
"$B/bin/clawrun" --skill "$skills/markdown-tidy" --log "$tmp/security.jsonl" \
	--session-key demo:2 --agent-id main -- sh "$skills/markdown-tidy/tool.sh" ||
	echo "exit status: $?"
cat "$tmp/security.jsonl"

say "clawpolicy compile refuses it too"
"$B/bin/clawpolicy" compile "$skills/markdown-tidy" >/dev/null || echo "exit status: $?"

say "The 52 skills bundled with OpenClaw: none blocked (--fail-on critical exits 0)"
"$B/bin/clawaudit" skills check --json --fail-on critical \
	"$here/tests/fixtures/skills/openclaw-bundled" | tail -n 3
