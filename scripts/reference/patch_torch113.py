"""Makes an exported copy of the official TinyRecursiveModels tree run on Debian's torch 1.13 (CPU), in place.

The changes are the ones ../shared/REFERENCE-NOTES.md lists (and puzzle_dataset.py's unused argdantic import); each is a text substitution that must match
exactly once, so a changed upstream file fails loudly instead of being patched wrongly. Only for a copy under
/tmp: the official code is never copied into this repository.

Usage: /usr/bin/python3 scripts/reference/patch_torch113.py /tmp/trm-ref
"""
import pathlib
import sys

SDPA_FALLBACK = '''
def scaled_dot_product_attention(query, key, value, is_causal=False):
    assert not is_causal
    scores = torch.matmul(query, key.transpose(-1, -2)) / (query.shape[-1] ** 0.5)
    return torch.matmul(torch.softmax(scores, dim=-1), value)
'''

PATCHES = {
    "models/layers.py": [
        ("import einops\n", ""),
        ("from torch.nn.functional import scaled_dot_product_attention\n", SDPA_FALLBACK),
        ("einops.rearrange(t, 'B S H D -> B H S D')", "t.transpose(1, 2)"),
        ("einops.rearrange(attn_output, 'B H S D -> B S H D')", "attn_output.transpose(1, 2)"),
        ("attn_output = attn_output.view(batch_size, seq_len, self.output_size)", "attn_output = attn_output.reshape(batch_size, seq_len, self.output_size)"),
        ("self.cos_cached = nn.Buffer(emb.cos(), persistent=False)", "self.register_buffer('cos_cached', emb.cos(), persistent=False)"),
        ("self.sin_cached = nn.Buffer(emb.sin(), persistent=False)", "self.register_buffer('sin_cached', emb.sin(), persistent=False)"),
    ],
    "models/sparse_embedding.py": [
        ("from torch.optim.optimizer import Optimizer, ParamsT", "from torch.optim.optimizer import Optimizer\nParamsT = object"),
        ("self.weights = nn.Buffer(\n            trunc_normal_init_(torch.empty((num_embeddings, embedding_dim)), std=init_std), persistent=True\n        )",
         "self.register_buffer('weights', trunc_normal_init_(torch.empty((num_embeddings, embedding_dim)), std=init_std), persistent=True)"),
        ("self.local_weights = nn.Buffer(torch.zeros(batch_size, embedding_dim, requires_grad=True), persistent=False)",
         "self.register_buffer('local_weights', torch.zeros(batch_size, embedding_dim, requires_grad=True), persistent=False)"),
        ("self.local_ids = nn.Buffer(torch.zeros(batch_size, dtype=torch.int32), persistent=False)",
         "self.register_buffer('local_ids', torch.zeros(batch_size, dtype=torch.int32), persistent=False)"),
        ("return self.weights[inputs].to(self.cast_to)", "return self.weights[inputs.long()].to(self.cast_to)"),
        ("self.local_weights.copy_(self.weights[inputs])", "self.local_weights.copy_(self.weights[inputs.long()])"),
        ("    @torch.no_grad\n", "    @torch.no_grad()\n"),
    ],
    # argdantic is not packaged in Debian, and the loader never uses it.
    "puzzle_dataset.py": [
        ("from argdantic import ArgParser\n", ""),
    ],
    # argdantic (its command-line parser) and numba (a jit for _crop) are not packaged in Debian.
    "dataset/build_arc_dataset.py": [
        ("from argdantic import ArgParser\n",
         "class ArgParser:\n    def command(self, *a, **k):\n        return lambda f: f\n    def __call__(self):\n        pass\n"),
    ],
    "evaluators/arc.py": [
        ("from numba import njit\n", "def njit(f):\n    return f\n"),
    ],
    "models/recursive_reasoning/trm.py": [
        ("self.H_init = nn.Buffer(trunc_normal_init_(torch.empty(self.config.hidden_size, dtype=self.forward_dtype), std=1), persistent=True)",
         "self.register_buffer('H_init', trunc_normal_init_(torch.empty(self.config.hidden_size, dtype=self.forward_dtype), std=1), persistent=True)"),
        ("self.L_init = nn.Buffer(trunc_normal_init_(torch.empty(self.config.hidden_size, dtype=self.forward_dtype), std=1), persistent=True)",
         "self.register_buffer('L_init', trunc_normal_init_(torch.empty(self.config.hidden_size, dtype=self.forward_dtype), std=1), persistent=True)"),
    ],
}


def main(root: str) -> None:
    for rel, subs in PATCHES.items():
        path = pathlib.Path(root, rel)
        text = path.read_text()
        if "patched for torch 1.13" in text:
            continue
        for old, new in subs:
            count = text.count(old)
            if count != 1:
                sys.exit(f"{rel}: expected the text to patch exactly once, found {count}: {old[:70]!r}")
            text = text.replace(old, new)
        path.write_text("# patched for torch 1.13 by trm-puzzles scripts/reference/patch_torch113.py\n" + text)
    print(f"patched {root} for torch 1.13")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/trm-ref")
