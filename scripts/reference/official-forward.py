"""The official model's own answers for a checkpoint that pretrain.py wrote: the run's all_config.yaml and the
dataset's metadata build the official TinyRecursiveReasoningModel_ACTV1 inside losses.ACTLossHead (what
pretrain.py checkpoints), the state_dict is loaded strictly, and the model runs in eval mode (all
halt_max_steps supervision steps, as pretrain.py's evaluate does) on the first N puzzles of the dataset's test
split. Writes JSON: the tokens, puzzle ids, labels, and per step the logits, q_halt and the answers (argmax).

As a yardstick for float32 rounding it also runs the same official model in float64 (forward_dtype float64,
and its rms_norm, which casts to float32, replaced in this process by the same formula in the input's dtype)
and records, per step, how far the official float32 logits are from those: differences of this size between
this project's model and the official one are rounding, not a different computation.

Usage: /usr/bin/python3 scripts/reference/official-forward.py REF_DIR CHECKPOINT DATA_DIR N OUT.json
"""
import json
import os
import sys

import numpy as np
import torch
import yaml

REF, CHECKPOINT, DATA, N, OUT = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, REF)
from models.losses import ACTLossHead  # noqa: E402  (the official code)
from models.recursive_reasoning import trm as trm_module  # noqa: E402
from models.recursive_reasoning.trm import TinyRecursiveReasoningModel_ACTV1  # noqa: E402

config = yaml.safe_load(open(os.path.join(os.path.dirname(CHECKPOINT), "all_config.yaml")))
meta = json.load(open(os.path.join(DATA, "train", "dataset.json")))
arch = {k: v for k, v in config["arch"].items() if k not in ("name", "loss")}
inputs = np.load(os.path.join(DATA, "test", "all__inputs.npy"))[:N]
labels = np.load(os.path.join(DATA, "test", "all__labels.npy"))[:N]
ids = np.load(os.path.join(DATA, "test", "all__puzzle_identifiers.npy"))[:N]
state = torch.load(CHECKPOINT, map_location="cpu")
batch = dict(inputs=torch.tensor(inputs, dtype=torch.int32), labels=torch.tensor(labels, dtype=torch.int32),
             puzzle_identifiers=torch.tensor(ids, dtype=torch.int32))


def run(forward_dtype):
    model = ACTLossHead(
        TinyRecursiveReasoningModel_ACTV1(dict(**{**arch, "forward_dtype": forward_dtype}, batch_size=len(inputs), vocab_size=meta["vocab_size"],
                                               seq_len=meta["seq_len"], num_puzzle_identifiers=meta["num_puzzle_identifiers"], causal=False)),
        loss_type=config["arch"]["loss"]["loss_type"],
    )
    model.load_state_dict({k.removeprefix("_orig_mod."): v for k, v in state.items()}, strict=True)
    if forward_dtype == "float64":
        model.double()
    model.eval()
    steps = []
    with torch.inference_mode():
        carry = model.initial_carry(batch)
        for _ in range(arch["halt_max_steps"]):
            carry, outputs = model.model(carry=carry, batch=batch)
            steps.append(dict(logits=outputs["logits"], q_halt=outputs["q_halt_logits"]))
        assert bool(carry.halted.all()), "eval mode runs exactly halt_max_steps steps"
    return steps


steps32 = run("float32")
trm_module.rms_norm = lambda h, variance_epsilon: h * torch.rsqrt(h.square().mean(-1, keepdim=True) + variance_epsilon)
steps64 = run("float64")
steps = [dict(logits=s["logits"].float().ravel().tolist(), q_halt=s["q_halt"].float().tolist(), answers=s["logits"].argmax(-1).tolist(),
              float32_vs_float64=float((s["logits"].double() - d["logits"].double()).abs().max()))
         for s, d in zip(steps32, steps64)]
json.dump(dict(checkpoint=CHECKPOINT, torch=torch.__version__, tokens=inputs.tolist(), labels=labels.tolist(), puzzle_ids=ids.tolist(),
               seq_len=meta["seq_len"], vocab_size=meta["vocab_size"], steps=steps), open(OUT, "w"))
print(f"official forward: {len(inputs)} puzzles x {len(steps)} steps -> {OUT}; max |official float32 - float64| logits per step: "
      + " / ".join(f"{s['float32_vs_float64']:.1e}" for s in steps))
