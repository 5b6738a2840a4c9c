#!/bin/sh
# TRM Puzzles GPU check (made by `npm run gpu-bundle`). Unpacks itself into /tmp and runs the check: the
# adapter seen, CPU-vs-GPU parity of every shipped model, what `auto` chooses, and the bench's device section.
# Needs only sh, tail, tar and xz (or python3) and an NVIDIA driver; no network, no Node.
#   VK_DRIVER_FILES=/path/icd.json   use this Vulkan driver manifest instead of looking for NVIDIA's
#   TRM_GPU_CHECK_DIR=DIR            unpack there (default /tmp/trm-gpu-check)
set -eu
DIR=${TRM_GPU_CHECK_DIR:-/tmp/trm-gpu-check}
rm -rf "$DIR"
mkdir -p "$DIR"
LINE=$(awk '/^__PAYLOAD_BELOW__$/ { print NR + 1; exit }' "$0")
if command -v xz >/dev/null 2>&1; then
  tail -n +"$LINE" "$0" | xz -dc | tar -x -C "$DIR"
elif command -v python3 >/dev/null 2>&1; then
  tail -n +"$LINE" "$0" | python3 -c 'import lzma, sys; sys.stdout.buffer.write(lzma.decompress(sys.stdin.buffer.read()))' | tar -x -C "$DIR"
else
  echo "gpu check: needs xz or python3 to unpack" >&2
  exit 1
fi

# The Vulkan loader that came with the bundle, and the driver's own libraries (NVIDIA's ICD names
# libGLX_nvidia.so.0 without a path).
LIBS="$DIR/vulkan/usr/lib/x86_64-linux-gnu"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu/nvidia /usr/lib64/nvidia; do
  [ -d "$d" ] && LIBS="$LIBS:$d"
done
export LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

if [ -z "${VK_DRIVER_FILES:-}" ]; then
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$f" ]; then VK_DRIVER_FILES=$f; break; fi
  done
fi
if [ -z "${VK_DRIVER_FILES:-}" ]; then
  VK_DRIVER_FILES=$(find /usr/local/nvidia /usr/lib/nvidia /usr/share /etc /usr/local/share -name 'nvidia_icd*.json' 2>/dev/null | head -n 1 || true)
fi
if [ -n "${VK_DRIVER_FILES:-}" ]; then
  export VK_DRIVER_FILES
  echo "gpu check: Vulkan driver manifest $VK_DRIVER_FILES"
else
  echo "gpu check: no NVIDIA Vulkan driver manifest (nvidia_icd.json) found; WebGPU will see whatever the loader finds"
fi
export XDG_RUNTIME_DIR="$DIR/xdg"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
cd "$DIR"
exec "$DIR/node" "$DIR/gpu-check.js" "$@"
__PAYLOAD_BELOW__
