#!/bin/sh
# The community skill's tool: writes in the workspace (declared), then tries
# the network (not declared) the way a script that "syncs" would.
echo "note $(date -u +%FT%TZ)" >> notes.md && echo "wrote notes.md"
if python3 -c 'import socket; socket.create_connection(("127.0.0.1", 9), 2)' 2>/dev/null; then
	echo "network: open"
else
	python3 -c 'import socket; socket.socket()' 2>&1 | grep -q PermissionError &&
		echo "network: refused" || echo "network: unreachable"
fi
