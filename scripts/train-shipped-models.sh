#!/usr/bin/env bash
# Re-creates the models shipped in models/: each is one `trm train` run (seeded, so the same weights come
# back on the same machine and library versions), and its card records the command and the held-out
# accuracy measured at the end. Takes about 4.5 hours on two CPU cores (plus about 50 for arc-12x12). Pass model names to train only some.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build

ONLY="${*:-}"
wanted() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
train() {
  local name=$1; shift
  wanted "$name" || return 0
  echo "== $name"
  node dist/cli.js train "$@" --out models --name "$name"
  rm -f "models/$name.ckpt"
}

train sudoku-4x4 --kind sudoku --preset tiny --size 4 --seed 1
train sudoku-6x6 --kind sudoku --preset tiny --size 6 --seed 1
# sudoku-9x9 (issue 14): 15000 steps from scratch on the difficulty-band mix with the curriculum and an EMA
# of the weights (runs/sudoku-9x9-base, about 90 minutes on two cores), then a 1500-step fine-tune at the
# base's end learning rate with more easy puzzles (about 9 minutes); its per-band figures go into the card.
if wanted sudoku-9x9; then
  echo "== sudoku-9x9 (base run)"
  node dist/cli.js train --kind sudoku --preset tiny --size 9 --seed 1 --steps 15000 --ema 0.999 \
    --bands easy:1,medium:2,hard:3,search:2,minimal:2 --curriculum --threads 2 --out runs/sudoku-9x9-base --name sudoku-9x9
  train sudoku-9x9 --kind sudoku --preset tiny --size 9 --seed 2 --steps 1500 --lr 0.0002 --ema 0.999 \
    --bands easy:3,medium:2,hard:3,search:2,minimal:2 --init-from runs/sudoku-9x9-base/sudoku-9x9.onnx --threads 2
  node dist/cli.js eval models/sudoku-9x9.onnx --bands --per-band 300 --write-card
fi
# maze-9x9 (issue 14): 12000 steps from scratch on 0-6 loops with the curriculum and an EMA, on Maze-Hard's long
# paths (runs/maze-9x9-base, about 2 hours of two free cores), then a 3000-step fine-tune on mazes of every
# path length (about 30 minutes), which users' short-path mazes need; its per-band figures go into the card.
if wanted maze-9x9; then
  echo "== maze-9x9 (base run)"
  node dist/cli.js train --kind maze --preset tiny --size 9 --seed 1 --steps 12000 --ema 0.999 --loops 0-6 --curriculum \
    --threads 2 --out runs/maze-9x9-base --name maze-9x9
  train maze-9x9 --kind maze --preset tiny --size 9 --seed 2 --steps 3000 --lr 0.0003 --ema 0.999 --loops 0-6 --min-path 0 \
    --init-from runs/maze-9x9-base/maze-9x9.onnx --threads 2
  node dist/cli.js eval models/maze-9x9.onnx --bands --per-band 300 --write-card
fi
train arc-8x8 --kind arc --preset tiny --size 8 --seed 1
# The base for test-time adaptation (issue 13): every ARC-AGI-1 training, ARC-AGI-2 training and concept task
# up to 12x12 except the held-out list (picked before training: scripts/pick-arc-held-out.ts) and the
# evaluation ids. About 50 minutes on a loaded 2-core CPU; its held-out pass@2 is written into the card by
# `trm eval-arc models/arc-12x12.onnx --tasks models/arc-heldout.json --write-card`, and with
# adaptation (about an hour) by the same command with `--adapt --threads 1`.
train arc-12x12 --kind arc --preset tiny --size 12 --steps 800 --seed 1 --threads 1 \
  --collections arc-agi_training,arc-agi_training2,arc-agi_concept --held-out models/arc-heldout.json \
  --max-side 12 --task-count 100000 --augmentation-ids 4
