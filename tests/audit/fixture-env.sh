#!/bin/sh
# Prints the environment one audit fixture runs with, one NAME=VALUE per line:
# HOME=ROOT/home, OPENCLAW_STATE_DIR=ROOT/state, NO_COLOR=1, then the lines of
# FIXTURE/env with $ROOT replaced (they may override the defaults), and PATH
# with FIXTURE/bin first when the fixture brings stub programs (docker).
# Usage: fixture-env.sh FIXTURE ROOT
set -eu
fix=$(cd "$1" && pwd)
root=$2
echo "HOME=$root/home"
echo "OPENCLAW_STATE_DIR=$root/state"
echo "NO_COLOR=1"
if [ -d "$fix/bin" ]; then
	echo "PATH=$fix/bin:$PATH"
else
	echo "PATH=/usr/bin:/bin"
fi
if [ -f "$fix/env" ]; then
	sed -e '/^#/d' -e '/^$/d' -e "s|\$ROOT|$root|g" "$fix/env"
fi
