"""Reads a dataset written by `trm export-dataset` with the OFFICIAL TinyRecursiveModels loader
(puzzle_dataset.py, as pretrain.py builds it) and checks what it yields: every test example once, in
order, equal to the .npy files; train batches drawn from the train split; metadata as the builders write it.
Not part of npm test (needs torch and the official code).

Usage: /usr/bin/python3 scripts/reference/check-exported-dataset.py REF_DIR DATASET_DIR
"""
import json
import os
import sys

import numpy as np

REF, DATA = sys.argv[1], sys.argv[2]
sys.path.insert(0, REF)
from puzzle_dataset import PuzzleDataset, PuzzleDatasetConfig  # noqa: E402  (the official code)


def dataset(split, mode):
    cfg = PuzzleDatasetConfig(seed=0, dataset_paths=[DATA], global_batch_size=8, test_set_mode=mode,
                              epochs_per_iter=1, rank=0, num_replicas=1)
    return PuzzleDataset(cfg, split=split)


def main():
    for split in ["train", "test"]:
        meta = json.load(open(os.path.join(DATA, split, "dataset.json")))
        arrays = {k: np.load(os.path.join(DATA, split, f"all__{k}.npy"))
                  for k in ["inputs", "labels", "puzzle_identifiers", "puzzle_indices", "group_indices"]}
        assert arrays["inputs"].shape[1] == meta["seq_len"], "seq_len"
        assert arrays["inputs"].max() < meta["vocab_size"] and arrays["labels"].max() < meta["vocab_size"], "vocab"
        assert arrays["group_indices"][-1] == len(arrays["puzzle_identifiers"]) == meta["total_puzzles"], "groups"
        assert arrays["puzzle_indices"][-1] == len(arrays["inputs"]), "puzzle_indices"

        # Test mode: the official loader walks every example in order.
        ds = dataset(split, True)
        seen = []
        for set_name, batch, n in ds:
            seen.append((batch["inputs"][:n].numpy(), batch["labels"][:n].numpy(), batch["puzzle_identifiers"][:n].numpy()))
        inputs = np.concatenate([s[0] for s in seen])
        labels = np.concatenate([s[1] for s in seen])
        assert (inputs == arrays["inputs"]).all(), f"{split}: inputs differ"
        want_labels = np.where(arrays["labels"] == meta["ignore_label_id"], -100, arrays["labels"])
        assert (labels == want_labels).all(), f"{split}: labels differ"
        assert ds.metadata.vocab_size == meta["vocab_size"] and ds.metadata.seq_len == meta["seq_len"]

        # Train mode: batches of the official sampler, every row one of the stored examples.
        rows = {tuple(r) for r in arrays["inputs"].tolist()}
        batches = 0
        for set_name, batch, n in dataset(split, False):
            for r in batch["inputs"].numpy().tolist():
                assert tuple(r) in rows or all(t == 0 for t in r), f"{split}: a drawn row is not in the split"
            batches += 1
        print(f"{split}: {len(arrays['inputs'])} examples, {meta['total_puzzles']} puzzles, {meta['total_groups']} groups; "
              f"official loader: {len(inputs)} test-mode examples equal to the files, {batches} train-mode batches")
    print("ok")


main()
