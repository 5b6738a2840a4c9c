"""Builds test/fixtures/reference-train-step/: three optimiser steps of the OFFICIAL training code on a small
TRM with the paper's layout (RoPE attention, a 16-position puzzle-embedding prefix, ndim = D), recorded so that
test/trm/train/reference-step.test.ts can replay them through this project's training step without torch.

Everything that trains is pretrain.py's own: init_train_state (the model, torch.compile off, the optimiser
set-up: CastedSparseEmbeddingSignSGD_Distributed on the puzzle embedding with puzzle_emb_lr and
puzzle_emb_weight_decay, AdamATan2 on the parameters), train_batch (carry, ACT loss / global batch size,
backward, compute_lr's warm-up and cosine schedule for both optimisers), and EMAHelper as launch() uses it.
AdamATan2 itself is official_env.py's plain-torch stand-in (the pip package is a CUDA extension).

To make every part visible, unlike the paper's defaults: the puzzle-embedding table and q_head start random
(q_halt near 0, so some sequences halt and are replaced between steps), 4 embedding rows of which the first
batch leaves one unused, lr_warmup_steps 2 and lr_min_ratio 0.5 with 4 total steps (step 1 warms up, step 2
is at the peak, step 3 on the cosine), EMA rate 0.9.

Recorded: the initial state_dict, per step the batch as the model saw it (carry.current_data), the reset flags
(carry.halted before the step), both learning rates, the loss parts, logits, q_halt, the carried z_H / z_L
and the puzzle-embedding table after the step, and after the last step every weight and its EMA.

Needs torch and the official tree patched (make-train-step-fixture.sh). Usage:
  /usr/bin/python3 scripts/reference/make-train-step-fixture.py REF_DIR OUT_DIR
"""
import json
import os
import sys

import numpy as np
import torch

REF, OUT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REF)
os.environ["DISABLE_COMPILE"] = "1"
os.chdir(REF)

import official_env  # noqa: E402,F401  (stand-ins for hydra, wandb, coolname, adam_atan2)
import pretrain  # noqa: E402  (the official training code)
from dataset.common import PuzzleDatasetMetadata  # noqa: E402
from models.ema import EMAHelper  # noqa: E402

B, S, VOCAB, IDS, STEPS = 6, 16, 6, 4, 3
ARCH = dict(
    name="recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1",
    loss=dict(name="losses@ACTLossHead", loss_type="stablemax_cross_entropy"),
    halt_exploration_prob=0.5,
    halt_max_steps=3,
    H_cycles=2,
    L_cycles=2,
    H_layers=0,
    L_layers=1,
    hidden_size=16,
    num_heads=2,
    expansion=2,
    puzzle_emb_ndim=16,
    pos_encodings="rope",
    forward_dtype="float32",
    mlp_t=False,
    puzzle_emb_len=16,
    no_ACT_continue=True,
)
CONFIG = dict(
    arch=ARCH,
    data_paths=["unused"],
    global_batch_size=B,
    epochs=3,
    lr=1e-2,
    lr_min_ratio=0.5,
    lr_warmup_steps=2,
    beta1=0.9,
    beta2=0.95,
    weight_decay=0.5,
    puzzle_emb_weight_decay=0.3,
    puzzle_emb_lr=5e-2,
    ema=True,
    ema_rate=0.9,
)
# total_steps = epochs * total_groups * mean_puzzle_examples / global_batch_size = 3 * 8 / 6 = 4
METADATA = PuzzleDatasetMetadata(
    pad_id=0, ignore_label_id=0, blank_identifier_id=0, vocab_size=VOCAB, seq_len=S, num_puzzle_identifiers=IDS,
    total_groups=8, mean_puzzle_examples=1, total_puzzles=8, sets=["all"],
)
BATCH_IDS = [[1, 1, 3, 0, 1, 3], [2, 2, 1, 3, 0, 0], [3, 1, 1, 1, 2, 0]]

torch.manual_seed(0)
config = pretrain.PretrainConfig(**CONFIG)
state = pretrain.init_train_state(config, METADATA, rank=0, world_size=1)
model = state.model
inner = model.model.inner
with torch.no_grad():
    inner.puzzle_emb.weights.copy_(torch.randn(IDS, ARCH["puzzle_emb_ndim"]) * 0.5)
    inner.q_head.weight.normal_(0, 0.5)
    inner.q_head.bias.zero_()
