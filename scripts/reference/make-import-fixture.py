"""Builds the fixture of test/trm/import/: small TRMs made by the OFFICIAL code (TinyRecursiveModels'
models/recursive_reasoning/trm.py inside its losses.ACTLossHead, exactly what pretrain.py checkpoints),
their `torch.save(model.state_dict())` checkpoints and all_config.yaml files, and the official model's
outputs for fixed puzzles after each of 3 supervision steps; plus tensors in every dtype the importer
converts (with torch's own float32 conversion as the oracle) and pickles that must be refused.

Needs torch and a copy of the official repository patched for torch 1.13 (make-import-fixture.sh does both).
Run once; the outputs are committed. Usage:
  /usr/bin/python3 scripts/reference/make-import-fixture.py REF_DIR OUT_DIR ARC_DATA_DIR
"""
import collections
import json
import os
import pickle
import sys

import torch

REF, OUT, ARC_DIR = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, REF)

from models.losses import ACTLossHead  # noqa: E402  (the official code)
from models.recursive_reasoning.trm import TinyRecursiveReasoningModel_ACTV1  # noqa: E402

STEPS = 3

# Real puzzles, so the imported models can also be asked through `trm solve` in the tests.
SUDOKU_4X4 = [".2.....14.....3.", "1...3.....2...1.", "..3.4.....1.2...", ".1..3..2..4..3.."]
MAZE_5X5 = [
    "#####"
    "#S  #"
    "# # #"
    "#  G#"
    "#####",
    "#####"
    "#S#G#"
    "# # #"
    "#   #"
    "#####",
    "#####"
    "#G  #"
    "### #"
    "#S  #"
    "#####",
    "#####"
    "#  S#"
    "# ###"
    "#  G#"
    "#####",
]
MAZE_CHARSET = "# SGo"


# ARC: two ARC-AGI-1 training tasks; the model's puzzle embedding has a row for each, one for an augmented
# version of the first (as dataset/build_arc_dataset.py names them), and the blank row 0.
ARC_TASKS = ["0d3d703e", "25d8a9c8"]
ARC_IDENTIFIERS = ["<blank>", "0d3d703e", "0d3d703e|||t1|||0213456789", "25d8a9c8"]


def arc_tasks(arc_dir):
    challenges = json.load(open(os.path.join(arc_dir, "arc-agi_training_challenges.json")))
    solutions = json.load(open(os.path.join(arc_dir, "arc-agi_training_solutions.json")))
    tasks = {}
    for name in ARC_TASKS:
        task = json.loads(json.dumps(challenges[name]))
        for i, out in enumerate(solutions[name]):
            task["test"][i]["output"] = out
        tasks[name] = task
    return tasks


def arc_tokens(grid):
    # The reference's np_grid_to_seq_translational_augment without translation: colours + 2 at the top
    # left of the 30x30 canvas, <eos> (1) below and right of the grid, pad (0) elsewhere.
    seq = [0] * 900
    rows, cols = len(grid), len(grid[0])
    for r in range(rows):
        for c in range(cols):
            seq[r * 30 + c] = grid[r][c] + 2
    if rows < 30:
        for c in range(cols):
            seq[rows * 30 + c] = 1
    if cols < 30:
        for r in range(rows):
            seq[r * 30 + cols] = 1
    return seq


def sudoku_tokens(p):
    return [1 if c == "." else int(c) + 1 for c in p]


def maze_tokens(m):
    return [MAZE_CHARSET.index(c) + 1 for c in m]


