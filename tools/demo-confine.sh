#!/bin/sh
# make demo, part 2: a skill's tool confined by clawrun and by the preload
# shim, and the denials in the security log.
set -eu
B=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
skill="$here/examples/skills/notes-sync"
# Bold headings on a terminal only: a pipe or a log file gets plain text.
if [ -t 1 ]; then
	say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
	say() { printf '\n== %s\n' "$*"; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/workspace"
# As root, clawrun runs the tool as the workspace's owner (else nobody), and
# the preload shim as root: give the workspace to nobody for clawrun's part.
if [ "$(id -u)" = 0 ]; then chmod 755 "$tmp"; chown nobody "$tmp/workspace"; fi

say "notes-sync declares shell + filesystem; its tool also tries the network and ~/.profile"
sed -n '2,4p' "$skill/SKILL.md"

say "clawrun --skill notes-sync --workspace WS --session-key demo:1 -- sh tool.sh"
(cd "$tmp/workspace" && "$B/bin/clawrun" --skill "$skill" --workspace "$tmp/workspace" \
	--log "$tmp/security.jsonl" --session-key demo:1 --agent-id main -- sh "$skill/tool.sh")
echo "exit status: $?"

say "The security log (one JSON object per line)"
cat "$tmp/security.jsonl"

say "The same tool with LD_PRELOAD=libclawshim.so and CLAWSHIM_CAPS=shell,filesystem"
if [ "$(id -u)" = 0 ]; then chown -R root "$tmp/workspace"; fi
(cd "$tmp/workspace" && env LD_PRELOAD="$B/lib/libclawshim.so" CLAWSHIM_CAPS=shell,filesystem \
	CLAWSHIM_WORKSPACE="$tmp/workspace" sh "$skill/tool.sh")

say "Fail closed: a preloaded program without configuration does not run"
env LD_PRELOAD="$B/lib/libclawshim.so" /bin/echo "this line must not appear" || echo "exit status: $?"
