#!/bin/sh
# Real programs under the capabilities they need, in both entry points: each
# must succeed with no denial in the security log (no false positives).
#   BUILD=/abs/build sh tests/integration/real-programs.sh
set -eu
B=${BUILD:?set BUILD to the build directory}
T=$(mktemp -d /tmp/clawshim-real-XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
failures=0

# A loopback HTTP server outside the sandbox, on a free port.
mkdir -p "$T/www" && echo "hello from loopback" > "$T/www/index.html"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$T/www" >/dev/null 2>&1 &
server=$!
i=0; until curl -s -o /dev/null "http://127.0.0.1:$port/" || [ $i -gt 100 ]; do i=$((i+1)); sleep 0.05; done

cat > "$T/curl.json" <<JSON
{ "version": 1, "capabilities": ["network"], "network": { "connect_tcp": [$port] } }
JSON

# As root clawrun runs the tool as the workspace's owner (here nobody) and
# the preload shim runs it as root without capabilities: each mode's
# workspace belongs to the user that runs the tool, under a directory it can
# enter. The shim's running_as_root record is expected then, not a denial.
[ "$(id -u)" = 0 ] && chmod 755 "$T"

# check NAME CAPS|@PROFILE COMMAND...: runs under clawrun and under the
# preload shim, from a fresh workspace; expects exit 0 and an empty log.
check() {
	name=$1 policy=$2; shift 2
	for mode in clawrun preload; do
		ws="$T/ws-$mode-$(echo "$name" | tr ' ' '-')"; mkdir -p "$ws"; log="$T/$mode.jsonl"; rm -f "$log"
		[ "$(id -u)" = 0 ] && [ $mode = clawrun ] && chown nobody "$ws"
		case $policy in
			@*) popt=--profile parg=${policy#@}; penv="CLAWSHIM_PROFILE=${policy#@}" ;;
			*) popt=--caps parg=$policy; penv="CLAWSHIM_CAPS=$policy" ;;
		esac
		set +e
		if [ $mode = clawrun ]; then
			(cd "$ws" && "$B/bin/clawrun" "$popt" "$parg" --workspace "$ws" --log "$log" -- "$@") > "$T/out" 2>&1
		else
			(cd "$ws" && env LD_PRELOAD="$B/lib/libclawshim.so" "$penv" CLAWSHIM_WORKSPACE="$ws" \
				CLAWSHIM_LOG="$log" "$@") > "$T/out" 2>&1
		fi
		rc=$?
		set -e
		# The preload logger holds a shared lock on the log until it exits.
		[ -f "$log" ] && flock -x "$log" true
		if [ $rc -ne 0 ] || { [ -f "$log" ] && grep -qv '"event":"running_as_root"' "$log"; }; then
			echo "FAIL $name ($mode): exit $rc"; sed 's/^/    /' "$T/out"
			[ -f "$log" ] && sed 's/^/    log: /' "$log"
			failures=$((failures + 1))
		else
			echo "ok   $name ($mode)"
		fi
	done
}

check "shell script" shell /bin/sh -c 'n=0; for f in /etc/*; do n=$((n+1)); done; echo "$n entries" | tr a-z A-Z; date +%Y | grep -q 20'
check "python3" "" /usr/bin/python3 -B -c 'import json, hashlib, threading; t=threading.Thread(target=print, args=(json.dumps({"sha": hashlib.sha256(b"x").hexdigest()}),)); t.start(); t.join()'
check "git on a local repo" shell,filesystem /bin/sh -c '
	export HOME=$PWD GIT_CONFIG_NOSYSTEM=1
	git init -q repo && cd repo && echo one > a.txt && git add a.txt &&
	git -c user.name=t -c user.email=t@example.invalid commit -qm first &&
	echo two >> a.txt && git -c user.name=t -c user.email=t@example.invalid commit -qam second &&
	test "$(git log --oneline | wc -l)" = 2 && git diff HEAD~1 --stat | grep -q a.txt'
# --numeric-owner: looking up user names makes glibc try nscd over a UNIX
# socket, which a policy without 'network' denies (and logs); see README.
check "tar" filesystem /bin/tar --numeric-owner -cf archive.tar -C /usr/share/doc/tar .
check "tar extract" shell,filesystem /bin/sh -c 'tar --numeric-owner -cf a.tar -C /usr/share/doc tar && mkdir out && tar --numeric-owner -xf a.tar -C out && test -s out/tar/copyright'
check "curl" "@$T/curl.json" /usr/bin/curl -sS --fail "http://127.0.0.1:$port/index.html"

[ $failures -eq 0 ] && echo "real programs: all ran without a false denial" || { echo "real programs: $failures failures"; exit 1; }
