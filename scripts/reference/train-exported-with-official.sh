#!/bin/sh
# Closes the loop with the official TinyRecursiveModels code (MIT), on the CPU:
#   1. `trm export-dataset` writes a 4x4 sudoku and a 9x9 maze dataset in the reference layout;
#   2. the official pretrain.py trains on each, unchanged in its training logic, for 16 steps with a tiny arch in
#      the paper's layout (sudoku: mlp_t, no positions; maze: RoPE attention; both a 16-position puzzle-embedding
#      prefix and EMA); the /tmp copy is
#      patched by patch_torch113.py and patch_pretrain_cpu.py, and official_env.py stands in for hydra, wandb,
#      coolname and adam_atan2 (none is packaged in Debian 12);
#   3. `trm import` reads the checkpoint it wrote (with its all_config.yaml and the dataset);
#   4. the official model's own forward pass (official-forward.py) and the imported one (compare-imported-model.ts)
#      run the 16 test puzzles for all N_sup steps: logits, q_halt and answers compared step by step;
#   5. sudoku: `trm solve --model` answers the first 4 as the official model does (solve-against-official.py).
# Needs Debian's PyTorch 1.13 and omegaconf (apt-get install python3-torch python3-numpy python3-pydantic
# python3-yaml python3-omegaconf python3-tqdm), the official repository exported to /tmp (default
# /tmp/TinyRecursiveModels) and `npm run build`. Not part of npm test. Takes about a minute.
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

# train KIND SIZE ARCH_OVERRIDES...: steps 1-4 for one kind, in $work/KIND.
train() {
  kind=$1 size=$2
  shift 2
  dir="$work/$kind"
  mkdir -p "$dir"
  node dist/cli.js export-dataset --kind "$kind" --size "$size" --train 64 --test 16 --aug 1 --seed 7 --out "$dir/export"
  echo "official pretrain.py: log in $dir/pretrain.log"
  /usr/bin/python3 "$here/run-official-pretrain.py" "$ref" arch=trm "data_paths=[$dir/export]" "evaluators=[]" \
    epochs=4 eval_interval=2 global_batch_size=16 lr=1e-3 puzzle_emb_lr=1e-2 weight_decay=1.0 puzzle_emb_weight_decay=1.0 \
    lr_warmup_steps=2 "$@" arch.hidden_size=32 arch.num_heads=2 arch.expansion=2 \
    arch.L_layers=2 arch.H_cycles=2 arch.L_cycles=2 arch.halt_max_steps=4 arch.forward_dtype=float32 ema=True \
    "+run_name=cpu-$kind" "+checkpoint_path=$dir/checkpoints" checkpoint_every_eval=True >"$dir/pretrain.log" 2>&1
  grep '"all"' "$dir/pretrain.log" | tail -1
  ls "$dir/checkpoints"
  node dist/cli.js import "$dir/checkpoints/step_16" --data "$dir/export" --kind "$kind" --out "$dir/imported" --name "official-$kind"
  /usr/bin/python3 "$here/official-forward.py" "$ref" "$dir/checkpoints/step_16" "$dir/export" 16 "$dir/official.json"
  node --import tsx "$here/compare-imported-model.ts" "$dir/imported/official-$kind.onnx" "$dir/official.json"
}

train sudoku 4 arch.mlp_t=True arch.pos_encodings=none
/usr/bin/python3 "$here/solve-against-official.py" "$repo" "$work/sudoku/imported/official-sudoku.onnx" "$work/sudoku/official.json" 4 "$work/sudoku"
train maze 9
