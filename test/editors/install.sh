#!/usr/bin/env bash
# Installs what the real-editor tests need on a clean Debian 12 machine (Node 20):
#  - Debian: chromium (headless browser), neovim, emacs-nox + elpa-eglot, libkrb5-dev + ripgrep (code-server build)
#  - code-server 4.100.3 (the last line that runs on Node 20) from the npm registry, into .cache/code-server
#    (gitignored, outside the project's node_modules). Nothing is reused from an earlier run unless it is
#    already complete in this checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
CS_VERSION=4.100.3
CS_DIR="${PALISADE_CODE_SERVER_DIR:-$ROOT/.cache/code-server}"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
for p in chromium neovim emacs-nox elpa-eglot libkrb5-dev ripgrep; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi

if [ -x "$CS_DIR/node_modules/.bin/code-server" ] && [ "$("$CS_DIR/node_modules/.bin/code-server" --version 2>/dev/null | head -1 | cut -d' ' -f1)" = "$CS_VERSION" ]; then
  echo "== code-server $CS_VERSION already in $CS_DIR"
  exit 0
fi
echo "== npm install code-server@$CS_VERSION into $CS_DIR (~3 min)"
mkdir -p "$CS_DIR"
# @vscode/ripgrep's postinstall downloads from GitHub unless its archive is in $TMPDIR/vscode-ripgrep-cache-<v>:
# seed that cache with Debian's ripgrep.
TMP="${TMPDIR:-/tmp}"
RG_CACHE="$TMP/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
work="$(mktemp -d)"
cp "$(command -v rg)" "$work/rg"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$work" rg
rm -rf "$work"
[ -f "$CS_DIR/package.json" ] || echo '{"name":"palisade-code-server","private":true}' > "$CS_DIR/package.json"
(cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --no-save \
  "code-server@$CS_VERSION" --foreground-scripts > "$CS_DIR/install.log" 2>&1) || {
  tail -n 60 "$CS_DIR/install.log"; exit 1; }
"$CS_DIR/node_modules/.bin/code-server" --version