# Each model: the arch section of the run's PretrainConfig (as config/arch/trm.yaml spells it) and how its
# checkpoint is stored. Small hidden sizes keep the committed files to a few hundred KB.
MODELS = {
    # Attention + RoPE, no puzzle embedding; float32 weights with bfloat16 H_init/L_init; keys as an
    # uncompiled run writes them (model.inner.*).
    "sudoku4-attention": dict(
        arch=dict(hidden_size=16, num_heads=2, expansion=4, L_layers=2, H_cycles=2, L_cycles=2, pos_encodings="rope",
                  mlp_t=False, puzzle_emb_ndim=0, puzzle_emb_len=0),
        data_path="data/sudoku-4x4-aug-100", vocab_size=6, seq_len=16, num_ids=1,
        tokens=[sudoku_tokens(p) for p in SUDOKU_4X4], puzzle_ids=[0, 0, 0, 0], weights="float32", compiled=False),
    # mlp_t with a 4-position puzzle-embedding prefix (24 values per puzzle, zero-padded to 4 x 16) and learned
    # positions; every weight stored as bfloat16 except the float32 puzzle embedding (as the reference
    # keeps it); keys of a torch.compile'd run (_orig_mod.model.inner.*).
    "sudoku4-mlpt-prefix": dict(
        arch=dict(hidden_size=16, num_heads=2, expansion=4, L_layers=2, H_cycles=2, L_cycles=3, pos_encodings="learned",
                  mlp_t=True, puzzle_emb_ndim=24, puzzle_emb_len=4),
        data_path="data/sudoku-4x4-aug-100", vocab_size=6, seq_len=16, num_ids=5,
        tokens=[sudoku_tokens(p) for p in SUDOKU_4X4], puzzle_ids=[0, 1, 2, 4], weights="bfloat16", compiled=True),
    # The reference's maze layout (attention, RoPE, puzzle_emb_len 16, puzzle_emb_ndim = hidden_size) on a
    # 5x5 canvas; float16 weights; compiled keys. Shares vocabulary size 6 with the 4x4 sudoku models.
    "maze5-attention-prefix16": dict(
        arch=dict(hidden_size=16, num_heads=2, expansion=4, L_layers=2, H_cycles=3, L_cycles=2, pos_encodings="rope",
                  mlp_t=False, puzzle_emb_ndim=16, puzzle_emb_len=16),
        data_path="data/maze-5x5-hard-1k", vocab_size=6, seq_len=25, num_ids=1,
        tokens=[maze_tokens(m) for m in MAZE_5X5], puzzle_ids=[0, 0, 0, 0], weights="float16", compiled=True),
    # The reference ARC layout (attention, RoPE, P = 16, ndim = D) on its 30x30 canvas; bfloat16 weights.
    "arc30-attention-prefix16": dict(
        # N_sup 3: the evaluation runs every supervision step, and over 16 steps this random-weight model's
        # float32 rounding differences grow into different answers (38 of 900 cells of one task).
        arch=dict(hidden_size=16, num_heads=2, expansion=4, L_layers=2, H_cycles=2, L_cycles=2, pos_encodings="rope",
                  mlp_t=False, puzzle_emb_ndim=16, puzzle_emb_len=16, halt_max_steps=3),
        data_path="data/arc1concept-aug-1000", vocab_size=12, seq_len=900, num_ids=len(ARC_IDENTIFIERS),
        tokens=None, puzzle_ids=[1, 2, 3, 0], weights="bfloat16", compiled=True),
}
# The ARC model's outputs are stored for these positions only (the whole 900 x 12 logits would be megabytes);
# its answers are stored whole.
ARC_LOGIT_POSITIONS = 32


def pretrain_config(name, spec):
    """The dict pretrain.py dumps to all_config.yaml (PretrainConfig.model_dump(); its defaults filled in)."""
    arch = dict(
        name="recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1",
        loss=dict(name="losses@ACTLossHead", loss_type="stablemax_cross_entropy"),
        halt_exploration_prob=0.1, halt_max_steps=16, H_layers=0, forward_dtype="float32", no_ACT_continue=True)
    arch.update(spec["arch"])
    return dict(
        arch=arch, data_paths=[spec["data_path"]], data_paths_test=[], evaluators=[], global_batch_size=4,
        epochs=1, lr=1e-4, lr_min_ratio=1.0, lr_warmup_steps=1, weight_decay=0.1, beta1=0.9, beta2=0.95,
        puzzle_emb_lr=1e-2, puzzle_emb_weight_decay=0.1, project_name="fixture", run_name=name,
        load_checkpoint=None, checkpoint_path=f"checkpoints/fixture/{name}", seed=0, checkpoint_every_eval=False,
        eval_interval=None, min_eval_interval=0, eval_save_outputs=[], ema=False, ema_rate=0.999, freeze_weights=False)


