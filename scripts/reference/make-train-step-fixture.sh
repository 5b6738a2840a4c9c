#!/bin/sh
# Re-creates test/fixtures/reference-train-step/ from the official TinyRecursiveModels training code (MIT):
# three optimiser steps of pretrain.py's train_batch with the sparse SignSGD of the puzzle embedding,
# Adam-atan2 and the EMA. Needs Debian's PyTorch and omegaconf (apt-get install python3-torch python3-numpy
# python3-pydantic python3-yaml python3-omegaconf) and the official repository exported to a folder outside
# this repo (default /tmp/TinyRecursiveModels); works on a patched copy in /tmp/trm-ref and never copies the
# official code into this repository.
#   scripts/reference/make-train-step-fixture.sh [OFFICIAL_TREE]
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
/usr/bin/python3 "$here/patch_pretrain_cpu.py" "$ref"
rm -rf "$repo/test/fixtures/reference-train-step"
/usr/bin/python3 "$here/make-train-step-fixture.py" "$ref" "$repo/test/fixtures/reference-train-step"
