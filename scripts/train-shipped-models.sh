#!/usr/bin/env bash
# Re-creates the models shipped in models/: each is one `trm train` run (seeded, so the same weights come
# back on the same machine and library versions), and its card records the command and the held-out
# accuracy measured at the end. Takes about 75 minutes on two CPU cores. Pass model names to train only some.
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