def build(spec, seed):
    torch.manual_seed(seed)
    model_cfg = {k: v for k, v in pretrain_config("x", spec)["arch"].items() if k not in ("name", "loss")}
    model_cfg.update(batch_size=4, vocab_size=spec["vocab_size"], seq_len=spec["seq_len"],
                     num_puzzle_identifiers=spec["num_ids"], causal=False)
    model = ACTLossHead(TinyRecursiveReasoningModel_ACTV1(model_cfg), loss_type="stablemax_cross_entropy")
    inner = model.model.inner
    with torch.no_grad():
        # The reference starts these at zero; a trained model has them non-zero, and zero would hide errors.
        inner.q_head.weight.normal_(0, 0.5)
        inner.q_head.bias.normal_(0, 0.5)
        if hasattr(inner, "puzzle_emb"):
            inner.puzzle_emb.weights.normal_(0, 1)
        if spec["vocab_size"] == 12:
            # ARC: pad and <eos> never win, so the cropped answers are grids worth voting over.
            inner.lm_head.weight[:2] = 0
            inner.lm_head.weight[:2, 0] = -1e-3
        # Round each weight to the dtype it is stored in, so the float32 run below computes with exactly the
        # weights the checkpoint holds. H_init/L_init are bfloat16 as forward_dtype=bfloat16 makes them.
        for key, t in model.state_dict().items():
            dtype = stored_dtype(key, spec)
            t.copy_(t.to(dtype).to(t.dtype))
    return model.eval()


def stored_dtype(key, spec):
    if key.endswith("H_init") or key.endswith("L_init"):
        return torch.bfloat16
    if key.endswith("puzzle_emb.weights"):
        return torch.float32
    return getattr(torch, spec["weights"])


def checkpoint_state(model, spec):
    state = model.state_dict()
    out = collections.OrderedDict()
    prefix = "_orig_mod." if spec["compiled"] else ""
    for key, t in state.items():
        out[prefix + key] = t.to(stored_dtype(key, spec)).clone()
    # torch.compile's wrapper keeps the module metadata under the prefixed names; mimic it.
    out._metadata = collections.OrderedDict((prefix + k if k else k, v) for k, v in state._metadata.items())  # type: ignore[attr-defined]
    return out


def f32_list(t):
    # 9 significant digits print every float32 exactly and keep the JSON small.
    return [float(f"{v:.9g}") for v in t.float().flatten().tolist()]


def run_steps(model, spec):
    batch = dict(
        inputs=torch.tensor(spec["tokens"], dtype=torch.int32),
        labels=torch.zeros(len(spec["tokens"]), spec["seq_len"], dtype=torch.int32),
        puzzle_identifiers=torch.tensor(spec["puzzle_ids"], dtype=torch.int32),
    )
    act = model.model
    with torch.no_grad():
        carry = act.initial_carry(batch)
        steps = []
        for _ in range(STEPS):
            carry, outputs = act(carry=carry, batch=batch)
            logits = outputs["logits"].float()
            if spec["seq_len"] == 900:
                logits = logits[:, :ARC_LOGIT_POSITIONS]
            steps.append(dict(
                logits=f32_list(logits),
                q_halt=f32_list(outputs["q_halt_logits"]),
                q_continue=f32_list(outputs["q_continue_logits"]),
                answers=outputs["logits"].argmax(-1).tolist(),
                halted=carry.halted.tolist(),
            ))
    return dict(tokens=spec["tokens"], puzzle_ids=spec["puzzle_ids"], batch=len(spec["tokens"]),
                seq_len=spec["seq_len"], vocab_size=spec["vocab_size"], steps=steps,
                logit_positions=ARC_LOGIT_POSITIONS if spec["seq_len"] == 900 else spec["seq_len"])


