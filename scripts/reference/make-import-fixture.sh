#!/bin/sh
# Re-creates test/fixtures/reference-checkpoint/ from the official TinyRecursiveModels code (MIT).
# Needs Debian's PyTorch (apt-get install python3-torch python3-numpy python3-pydantic python3-yaml) and the
# official repository exported to a folder outside this repo (default /tmp/TinyRecursiveModels); the script
# works on a patched copy in /tmp/trm-ref and never copies the official code into this repository.
#   scripts/reference/make-import-fixture.sh [OFFICIAL_TREE]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
official=${1:-/tmp/TinyRecursiveModels}
ref=/tmp/trm-ref
if [ ! -f "$ref/models/recursive_reasoning/trm.py" ]; then
  rm -rf "$ref"
  cp -r "$official" "$ref"
fi
/usr/bin/python3 "$here/patch_torch113.py" "$ref"
rm -rf "$repo/test/fixtures/reference-checkpoint"
/usr/bin/python3 "$here/make-import-fixture.py" "$ref" "$repo/test/fixtures/reference-checkpoint" "$repo/../shared/data/arc"
