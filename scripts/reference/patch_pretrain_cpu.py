"""Makes the official pretrain.py of an exported TinyRecursiveModels tree run on this machine: Debian 12's
torch 1.13 on the CPU and pydantic 1.10, in place, in a copy under /tmp (never in this repository).

Each change is a text substitution that must match exactly the expected number of times, so a changed
upstream file fails loudly instead of being patched wrongly. What and why:
  - pydantic 2's API (ConfigDict, __pydantic_extra__, model_dump) -> pydantic 1's (class Config, the extra
    fields of __dict__, dict()): Debian 12 packages pydantic 1.10 only.
  - `.cuda()`, `torch.device("cuda")` as a context manager (torch >= 2.0), device="cuda", map_location="cuda"
    -> the CPU: there is no GPU here, and torch 1.13 has no device context manager.
  - models/sparse_embedding.py's optimiser step indexes the table with the int32 ids: torch 1.13 wants
    int64 (`.long()`; patch_torch113.py does the same for the forward pass).
The training logic (losses, optimisers, lr schedule, EMA, carry, checkpoints) is untouched. The packages that
are not in Debian (hydra, wandb, coolname, adam_atan2) are stood in for by official_env.py at run time.

Usage: /usr/bin/python3 scripts/reference/patch_pretrain_cpu.py /tmp/trm-ref   (after patch_torch113.py)
"""
import pathlib
import sys

MARK = "# patched for the CPU and pydantic 1 by trm-puzzles scripts/reference/patch_pretrain_cpu.py\n"

PYDANTIC_EXTRA = '''

def _pydantic_extra(model):
    # pydantic 1 keeps the fields a model allows beyond its declared ones in __dict__.
    return {k: v for k, v in model.__dict__.items() if k not in model.__fields__}
'''

PRETRAIN = [
    # (old, new, expected count)
    ("from omegaconf import DictConfig\n", "from omegaconf import DictConfig\nimport contextlib\n" + PYDANTIC_EXTRA, 1),
    ("    model_config = pydantic.ConfigDict(extra='allow')\n", "    class Config:\n        extra = 'allow'\n", 2),
    ('    model_config = pydantic.ConfigDict(extra="allow")\n', "    class Config:\n        extra = 'allow'\n", 1),
    ("**config.arch.__pydantic_extra__,", "**_pydantic_extra(config.arch),", 1),
    ("**config.arch.loss.__pydantic_extra__)", "**_pydantic_extra(config.arch.loss))", 1),
    ("**cfg.__pydantic_extra__", "**_pydantic_extra(cfg)", 1),
    ("config.model_dump()", "config.dict()", 2),
    ("batch = {k: v.cuda() for k, v in batch.items()}", "batch = {k: v.cpu() for k, v in batch.items()}", 2),
    ('with torch.device("cuda"):', "with contextlib.nullcontext():", 3),
    ('dtype=torch.float32, device="cuda"', 'dtype=torch.float32, device="cpu"', 1),
    ('map_location="cuda"', 'map_location="cpu"', 1),
]


SPARSE_EMBEDDING = [
    ("    p = weights[grad_ids]\n", "    p = weights[grad_ids.long()]\n", 1),
    ("    weights[grad_ids] = p\n", "    weights[grad_ids.long()] = p\n", 1),
]

PATCHES = {"pretrain.py": PRETRAIN, "models/sparse_embedding.py": SPARSE_EMBEDDING}


def main(root: str) -> None:
    for rel, substitutions in PATCHES.items():
        path = pathlib.Path(root, rel)
        text = path.read_text()
        if MARK in text:
            continue
        for old, new, expected in substitutions:
            count = text.count(old)
            if count != expected:
                sys.exit(f"{rel}: expected {expected} of {old[:70]!r}, found {count}")
            text = text.replace(old, new)
        path.write_text(MARK + text)
    print(f"patched {root} for the CPU and pydantic 1")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/trm-ref")