def dtype_fixture():
    """Tensors in every dtype the importer reads, with torch's float32 conversion as int32 bit patterns."""
    g = torch.Generator().manual_seed(1)
    half_bits = torch.arange(0, 65536, 61, dtype=torch.int32).to(torch.int16)
    specials = torch.tensor([0.0, -0.0, 1.0, -2.5, float("inf"), float("-inf"), 65504.0, 6.1e-5, 6e-8, 1e-7, 3.0e38])
    f16 = torch.cat([half_bits.view(torch.float16), specials.to(torch.float16)])
    bf16 = torch.cat([torch.randint(-32768, 32767, (700,), generator=g, dtype=torch.int16).view(torch.bfloat16),
                      specials.to(torch.bfloat16), torch.tensor([float("nan")], dtype=torch.bfloat16)])
    f32 = torch.cat([torch.randn(300, generator=g), specials])
    base = torch.arange(24, dtype=torch.float32).reshape(6, 4) * 0.5
    d = collections.OrderedDict()
    d["f32"] = f32
    d["bf16"] = bf16
    d["f16"] = f16
    d["f64"] = torch.randn(50, generator=g, dtype=torch.float64)
    d["base"] = base
    d["transposed"] = base.t()             # a non-contiguous view of base's storage
    d["rows_2_to_5"] = base[2:5]          # a view at a storage offset
    d["int64"] = torch.tensor([[1, -2, 3], [2**40, 5, -(2**33)]], dtype=torch.int64)
    d["int32"] = torch.tensor([7, -8, 9], dtype=torch.int32)
    d["bool"] = torch.tensor([True, False, True])
    d["scalar"] = torch.tensor(3.25)
    expected = collections.OrderedDict()
    for k in ["f32", "bf16", "f16", "f64", "base", "transposed", "rows_2_to_5", "scalar"]:
        expected[k] = d[k].float().contiguous().view(torch.int32).flatten().tolist()
        expected[k + ".shape"] = list(d[k].shape)
    expected["int64"] = [str(v) for v in d["int64"].flatten().tolist()]
    expected["int32"] = d["int32"].tolist()
    expected["bool"] = d["bool"].tolist()
    return d, expected


def arc_evaluation(spec, data, tasks):
    """The official ARC evaluation on the fixture's test split: every augmented version of each test input
    run for all halt_max_steps supervision steps, answers mapped back, voted, pass@K and the submission."""
    import numpy as np
    import torch.distributed as dist
    from dataset.build_arc_dataset import np_grid_to_seq_translational_augment, arc_grid_to_np
    from dataset.common import PuzzleDatasetMetadata, dihedral_transform
    from evaluators.arc import ARC

    # The test split as build_arc_dataset.py writes it: each puzzle of a task's group holds its test pairs,
    # augmented as the puzzle's name says, at the top left.
    inputs, labels, ids, puzzle_indices, group_indices = [], [], [], [0], [0]
    for task in ARC_TASKS:
        for pid, name in enumerate(ARC_IDENTIFIERS):
            if name.split("|||")[0] != task:
                continue
            parts = name.split("|||")
            tid, mapping = (int(parts[1][1:]), np.array([int(c) for c in parts[2]], dtype=np.uint8)) if len(parts) == 3 else (0, np.arange(10, dtype=np.uint8))
            for pair in tasks[task]["test"]:
                i, o = (dihedral_transform(mapping[arc_grid_to_np(g)], tid) for g in (pair["input"], pair["output"]))
                a, b = np_grid_to_seq_translational_augment(i, o, do_translation=False)
                inputs.append(a)
                labels.append(b)
            puzzle_indices.append(len(inputs))
            ids.append(pid)
        group_indices.append(len(ids))
    test_dir = os.path.join(data, "test")
    os.makedirs(test_dir, exist_ok=True)
    arrays = dict(inputs=np.stack(inputs).astype(np.int32), labels=np.stack(labels).astype(np.int32),
                  puzzle_identifiers=np.array(ids, dtype=np.int32), puzzle_indices=np.array(puzzle_indices, dtype=np.int32),
                  group_indices=np.array(group_indices, dtype=np.int32))
    for k, v in arrays.items():
        np.save(os.path.join(test_dir, f"all__{k}.npy"), v)
    meta = dict(pad_id=0, ignore_label_id=0, blank_identifier_id=0, vocab_size=12, seq_len=900,
                num_puzzle_identifiers=len(ARC_IDENTIFIERS), total_groups=len(group_indices) - 1,
                mean_puzzle_examples=len(inputs) / len(ids), total_puzzles=len(ids), sets=["all"])
    with open(os.path.join(test_dir, "dataset.json"), "wt") as f:
        json.dump(meta, f)

    model = build(spec, seed=10 + list(MODELS).index("arc30-attention-prefix16"))
    example_ids = np.repeat(arrays["puzzle_identifiers"], np.diff(arrays["puzzle_indices"]))
    batch = dict(inputs=torch.tensor(arrays["inputs"]), labels=torch.tensor(arrays["labels"]),
                 puzzle_identifiers=torch.tensor(example_ids))
    act = model.model
    with torch.no_grad():
        carry = act.initial_carry(batch)
        while True:  # as pretrain.py's evaluate: until every sequence halts (at halt_max_steps in eval mode)
            carry, outputs = act(carry=carry, batch=batch)
            if carry.halted.all():
                break
    dist.init_process_group("gloo", init_method="tcp://127.0.0.1:29517", rank=0, world_size=1)
    evaluator = ARC(data_path=data, eval_metadata=PuzzleDatasetMetadata(**meta))
    evaluator.begin_eval()
    evaluator.update_batch(batch, dict(q_halt_logits=outputs["q_halt_logits"], preds=outputs["logits"].argmax(-1)))
    results = evaluator.result(save_path=data, rank=0, world_size=1)
    dist.destroy_process_group()
    with open(os.path.join(OUT, "arc-evaluation.json"), "wt") as f:
        json.dump(dict(results=results, submission=json.load(open(os.path.join(data, "submission.json"))),
                       steps=int(carry.steps.max())), f)
    os.remove(os.path.join(data, "submission.json"))


