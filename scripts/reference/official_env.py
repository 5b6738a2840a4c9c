"""Stand-ins for the four packages the official pretrain.py imports that Debian 12 does not package, so that
pretrain.py (patched by patch_torch113.py and patch_pretrain_cpu.py, in a copy under /tmp) runs here
unchanged in its training logic. Import this module before pretrain. Written for trm-puzzles; no official code.

  adam_atan2  AdamATan2: the pip package is a CUDA extension. This is its update in plain torch, the same
              formula as server/src/trm/train/adamw.ts (decoupled decay, then
              p -= lr / bc1 * atan2(m, sqrt(v) / sqrt(bc2))).
  wandb       init / log / finish / Settings; `run` is set by init so that pretrain.py's save_code_and_config
              writes all_config.yaml beside the checkpoints; log prints one JSON line per call.
  coolname    generate_slug, for the default run name.
  hydra       main(config_path, config_name): composes config/<name>.yaml with its defaults list
              (`- arch: trm`, `- _self_`) and the command line's `key=value` / `+key=value` overrides
              (dotted keys, values read as YAML), resolved by omegaconf (python3-omegaconf), the
              composition hydra does for these files.
"""
import json
import math
import os
import sys
import types

import torch
import yaml


class AdamATan2(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.99), weight_decay=1e-2):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                state["step"] += 1
                t = state["step"]
                m, v = state["exp_avg"], state["exp_avg_sq"]
                p.mul_(1 - lr * wd)
                m.mul_(beta1).add_(p.grad, alpha=1 - beta1)
                v.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                bc1, bc2 = 1 - beta1 ** t, 1 - beta2 ** t
                p.add_(torch.atan2(m, v.sqrt() / math.sqrt(bc2)), alpha=-lr / bc1)


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


class _Run:
    def log_code(self, path):
        pass


def _wandb_init(**kwargs):
    sys.modules["wandb"].run = _Run()


def _wandb_log(metrics, step=None):
    clean = {k: (float(v) if hasattr(v, "__float__") else v) for k, v in metrics.items()}
    print("wandb.log " + json.dumps({"step": step, **clean}, default=str), flush=True)


def _parse_override(arg):
    key, _, value = arg.lstrip("+").partition("=")
    return key, yaml.safe_load(value) if value != "" else None


def _compose(config_dir, config_name, overrides):
    from omegaconf import OmegaConf

    with open(os.path.join(config_dir, config_name + ".yaml")) as f:
        primary = yaml.safe_load(f)
    defaults = primary.pop("defaults", [])
    primary.pop("hydra", None)
    cfg = {}
    for entry in defaults:
        if entry == "_self_":
            cfg.update(primary)
            continue
        ((group, option),) = entry.items()
        for key, value in overrides:
            if key == group:
                option = value
        with open(os.path.join(config_dir, group, f"{option}.yaml")) as f:
            cfg[group] = yaml.safe_load(f)
    conf = OmegaConf.create(cfg)
    groups = {next(iter(e)) for e in defaults if isinstance(e, dict)}
    for key, value in overrides:
        if key not in groups:  # `arch=trm` chose the group's file above
            OmegaConf.update(conf, key, value, merge=False, force_add=True)
    return OmegaConf.to_container(conf, resolve=True)


def _hydra_main(config_path=None, config_name=None, version_base=None):
    def decorator(fn):
        def wrapper():
            here = os.getcwd()  # run-official-pretrain.py runs pretrain.py from its own folder
            overrides = [_parse_override(a) for a in sys.argv[1:]]
            return fn(_compose(os.path.join(here, config_path), config_name, overrides))

        return wrapper

    return decorator


def install():
    _module("adam_atan2", AdamATan2=AdamATan2)
    _module("wandb", run=None, init=_wandb_init, log=_wandb_log, finish=lambda: None, Settings=lambda **k: k)
    _module("coolname", generate_slug=lambda n=2: "cpu-run")
    _module("hydra", main=_hydra_main)


install()
