#!/usr/bin/env bash
# Model-alone exact accuracy on the public 9x9 collections in test/fixtures/sudoku/ (one puzzle per line,
# 81 characters, '.' or '0' for a blank), as a user opening them would see it: each line becomes a .sudoku file
# in a temporary folder and `trm eval` measures the model on the folder (same step limit and halting rule as
# the editor). Usage: scripts/eval-public-sudoku.sh [MODEL...] (default models/sudoku-9x9.onnx).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli.js ] || npm run --silent build
models=("${@:-models/sudoku-9x9.onnx}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for set in easy50 top95 hardest sudoku17-sample; do
  mkdir -p "$work/$set"
  i=0
  while read -r line; do
    i=$((i + 1))
    printf '%s\n' "$line" | tr 0 . | fold -w9 | sed 's/./& /g' > "$work/$set/p$i.sudoku"
  done < <(grep -E '^[0-9.]{81}$' "test/fixtures/sudoku/$set.txt")
  for model in "${models[@]}"; do
    printf '%-16s %-32s %4d puzzles  %s\n' "$set" "$model" "$i" "$(node dist/cli.js eval "$model" "$work/$set" 2>&1 | grep -E '^exact accuracy')"
  done
done