class RunsACommand:
    """What a hostile checkpoint holds: unpickling it with pickle/torch.load (weights_only=False) runs the command."""

    def __init__(self, command):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def main():
    os.makedirs(OUT, exist_ok=True)
    tasks = arc_tasks(ARC_DIR)
    a, b = (tasks[n]["test"][0]["input"] for n in ARC_TASKS)
    # Task A with its own row and with the augmented row, task B with its row and with the blank row.
    MODELS["arc30-attention-prefix16"]["tokens"] = [arc_tokens(a), arc_tokens(a), arc_tokens(b), arc_tokens(b)]
    # A reference ARC dataset folder as the builder leaves it, without the arrays the import does not read.
    data = os.path.join(OUT, "arc1concept-aug-fixture")
    os.makedirs(os.path.join(data, "train"), exist_ok=True)
    with open(os.path.join(data, "identifiers.json"), "wt") as f:
        json.dump(ARC_IDENTIFIERS, f)
    with open(os.path.join(data, "test_puzzles.json"), "wt") as f:
        json.dump(tasks, f)
    with open(os.path.join(data, "train", "dataset.json"), "wt") as f:
        json.dump(dict(pad_id=0, ignore_label_id=0, blank_identifier_id=0, vocab_size=12, seq_len=900,
                       num_puzzle_identifiers=len(ARC_IDENTIFIERS), total_groups=2, mean_puzzle_examples=4.0,
                       total_puzzles=3, sets=["all"]), f)
    outputs = {}
    for i, (name, spec) in enumerate(MODELS.items()):
        model = build(spec, seed=10 + i)
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        torch.save(checkpoint_state(model, spec), os.path.join(folder, "step_3"))
        import yaml
        with open(os.path.join(folder, "all_config.yaml"), "wt") as f:
            yaml.dump(pretrain_config(name, spec), f)
        outputs[name] = run_steps(model, spec)
    with open(os.path.join(OUT, "reference-outputs.json"), "wt") as f:
        json.dump(dict(torch=torch.__version__, steps=STEPS, models=outputs), f)

    tensors, expected = dtype_fixture()
    torch.save(tensors, os.path.join(OUT, "dtypes.pt"))
    torch.save(tensors, os.path.join(OUT, "dtypes-legacy.pt"), _use_new_zipfile_serialization=False)
    with open(os.path.join(OUT, "dtypes-expected.json"), "wt") as f:
        json.dump(expected, f)

    # The command would leave a file named trm-import-pwned in the working directory.
    evil = collections.OrderedDict(weight=torch.zeros(2), payload=RunsACommand("touch trm-import-pwned"))
    torch.save(evil, os.path.join(OUT, "malicious.pt"))
    with open(os.path.join(OUT, "malicious-protocol4.pkl"), "wb") as f:
        pickle.dump(RunsACommand("touch trm-import-pwned"), f, protocol=4)
    arc_evaluation(MODELS["arc30-attention-prefix16"], data, tasks)
    print(f"wrote {OUT}")


main()
