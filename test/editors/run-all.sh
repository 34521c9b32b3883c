#!/usr/bin/env bash
# The real-editor tests (npm run test:editors; .ci/run calls it after npm test):
#   1. package the VSIX (npm run package) and check its contents and size
#   2. Neovim (headless) and Emacs (eglot, batch) against `palisade lsp --stdio`
#   3. the extension's integration suite inside code-server's real extension host
#   4. the UI test: code-server with the VSIX installed, driven by headless Chromium (screenshots in docs/screenshots/)
# Every step runs; the script fails if any step failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
bash test/editors/install.sh || { echo "ERROR: installing the editors failed" >&2; exit 1; }

failed=()
summary=()
step() { # step <name> <command...>
  local name="$1"; shift
  echo; echo "== test:editors: $name"
  local t0=$SECONDS
  "$@"
  local rc=$?
  local took=$((SECONDS - t0))
  if [ $rc -eq 0 ]; then summary+=("PASS  ${took}s  $name"); else summary+=("FAIL  ${took}s  $name (exit $rc)"); failed+=("$name"); fi
}

VERSION="$(node -p 'require("./package.json").version')"
VSIX="$ROOT/palisade-$VERSION.vsix"

package_vsix() {
  rm -f "$VSIX"
  npm run --silent package || return 1
  local size; size=$(stat -c %s "$VSIX")
  echo "VSIX: $VSIX, $size bytes"
  [ "$size" -lt 2097152 ] || { echo "ERROR: the VSIX is larger than 2 MB" >&2; return 1; }
  local list; list="$(unzip -Z1 "$VSIX")"
  for f in extension/package.json extension/LICENSE.txt extension/dist/THIRD_PARTY_NOTICES.txt extension/dist/client.js extension/dist/server.js extension/dist/cli.js extension/bin/palisade.js extension/docs/rules/README.md extension/docs/rules/K8S001.md; do
    grep -qx "$f" <<<"$list" || { echo "ERROR: $f missing from the VSIX" >&2; return 1; }
  done
  for d in snippets schemas; do
    if compgen -G "$d/*" > /dev/null; then grep -q "^extension/$d/" <<<"$list" || { echo "ERROR: $d/ missing from the VSIX" >&2; return 1; }; fi
  done
  if grep -q "node_modules/" <<<"$list"; then echo "ERROR: node_modules inside the VSIX" >&2; return 1; fi
  if grep -qE "\.(ts|map)$" <<<"$list"; then echo "ERROR: sources or source maps inside the VSIX" >&2; grep -E "\.(ts|map)$" <<<"$list" | head; return 1; fi
  # the offline Extensions page: the icon and every image of the README come from the VSIX itself
  local icon; icon="$(unzip -p "$VSIX" extension/package.json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).icon || "")')"
  [ -n "$icon" ] && grep -qx "extension/$icon" <<<"$list" || { echo "ERROR: the icon '$icon' is not in the VSIX" >&2; return 1; }
  # the Extensions page shows the README in a webview that loads images from https: and data: only,
  # without a base URL: offline, only embedded (data:) images show (scripts/vsix-readme.mjs)
  local images; images="$(unzip -p "$VSIX" extension/readme.md | grep -oE '!\[[^]]*\]\([^) ]+' | sed -E 's/^[^(]*\(//')"
  [ -n "$images" ] || { echo "ERROR: the README in the VSIX shows no image" >&2; return 1; }
  while read -r img; do
    case "$img" in
      data:image/png\;base64,*|data:image/jpeg\;base64,*|data:image/gif\;base64,*) ;;
      *) echo "ERROR: README image ${img:0:80} is not embedded (broken on the offline Extensions page)" >&2; return 1;;
    esac
  done <<<"$images"
  echo "VSIX contents OK ($(wc -l <<<"$list") entries)"
}

lsp_client() { # lsp_client nvim|emacs
  local dir; dir="$(mktemp -d)"
  cp test/editors/fixtures/workspace/insecure.yaml "$dir/"
  local rc
  if [ "$1" = nvim ]; then
    PALISADE_BIN="$ROOT/bin/palisade.js" PALISADE_FILE="$dir/insecure.yaml" timeout 60 \
      nvim --headless -u NONE -i NONE -n -c "luafile test/editors/nvim-e2e.lua" </dev/null
    rc=$?
  else
    PALISADE_BIN="$ROOT/bin/palisade.js" PALISADE_FILE="$dir/insecure.yaml" timeout 60 \
      emacs --batch -Q -l test/editors/emacs-e2e.el </dev/null
    rc=$?
  fi
  rm -rf "$dir"
  return $rc
}

step "package the VSIX" package_vsix
step "Neovim (LSP over stdio)" lsp_client nvim
step "Emacs eglot (LSP over stdio)" lsp_client emacs
node test/editors/build.mjs || failed+=("build the integration suite")
step "integration suite in code-server's extension host" timeout 900 npx tsx test/editors/runExtensionTests.ts
if [ -f "$VSIX" ]; then
  step "UI test in headless Chromium (code-server + VSIX)" timeout 600 npx tsx test/editors/uiTest.ts "$VSIX"
else
  failed+=("UI test (no VSIX)")
fi

echo; echo "== test:editors summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then echo "FAILED: ${failed[*]}" >&2; exit 1; fi
echo "all real-editor tests passed"
