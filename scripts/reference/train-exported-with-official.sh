#!/bin/sh
# Closes the loop with the official TinyRecursiveModels code (MIT), on the CPU:
#   1. `trm export-dataset` writes a 4x4 sudoku, a 9x9 maze and a 20-task ARC dataset (12x12 canvas) in the
#      reference layout;
#   2. the official pretrain.py trains on each, unchanged in its training logic, for 16 steps with a tiny arch in
#      the paper's layout (sudoku: mlp_t, no positions; maze and ARC: RoPE attention; all a 16-position
#      puzzle-embedding prefix, trained by the official sparse SignSGD, and EMA); the /tmp copy is
#      patched by patch_torch113.py and patch_pretrain_cpu.py, and official_env.py stands in for hydra, wandb,
#      coolname and adam_atan2 (none is packaged in Debian 12);
#   3. `trm import` reads the checkpoint it wrote (with its all_config.yaml and the dataset);
#   4. the official model's own forward pass (official-forward.py) and the imported one (compare-imported-model.ts)
#      run the 16 test puzzles for all N_sup steps: logits, q_halt and answers compared step by step;
#   5. sudoku: `trm solve --model` answers the first 4 as the official model does (solve-against-official.py).
# Needs Debian's PyTorch 1.13 and omegaconf (apt-get install python3-torch python3-numpy python3-pydantic
# python3-yaml python3-omegaconf python3-tqdm), the official repository exported to /tmp (default
# /tmp/TinyRecursiveModels), the ARC files in ../shared/data/arc and `npm run build`. Not part of npm test. About 2 minutes.
#   scripts/reference/train-exported-with-official.sh [OFFICIAL_TREE]      (WORK=/tmp/trm-official-run)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
official=${1:-/tmp/TinyRecursiveModels}
ref=/tmp/trm-ref
work=${WORK:-/tmp/trm-official-run}
if [ ! -f "$ref/models/recursive_reasoning/trm.py" ]; then
  rm -rf "$ref"
  cp -r "$official" "$ref"
fi
/usr/bin/python3 "$here/patch_torch113.py" "$ref"
/usr/bin/python3 "$here/patch_pretrain_cpu.py" "$ref"
rm -rf "$work"
mkdir -p "$work"
cd "$repo"

# train KIND ARCH_OVERRIDES...: steps 1-4 for one kind, in $work/KIND, its data exported with $EXPORT.
train() {
  kind=$1
  shift
  dir="$work/$kind"
  mkdir -p "$dir"
  # shellcheck disable=SC2086  # $EXPORT is a list of flags
  node dist/cli.js export-dataset --kind "$kind" $EXPORT --seed 7 --out "$dir/export"
  echo "official pretrain.py: log in $dir/pretrain.log"
  /usr/bin/python3 "$here/run-official-pretrain.py" "$ref" arch=trm "data_paths=[$dir/export]" "evaluators=[]" \
    epochs=4 eval_interval=2 global_batch_size=16 lr=1e-3 puzzle_emb_lr=1e-2 \
    lr_warmup_steps=2 "$@" arch.hidden_size=32 arch.num_heads=2 arch.expansion=2 \
    arch.L_layers=2 arch.H_cycles=2 arch.L_cycles=2 arch.halt_max_steps=4 arch.forward_dtype=float32 ema=True \
    "+run_name=cpu-$kind" "+checkpoint_path=$dir/checkpoints" checkpoint_every_eval=True >"$dir/pretrain.log" 2>&1
  grep '"all"' "$dir/pretrain.log" | tail -1
  ls "$dir/checkpoints"
  # The last checkpoint: pretrain.py's step count is epochs x groups x examples per puzzle / batch.
  last=$(ls "$dir/checkpoints" | grep '^step_[0-9]*$' | sort -t_ -k2 -n | tail -1)
  node dist/cli.js import "$dir/checkpoints/$last" --data "$dir/export" --kind "$kind" --out "$dir/imported" --name "official-$kind"
  /usr/bin/python3 "$here/official-forward.py" "$ref" "$dir/checkpoints/$last" "$dir/export" 16 "$dir/official.json"
  node --import tsx "$here/compare-imported-model.ts" "$dir/imported/official-$kind.onnx" "$dir/official.json"
}

EXPORT="--size 4 --train 64 --test 16 --aug 1" train sudoku weight_decay=1.0 puzzle_emb_weight_decay=1.0 arch.mlp_t=True arch.pos_encodings=none
/usr/bin/python3 "$here/solve-against-official.py" "$repo" "$work/sudoku/imported/official-sudoku.onnx" "$work/sudoku/official.json" 4 "$work/sudoku"
EXPORT="--size 9 --train 64 --test 16 --aug 1" train maze weight_decay=1.0 puzzle_emb_weight_decay=1.0
EXPORT="--collections arc-agi_training --test-collections arc-agi_training --max-side 8 --count 20 --aug 3 --size 12" \
  train arc weight_decay=0.1 puzzle_emb_weight_decay=0.1
