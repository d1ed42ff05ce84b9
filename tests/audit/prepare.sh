#!/bin/sh
# Lays out one audit fixture under ROOT: ROOT/state (a copy of FIXTURE/state with
# every directory 0700 and every file 0600, since git keeps no modes), ROOT/home
# (empty), then runs FIXTURE/setup with ROOT as its working directory to set the
# modes, symlinks and empty directories the case needs.
# Usage: prepare.sh FIXTURE ROOT
set -eu
umask 022
fix=$(cd "$1" && pwd)
root=$2
mkdir -p "$root/home"
if [ -d "$fix/state" ]; then
	cp -R "$fix/state" "$root/state"
else
	mkdir "$root/state"
fi
find "$root/state" -name .keep -type f -delete
chmod -R u=rwX,go= "$root/state"
if [ -f "$fix/setup" ]; then
	(cd "$root" && ROOT="$root" sh -eu "$fix/setup")
fi
