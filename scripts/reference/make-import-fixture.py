"""Builds the fixture of test/trm/import/: small TRMs made by the OFFICIAL code (TinyRecursiveModels'
models/recursive_reasoning/trm.py inside its losses.ACTLossHead, exactly what pretrain.py checkpoints),
their `torch.save(model.state_dict())` checkpoints and all_config.yaml files, and the official model's
outputs for fixed puzzles after each of 3 supervision steps; plus tensors in every dtype the importer
converts (with torch's own float32 conversion as the oracle) and pickles that must be refused.

Needs torch and a copy of the official repository patched for torch 1.13 (make-import-fixture.sh does both).
Run once; the outputs are committed. Usage:
  /usr/bin/python3 scripts/reference/make-import-fixture.py REF_DIR OUT_DIR
"""
import collections
import json
import os
import pickle
import sys

import torch

REF, OUT = sys.argv[1], sys.argv[2]
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
}


def pretrain_config(name, spec):
    """The dict pretrain.py dumps to all_config.yaml (PretrainConfig.model_dump(); its defaults filled in)."""
    arch = dict(
        name="recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1",
        loss=dict(name="losses@ACTLossHead", loss_type="stablemax_cross_entropy"),
        halt_exploration_prob=0.1, halt_max_steps=16, H_layers=0, forward_dtype="float32", no_ACT_continue=True,
        **spec["arch"])
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
            steps.append(dict(
                logits=outputs["logits"].float().flatten().tolist(),
                q_halt=outputs["q_halt_logits"].float().tolist(),
                q_continue=outputs["q_continue_logits"].float().tolist(),
                answers=outputs["logits"].argmax(-1).tolist(),
                halted=carry.halted.tolist(),
            ))
    return dict(tokens=spec["tokens"], puzzle_ids=spec["puzzle_ids"], batch=len(spec["tokens"]),
                seq_len=spec["seq_len"], vocab_size=spec["vocab_size"], steps=steps)


def dtype_fixture():
    """Tensors in every dtype the importer reads, with torch's float32 conversion as int32 bit patterns."""
    g = torch.Generator().manual_seed(1)
    half_bits = torch.arange(0, 65536, 29, dtype=torch.int32).to(torch.int16)
    specials = torch.tensor([0.0, -0.0, 1.0, -2.5, float("inf"), float("-inf"), 65504.0, 6.1e-5, 6e-8, 1e-7, 3.0e38])
    f16 = torch.cat([half_bits.view(torch.float16), specials.to(torch.float16)])
    bf16 = torch.cat([torch.randint(-32768, 32767, (1500,), generator=g, dtype=torch.int16).view(torch.bfloat16),
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


class RunsACommand:
    """What a hostile checkpoint holds: unpickling it with pickle/torch.load (weights_only=False) runs the command."""

    def __init__(self, command):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def main():
    os.makedirs(OUT, exist_ok=True)
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
    print(f"wrote {OUT}")


main()
