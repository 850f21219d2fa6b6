#!/usr/bin/env bash
# Installs a real n8n (1.123.81) into .peers/n8n for the peer tests (tests/peer/).
# Recipe from STACK.md ("A real n8n for peer tests"):
#   - the 1.123 line runs on Node 20 (2.x needs Node 24);
#   - "overrides": {"xlsx": "0.18.5"} because n8n pins xlsx to a CDN tarball that cannot be reached;
#   - --ignore-scripts because sqlite3 (prebuilt download) and isolated-vm cannot build here,
#     and n8n runs without them (PostgreSQL database, legacy expression engine).
# Idempotent: does nothing when that version is already installed. About 4 minutes and
# 1.8 GB the first time. Works from any directory.
set -euo pipefail

N8N_VERSION=1.123.81
XLSX_VERSION=0.18.5

cd "$(dirname "$0")/.."
REPO_ROOT=$(pwd)
PEER_DIR="$REPO_ROOT/.peers/n8n"
MANIFEST="$PEER_DIR/node_modules/n8n/package.json"

fail() { echo "install-n8n: $*" >&2; exit 1; }

installed_version() {
  [ -f "$MANIFEST" ] || return 0
  node -e 'process.stdout.write(String(require(process.argv[1]).version ?? ""))' "$MANIFEST" 2>/dev/null || true
}

command -v node >/dev/null 2>&1 || fail "node is not on PATH"
command -v npm >/dev/null 2>&1 || fail "npm is not on PATH"

current=$(installed_version)
if [ "$current" = "$N8N_VERSION" ]; then
  echo "n8n $N8N_VERSION is already installed in $PEER_DIR; nothing to do."
  exit 0
fi
if [ -n "$current" ]; then
  echo "Found n8n $current in $PEER_DIR; replacing it with $N8N_VERSION."
fi

mkdir -p "$PEER_DIR" || fail "cannot create $PEER_DIR"
cat >"$PEER_DIR/package.json" <<EOF
{
  "name": "nexus-peer-n8n",
  "private": true,
  "description": "A real n8n for Nexus's peer tests, installed by scripts/install-n8n.sh",
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "$XLSX_VERSION" }
}
EOF

echo "Installing n8n $N8N_VERSION into $PEER_DIR"
echo "  npm install --ignore-scripts --no-audit --no-fund  (about 4 minutes, 1.8 GB)"
started=$(date +%s)
if ! (cd "$PEER_DIR" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error); then
  fail "npm install failed after $(($(date +%s) - started)) s (see the npm output above)"
fi
elapsed=$(($(date +%s) - started))

current=$(installed_version)
[ "$current" = "$N8N_VERSION" ] ||
  fail "npm install finished but $MANIFEST has version '${current:-none}', expected $N8N_VERSION"
[ -f "$PEER_DIR/node_modules/n8n/bin/n8n" ] || fail "$PEER_DIR/node_modules/n8n/bin/n8n is missing"

echo "Installed n8n $N8N_VERSION in ${elapsed} s ($(du -sh "$PEER_DIR/node_modules" 2>/dev/null | cut -f1) in $PEER_DIR/node_modules)."