ema = EMAHelper(mu=config.ema_rate)
ema.register(model)
model.train()

captured = {}


def capture(module, args, output):
    new_carry, logits, (q_halt, _) = output
    captured.update(logits=logits.detach().clone(), q_halt=q_halt.detach().clone(), z_H=new_carry.z_H.clone(), z_L=new_carry.z_L.clone())


inner.register_forward_hook(capture)

blobs = {}


def put(name, tensor):
    # A copy: numpy() shares the storage, which the optimisers then update in place.
    blobs[name] = tensor.detach().to(torch.float32).contiguous().numpy().ravel().copy()


def weights(prefix, module_state):
    for key, value in module_state.items():
        put(f"{prefix}/{key.removeprefix('model.inner.')}", value)


weights("initial", model.state_dict())
gen = torch.Generator().manual_seed(1)
steps = []
for t in range(STEPS):
    inputs = torch.randint(1, VOCAB, (B, S), generator=gen, dtype=torch.int32)
    labels = torch.randint(2, VOCAB, (B, S), generator=gen, dtype=torch.int32)
    labels[torch.rand(B, S, generator=gen) < 0.25] = -100
    batch = dict(inputs=inputs, labels=labels, puzzle_identifiers=torch.tensor(BATCH_IDS[t], dtype=torch.int32))
    reset = [True] * B if state.carry is None else state.carry.halted.tolist()
    metrics = pretrain.train_batch(config, state, batch, B, rank=0, world_size=1)
    ema.update(model)
    lrs = [pretrain.compute_lr(base, config, state) for base in state.optimizer_lrs]
    data = state.carry.current_data
    put(f"step{t + 1}/logits", captured["logits"])
    put(f"step{t + 1}/z_H", captured["z_H"])
    put(f"step{t + 1}/z_L", captured["z_L"])
    put(f"step{t + 1}/puzzle_emb.weights", inner.puzzle_emb.weights)
    steps.append(dict(
        step=state.step,
        reset=reset,
        inputs=data["inputs"].ravel().tolist(),
        # The reference's ignored label is -100; this project's is 0.
        labels=torch.where(data["labels"] == -100, 0, data["labels"]).ravel().tolist(),
        puzzle_ids=data["puzzle_identifiers"].tolist(),
        puzzle_emb_lr=lrs[0],
        lr=lrs[1],
        # train_batch's metrics: sums over the batch divided by the global batch size.
        lm_loss=float(metrics["train/lm_loss"]),
        q_halt_loss=float(metrics["train/q_halt_loss"]),
        q_halt=captured["q_halt"].tolist(),
        halted=state.carry.halted.tolist(),
    ))

weights("final", model.state_dict())
for key, value in ema.state_dict().items():
    put(f"ema/{key.removeprefix('model.inner.')}", value)

os.makedirs(OUT, exist_ok=True)
index, offset = {}, 0
with open(os.path.join(OUT, "tensors.bin"), "wb") as f:
    for name, array in blobs.items():
        f.write(array.astype("<f4").tobytes())
        index[name] = [offset, int(array.size)]
        offset += int(array.size)
meta = dict(
    about="3 optimiser steps of the official TinyRecursiveModels pretrain.py (train_batch, its optimisers, EMAHelper) "
          "on torch " + torch.__version__ + "; made by scripts/reference/make-train-step-fixture.sh",
    arch={k: v for k, v in ARCH.items() if k not in ("name", "loss")},
    loss_type=ARCH["loss"]["loss_type"],
    train={k: v for k, v in CONFIG.items() if k not in ("arch", "data_paths")},
    total_steps=state.total_steps,
    batch_size=B, seq_len=S, vocab_size=VOCAB, num_puzzle_identifiers=IDS,
    steps=steps,
    tensors=index,
)
with open(os.path.join(OUT, "steps.json"), "w") as f:
    json.dump(meta, f, indent=1)
print(f"wrote {OUT}: {offset * 4} bytes of tensors, {len(steps)} steps, halted per step "
      + " / ".join(str(sum(s["halted"])) for s in steps))
