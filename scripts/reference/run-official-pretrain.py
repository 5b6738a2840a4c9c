"""Runs the official pretrain.py (a copy under /tmp patched by patch_torch113.py and patch_pretrain_cpu.py) with
the command line given, as `python pretrain.py ARGS...` would, after official_env.py has stood in for the
packages Debian does not have (hydra, wandb, coolname, adam_atan2). torch.compile is off (torch 1.13 has
none). Usage:
  /usr/bin/python3 scripts/reference/run-official-pretrain.py REF_DIR [hydra overrides...]
"""
import os
import runpy
import sys

ref = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import official_env  # noqa: E402,F401

os.environ["DISABLE_COMPILE"] = "1"
os.chdir(ref)
sys.path.insert(0, ref)
sys.argv = [os.path.join(ref, "pretrain.py")] + sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
