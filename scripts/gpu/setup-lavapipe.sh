#!/usr/bin/env bash
# Installs a Vulkan loader and Mesa's software Vulkan driver (lavapipe), so that onnxruntime-node's bundled
# WebGPU execution provider (Dawn, inside libonnxruntime.so) finds an adapter on a machine without a GPU.
# The test group test/gpu and the bench's device section use it. Debian bookworm's mesa-vulkan-drivers
# (22.3) is too old for Dawn ("shaderUniform*ArrayDynamicIndexing required"): 25.x from bookworm-backports
# works, so on bookworm the backports suite is added to apt's sources (the same mirror the system uses).
#
# Idempotent: when a new-enough lavapipe is installed nothing is done (apt's own install is the cache).
#
#   TRM_GPU_SETUP=0   do nothing (the group skips)
#
# Exit status: 0 ready (stdout's last line is the lavapipe ICD file); 3 set-up impossible here (one line on
# stdout says why: the group skips); anything else: set-up failed (on a machine that could do it, a bug).
set -euo pipefail

SKIP=3
MIN_MESA_MAJOR=23
LOG="${TMPDIR:-/tmp}/trm-lavapipe-setup.log"
log() { printf 'lavapipe setup: %s\n' "$*" >&2; }
skip() { printf 'lavapipe: skipped: %s\n' "$*"; exit "$SKIP"; }

[[ "${TRM_GPU_SETUP:-1}" == 0 ]] && skip "TRM_GPU_SETUP=0"
[[ "$(uname -s)" == Linux && "$(uname -m)" == x86_64 ]] || skip "lavapipe set-up is for Linux x64 (this is $(uname -s) $(uname -m))"

mesa_major() { dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | sed -E 's/^([0-9]+:)?([0-9]+).*/\2/'; }
icd_file() { ls /usr/share/vulkan/icd.d/lvp_icd*.json 2>/dev/null | head -n 1; }
ready() {
  local major
  major=$(mesa_major)
  [[ -n "$major" && "$major" -ge "$MIN_MESA_MAJOR" ]] && dpkg -s libvulkan1 >/dev/null 2>&1 && [[ -n "$(icd_file)" ]]
}

if ! ready; then
  command -v apt-get >/dev/null || skip "no apt-get to install mesa-vulkan-drivers and libvulkan1"
  if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    skip "not root and no password-less sudo to install mesa-vulkan-drivers and libvulkan1"
  fi
  export DEBIAN_FRONTEND=noninteractive
  : >"$LOG"
  run_logged() {
    if ! "$@" >>"$LOG" 2>&1; then
      log "failed: $*; last lines of $LOG:"
      tail -n 30 "$LOG" >&2
      exit 1
    fi
  }
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  target=()
  if [[ "$codename" == bookworm ]]; then
    # The mirror this system already uses (deb822 or one-line sources), so no new host is contacted.
    mirror=$(grep -hE '^[[:space:]]*(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
      | grep -oE 'https?://[^ ]+/debian/?' | head -n 1 || true)
    mirror=${mirror:-http://deb.debian.org/debian}
    list=/etc/apt/sources.list.d/trm-bookworm-backports.list
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      log "adding bookworm-backports ($mirror) to apt's sources"
      echo "deb ${mirror%/} bookworm-backports main" | "${SUDO[@]}" tee "$list" >/dev/null
    fi
    target=(-t bookworm-backports)
  fi
  log "installing mesa-vulkan-drivers and libvulkan1 ${target[*]}"
  run_logged "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  run_logged "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${target[@]}" mesa-vulkan-drivers libvulkan1
  ready || { log "mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null) installed, but Dawn needs Mesa >= $MIN_MESA_MAJOR with lavapipe's ICD"; exit 1; }
fi
icd_file
