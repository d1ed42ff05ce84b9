#!/bin/sh
# The audit round trip on real programs: a run in audit mode writes a
# profile (--suggest-profile), the same run in enforce mode with that
# profile passes with no denial at all, and the same run in enforce
# mode without it fails and logs the denial (so this test can fail).
#   BUILD=/abs/build sh tests/integration/audit-roundtrip.sh
set -eu
B=${BUILD:?set BUILD to the build directory}
T=$(mktemp -d /tmp/clawshim-audit-XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
failures=0
# Debian's interpreter: the tool may run as another user than the caller,
# who cannot reach an interpreter under the caller's home.
PY=/usr/bin/python3

# As root clawrun runs the tool as the owner of the first workspace (made
# nobody's here), who must be able to enter $T.
[ "$(id -u)" = 0 ] && chmod 755 "$T"
own() { if [ "$(id -u)" = 0 ]; then chown -R nobody "$@"; fi; }

fail() { echo "FAIL $1"; sed 's/^/    /' "$T/out"; [ -f "$2" ] && sed 's/^/    log: /' "$2"; failures=$((failures + 1)); }

# roundtrip NAME PREPARE COMMAND...: PREPARE (a shell function) makes a
# fresh workspace $ws before each of the three runs.
roundtrip() {
	name=$1 prepare=$2; shift 2
	prof="$T/$name.json" log="$T/$name.jsonl"
	rm -f "$prof" "$log"

	ws="$T/ws-$name"; $prepare
	if ! (cd "$ws" && "$B/bin/clawrun" --caps '' --mode audit --workspace "$ws" --log "$log" \
		--suggest-profile "$prof" -- "$@") > "$T/out" 2>&1; then
		fail "$name: the audit run failed" "$log"; return
	fi
	if ! grep -q '^clawrun: this run needed: capabilities' "$T/out" || [ ! -s "$prof" ] ||
	   ! grep -q '"event":"would_deny"' "$log"; then
		fail "$name: no summary, profile or would_deny record after the audit run" "$log"; return
	fi
	grep '^clawrun: this run needed' "$T/out" | sed 's/^/    /'

	rm -f "$log"; ws="$T/ws-$name"; $prepare
	if (cd "$ws" && "$B/bin/clawrun" --caps '' --workspace "$ws" --log "$log" -- "$@") > "$T/out" 2>&1; then
		fail "$name: passed in enforce mode without the suggested profile" "$log"; return
	fi
	if ! grep -q '"event":"\(syscall\|exec\)_denied"' "$log" ||
	   ! grep -q '^clawrun: denied: ' "$T/out"; then
		fail "$name: the denial without the suggested profile was not logged and said" "$log"; return
	fi

	rm -f "$log"; ws="$T/ws-$name"; $prepare
	if ! (cd "$ws" && "$B/bin/clawrun" --profile "$prof" --workspace "$ws" --log "$log" -- "$@") \
		> "$T/out" 2>&1; then
		sed 's/^/    profile: /' "$prof"
		fail "$name: failed in enforce mode with the suggested profile" "$log"; return
	fi
	if [ -f "$log" ] && grep -q '"event":"[a-z_]*denied"' "$log"; then
		sed 's/^/    profile: /' "$prof"
		fail "$name: denials in enforce mode with the suggested profile" "$log"; return
	fi
	echo "ok   $name"
}

fresh_ws() { rm -rf "$ws"; mkdir -p "$ws"; own "$ws"; }

# (a) git clone of a local repository into the workspace.
mkdir -p "$T/src"
(cd "$T/src" && git init -q && echo hello > README && git add README &&
	git -c user.email=t@example.org -c user.name=t commit -qm first)
own "$T/src"
roundtrip git fresh_ws git clone -q "$T/src" repo
grep -qx hello "$T/ws-git/repo/README" 2>/dev/null || { echo "FAIL git: no clone after the enforce run"; failures=$((failures + 1)); }

# (b) curl to a loopback server on a port that is not 80 or 443.
mkdir -p "$T/www" && echo "hello from loopback" > "$T/www/index.html"
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$PY -m http.server "$port" --bind 127.0.0.1 --directory "$T/www" >/dev/null 2>&1 &
server=$!
i=0; until curl -s -o /dev/null "http://127.0.0.1:$port/" || [ $i -gt 100 ]; do i=$((i+1)); sleep 0.05; done
roundtrip curl fresh_ws curl -sf -o /dev/null "http://127.0.0.1:$port/"
grep -q "\"connect_tcp\": \[$port\]" "$T/curl.json" || { echo "FAIL curl: port $port not in the profile"; cat "$T/curl.json"; failures=$((failures + 1)); }

# Enforce mode: what Landlock refuses is logged and said, the decision
# staying Landlock's (the call fails).
# enforced NAME KEY CAPS|@PROFILE COMMAND...: expects a failure, a syscall_denied
# record naming KEY, and a "denied:" line naming it on stderr.
enforced() {
	name=$1 key=$2 caps=$3; shift 3
	log="$T/$name.jsonl"; rm -f "$log"; ws="$T/ws-$name"; fresh_ws
	case $caps in @*) popt=--profile parg=${caps#@} ;; *) popt=--caps parg=$caps ;; esac
	if (cd "$ws" && "$B/bin/clawrun" "$popt" "$parg" --workspace "$ws" --log "$log" -- "$@") \
		> "$T/out" 2>&1; then
		fail "$name: passed although Landlock refuses it" "$log"; return
	fi
	if ! grep -q "\"event\":\"syscall_denied\".*\"key\":\"$key\"" "$log" ||
	   ! grep -q "^clawrun: denied: .*needs profile key '$key'" "$T/out"; then
		fail "$name: the refusal was not logged and said with $key" "$log"; return
	fi
	echo "ok   $name"
}
enforced port-outside-the-list network.connect_tcp network \
	curl -sf -o /dev/null "http://127.0.0.1:$port/"
enforced write-outside-the-workspace filesystem.write shell,filesystem \
	sh -c "echo x > '$T/outside'"
[ ! -e "$T/outside" ] || { echo "FAIL: a file was written outside the workspace"; failures=$((failures + 1)); }
# A program outside exec.allow started by the tool (the tool itself was
# checked before the start).
printf '{"version": 1, "capabilities": ["shell"], "exec": {"allow": ["/usr/bin/dash"]}}' > "$T/dash.json"
enforced program-outside-exec-allow exec.allow "@$T/dash.json" /usr/bin/dash -c '/usr/bin/id -u'

# (c) pip install --target from a wheel built here (a wheel is a zip).
$PY - "$T/hello_clawshim-1.0-py3-none-any.whl" <<'PY'
import sys, zipfile
files = {
    "hello_clawshim/__init__.py": "GREETING = 'hello'\n",
    "hello_clawshim-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: hello-clawshim\nVersion: 1.0\n",
    "hello_clawshim-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
files["hello_clawshim-1.0.dist-info/RECORD"] = "".join(f"{n},,\n" for n in files) + "hello_clawshim-1.0.dist-info/RECORD,,\n"
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for n, text in files.items():
        z.writestr(n, text)
PY
chmod 644 "$T"/*.whl
roundtrip pip fresh_ws env HOME="$T/ws-pip" PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
	$PY -m pip install -q --no-index --no-build-isolation --target "$T/ws-pip/x" \
	"$T/hello_clawshim-1.0-py3-none-any.whl"
[ -f "$T/ws-pip/x/hello_clawshim/__init__.py" ] || { echo "FAIL pip: nothing installed by the enforce run"; failures=$((failures + 1)); }

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
