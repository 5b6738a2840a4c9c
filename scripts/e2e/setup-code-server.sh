#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end suite (test/e2e) needs: code-server (VS Code for the web, whose Node
# extension host loads ordinary desktop extensions), Chromium from Debian and the native build tools. The recipe is
# /work/shared/E2E-NOTES.md: code-server's own post-install step downloads ripgrep from GitHub, which cannot
# happen here, so it is installed with --ignore-scripts and its steps are done by hand.
#
# code-server lives in a cache folder of its own, outside the project's dependencies, and is reused between
# runs: a marker file is written when the install is complete and the whole step is skipped while it exists.
#
#   TRM_E2E_CACHE   cache folder (default ~/.cache/trm-puzzles-e2e)
#   TRM_E2E=0       do nothing (the suite skips)
#
# Exit status: 0 ready; 3 setup impossible on this machine (one line on stdout says why: the suite skips);
# anything else: setup failed (the suite fails: on a machine that could run it, a broken setup is a bug).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# fonts-noto-color-emoji: the extension's hovers use emoji (✅ ❌ ⚠️); without a font they are empty boxes in screenshots.
APT_PACKAGES=(build-essential python3 libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep chromium fonts-noto-color-emoji)
CACHE="${TRM_E2E_CACHE:-$HOME/.cache/trm-puzzles-e2e}"
PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
MARKER="$PREFIX/.complete"
SKIP=3
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The installers' own output goes to a log file: on success nobody needs it, on failure its tail is printed.
SETUP_LOG="$CACHE/setup.log"

started=$EPOCHREALTIME
step_started=$started
log() { printf 'e2e setup: %s\n' "$*" >&2; }
skip() { printf 'e2e: skipped: %s\n' "$*"; exit "$SKIP"; }
# Prints how long the step just finished took, and the running total.
lap() {
  local now=$EPOCHREALTIME
  log "$(awk -v a="$step_started" -v b="$now" -v s="$started" -v what="$1" \
    'BEGIN { printf "%-36s %6.1fs (total %6.1fs)", what, b - a, b - s }')"
  step_started=$now
}

run_logged() {
  if ! "$@" >>"$SETUP_LOG" 2>&1; then
    log "failed: $* (in $PWD); last lines of $SETUP_LOG:"
    tail -n 40 "$SETUP_LOG" >&2
    exit 1
  fi
}

[[ "${TRM_E2E:-1}" == 0 ]] && skip "TRM_E2E=0"
[[ "$(uname -s)" == Linux ]] || skip "code-server setup needs Linux (this is $(uname -s))"

mkdir -p "$CACHE"
# Two test runs starting at once must not install together (apt and npm would trip over each other).
exec 9>"$CACHE/.lock"
flock 9
: >"$SETUP_LOG"

# --- Debian packages: install only the missing ones -------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || skip "no apt-get to install ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    skip "not root and no password-less sudo to install ${missing[*]}"
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be absent on a fresh machine: update once, then install.
  run_logged "${SUDO[@]}" apt-get update -qq
  run_logged "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  lap "apt-get install (${#missing[@]} packages)"
fi
[[ -x /usr/bin/chromium ]] || { log "/usr/bin/chromium missing after install"; exit 1; }
RG=$(command -v rg) || { log "ripgrep (rg) missing after install"; exit 1; }

# --- code-server, once per cache folder ------------------------------------------------------------------------
if [[ -f "$MARKER" ]]; then
  lap "code-server $CODE_SERVER_VERSION cached"
else
  # A folder without the marker is a half-finished install: start over.
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  cd "$PREFIX"
  printf '{ "name": "trm-puzzles-e2e-code-server", "private": true }\n' >package.json
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

  run_logged npm install --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION"
  lap "npm install code-server"
  # argon2's prebuilt binary download fails here; rebuilding compiles it from source.
  run_logged env JOBS=max npm rebuild argon2
  lap "npm rebuild argon2"

  VSCODE="$PREFIX/node_modules/code-server/lib/vscode"
  cd "$VSCODE"
  run_logged npm install --omit=dev --ignore-scripts
  lap "npm install lib/vscode"
  # @vscode/ripgrep skips its GitHub download when bin/ exists: give it Debian's rg.
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$RG" node_modules/@vscode/ripgrep/bin/rg
  # Native modules (node-pty, spdlog, ...). Without yes, node-pty's build step stops on a prompt.
  run_logged env npm_config_yes=true JOBS=max npm rebuild
  lap "npm rebuild lib/vscode"

  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  cd extensions
  run_logged npm install --omit=dev
  lap "npm install built-in extensions"

  # It starts at all (its own HOME: code-server writes its config and data folders there on any start).
  check_home=$(mktemp -d)
  run_logged env HOME="$check_home" XDG_CONFIG_HOME="$check_home" XDG_DATA_HOME="$check_home" \
    "$PREFIX/node_modules/.bin/code-server" --version
  rm -rf "$check_home"
  printf '%s\n' "$CODE_SERVER_VERSION" >"$MARKER"
fi

# --- playwright-core: a devDependency of the project (it downloads no browser) ---------------------------------
if ! (cd "$PROJECT" && node -e "require.resolve('playwright-core')" 2>/dev/null); then
  log "playwright-core is not installed: run npm install (it is a devDependency)"
  exit 1
fi

lap "ready (code-server in $PREFIX)"
