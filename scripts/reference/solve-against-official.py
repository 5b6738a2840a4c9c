"""`trm solve --model` on puzzles of an official run's test split, against the official model's own answers
(official-forward.py's JSON): each of the first K puzzles is written as a .sudoku file, solved with
`node dist/cli.js solve FILE --model MODEL --no-verify --all-steps --steps N --trace`, and the answer the trace
prints after every step is compared cell by cell with the official argmax (blank '.', pad '?', digits).
Exits 1 on any difference. For 4x4, 6x6 and 9x9 sudoku models.

Usage: /usr/bin/python3 scripts/reference/solve-against-official.py REPO MODEL.onnx OFFICIAL.json K WORK_DIR
"""
import json
import math
import os
import re
import subprocess
import sys

REPO, MODEL, OFFICIAL, K, WORK = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
official = json.load(open(OFFICIAL))
side = int(math.isqrt(official["seq_len"]))


def symbol(token):
    return "?" if token == 0 else "." if token == 1 else str(token - 1)


differences = 0
for i, tokens in enumerate(official["tokens"][:K]):
    path = os.path.join(WORK, f"test-{i}.sudoku")
    with open(path, "w") as f:
        f.write("\n".join("".join(symbol(t) for t in tokens[r * side:(r + 1) * side]) for r in range(side)) + "\n")
    steps = len(official["steps"])
    run = subprocess.run(["node", os.path.join(REPO, "dist", "cli.js"), "solve", path, "--model", MODEL, "--no-verify", "--all-steps",
                          "--steps", str(steps), "--trace"], capture_output=True, text=True, cwd=REPO)
    if run.returncode != 0:
        sys.exit(f"trm solve failed on {path}: {run.stderr}")
    lines = run.stderr.splitlines()
    for s in range(steps):
        at = next(j for j, line in enumerate(lines) if re.match(rf"-- step {s + 1}:", line))
        ours = " ".join(lines[at + 1:at + 1 + side]).split()
        theirs = [symbol(t) for t in official["steps"][s]["answers"][i]]
        wrong = sum(a != b for a, b in zip(ours, theirs)) + abs(len(ours) - len(theirs))
        differences += wrong
    print(f"{path}: trm solve's answers after each of {steps} steps: {'the official ones' if differences == 0 else f'{differences} cells differ'}")
print(f"trm solve --model: {K} puzzles, {'every step answers as the official model' if differences == 0 else f'{differences} cells differ'}")
sys.exit(1 if differences else 0)
