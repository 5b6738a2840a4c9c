#!/usr/bin/env bash
# Re-creates the models shipped in models/: each is one `trm train` run (seeded, so the same weights come
# back on the same machine and library versions), and its card records the command and the held-out
# accuracy measured at the end. Takes about 75 minutes on two CPU cores (plus about 50 for arc-12x12). Pass model names to train only some.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build

ONLY="${*:-}"
train() {
  local name=$1; shift
  if [ -n "$ONLY" ] && [[ " $ONLY " != *" $name "* ]]; then return 0; fi
  echo "== $name"
  node dist/cli.js train "$@" --out models --name "$name"
  rm -f "models/$name.ckpt"
}

train sudoku-4x4 --kind sudoku --preset tiny --size 4 --seed 1
train sudoku-6x6 --kind sudoku --preset tiny --size 6 --seed 1
train sudoku-9x9 --kind sudoku --preset tiny --size 9 --seed 1 --steps 4000
train maze-9x9 --kind maze --preset tiny --size 9 --seed 1 --steps 6000
train arc-8x8 --kind arc --preset tiny --size 8 --seed 1
# The base for test-time adaptation (issue 13): every ARC-AGI-1 training, ARC-AGI-2 training and concept task
# up to 12x12 except the held-out list (picked before training: scripts/pick-arc-held-out.ts) and the
# evaluation ids. About 50 minutes on a loaded 2-core CPU; its held-out pass@2 is written into the card by
# `trm eval-arc models/arc-12x12.onnx --tasks models/arc-heldout.json --write-card`, and with
# adaptation (about an hour) by the same command with `--adapt --threads 1`.
train arc-12x12 --kind arc --preset tiny --size 12 --steps 800 --seed 1 --threads 1 \
  --collections arc-agi_training,arc-agi_training2,arc-agi_concept --held-out models/arc-heldout.json \
  --max-side 12 --task-count 100000 --augmentation-ids 4
