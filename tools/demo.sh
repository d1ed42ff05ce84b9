#!/bin/sh
# make demo: the main job on bundled examples.
set -eu
B=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
P="$here/policy/profiles"
# Bold headings on a terminal only: a pipe or a log file gets plain text.
if [ -t 1 ]; then
	say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
	say() { printf '\n== %s\n' "$*"; }
fi

say "A weather skill (shell + network, curl only): what its tool processes may do"
"$B/bin/clawpolicy" explain "$P/weather.json"

say "The tool gate: may the weather skill call 'exec'? 'write'? 'gateway'?"
for tool in exec write gateway; do
	"$B/bin/clawpolicy" check --caps shell,network --tool "$tool" || true
done

say "A SKILL.md compiled into a profile (the bundled session-logs skill declares nothing)"
"$B/bin/clawpolicy" compile "$here/tests/fixtures/skills/openclaw-bundled/session-logs"

say "Profile validation: every error at once, each with its JSON path"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bad.json" <<'JSON'
{ "version": 1, "capabilities": ["network", "telepathy"],
  "network": { "connect_tcp": [443, 70000, 18789] },
  "filesystem": { "write": ["notes/"] }, "colour": "blue" }
JSON
"$B/bin/clawpolicy" lint "$tmp/bad.json" || true

say "The same syscall policy for Docker/Podman/Kubernetes (first lines)"
"$B/bin/clawpolicy" export --oci "$P/notes.json" -o "$tmp/notes-seccomp.json"
head -c 400 "$tmp/notes-seccomp.json"; echo " ..."

if [ -x "$B/bin/clawrun" ] && [ -f "$here/tools/demo-confine.sh" ]; then
	sh "$here/tools/demo-confine.sh" "$B"
fi
if [ -x "$B/bin/clawaudit" ]; then
	sh "$here/tools/demo-skills.sh" "$B"
fi
if [ -x "$B/bin/clawaudit" ] && [ -f "$here/tools/demo-audit.sh" ]; then
	sh "$here/tools/demo-audit.sh" "$B"
fi

printf '\nnext: try it on your own gateway: README.md, section "Use with OpenClaw"\n'
