"""PyTorch yardstick for `npm run bench:pytorch`: the same TRM as server/src/trm/model/architecture.ts, written
after the reference (SamsungSAILMontreal/TinyRecursiveModels, models/recursive_reasoning/trm.py), timed on
the CPU with the same batch and threads. Only a yardstick: never part of `npm test` or CI.

Usage: /usr/bin/python3 bench/pytorch/trm_yardstick.py '{"seqLen": 81, ...}'   (prints one JSON line)
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


def rms_norm(x, eps):
    return x * torch.rsqrt(x.square().mean(-1, keepdim=True) + eps)


def find_multiple(a, b):
    return (-(a // -b)) * b


class SwiGLU(nn.Module):
    def __init__(self, hidden, expansion):
        super().__init__()
        inter = find_multiple(round(expansion * hidden * 2 / 3), 256)
        self.gate_up_proj = nn.Linear(hidden, inter * 2, bias=False)
        self.down_proj = nn.Linear(inter, hidden, bias=False)

    def forward(self, x):
        gate, up = self.gate_up_proj(x).chunk(2, dim=-1)
        return self.down_proj(F.silu(gate) * up)


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class Attention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads = heads
        self.head_dim = hidden // heads
        self.qkv_proj = nn.Linear(hidden, 3 * hidden, bias=False)
        self.o_proj = nn.Linear(hidden, hidden, bias=False)

    def forward(self, x, cos, sin):
        b, l, d = x.shape
        qkv = self.qkv_proj(x).view(b, l, 3 * self.heads, self.head_dim)
        q, k, v = qkv[:, :, : self.heads], qkv[:, :, self.heads : 2 * self.heads], qkv[:, :, 2 * self.heads :]
        q = q * cos.unsqueeze(-2) + rotate_half(q) * sin.unsqueeze(-2)
        k = k * cos.unsqueeze(-2) + rotate_half(k) * sin.unsqueeze(-2)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        out = F.scaled_dot_product_attention(q, k, v) if hasattr(F, "scaled_dot_product_attention") else torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.head_dim), -1) @ v
        return self.o_proj(out.transpose(1, 2).reshape(b, l, d))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        if c["mixer"] == "mlp_t":
            self.mlp_t = SwiGLU(c["seqLen"], c["expansion"])
        else:
            self.self_attn = Attention(c["hiddenSize"], c["numHeads"])
        self.mlp = SwiGLU(c["hiddenSize"], c["expansion"])

    def forward(self, h, cos, sin):
        eps = 1e-5
        if self.c["mixer"] == "mlp_t":
            h = h.transpose(1, 2)
            h = rms_norm(h + self.mlp_t(h), eps).transpose(1, 2)
        else:
            h = rms_norm(h + self.self_attn(h, cos, sin), eps)
        return rms_norm(h + self.mlp(h), eps)


class TRM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        d = c["hiddenSize"]
        self.embed_tokens = nn.Embedding(c["vocabSize"], d)
        self.lm_head = nn.Linear(d, c["vocabSize"], bias=False)
        self.q_head = nn.Linear(d, 2, bias=True)
        self.layers = nn.ModuleList([Block(c) for _ in range(c.get("lLayers", 2))])
        self.H_init = nn.Parameter(torch.randn(d), requires_grad=False)
        self.L_init = nn.Parameter(torch.randn(d), requires_grad=False)
        hd = d // c["numHeads"]
        inv = 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))
        freqs = torch.outer(torch.arange(c["seqLen"]).float(), inv)
        emb = torch.cat((freqs, freqs), -1)
        self.cos, self.sin = emb.cos(), emb.sin()

    def net(self, h, injection):
        h = h + injection
        for layer in self.layers:
            h = layer(h, self.cos, self.sin)
        return h

    def forward(self, tokens, y, z):
        x = math.sqrt(self.c["hiddenSize"]) * self.embed_tokens(tokens)
        with torch.no_grad():
            for _ in range(self.c["hCycles"] - 1):
                for _ in range(self.c["lCycles"]):
                    z = self.net(z, y + x)
                y = self.net(y, z)
        for _ in range(self.c["lCycles"]):
            z = self.net(z, y + x)
        y = self.net(y, z)
        return y.detach(), z.detach(), self.lm_head(y), self.q_head(y[:, 0])[..., 0]


def median_ms(fn, runs, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    c = json.loads(sys.argv[1])
    torch.set_num_threads(c.get("threads", 2))
    torch.manual_seed(0)
    model = TRM(c)
    b, s, d, v = c["batch"], c["seqLen"], c["hiddenSize"], c["vocabSize"]
    tokens = torch.randint(0, v, (b, s))
    labels = torch.randint(1, v, (b, s))
    y = model.H_init.expand(b, s, d).clone()
    z = model.L_init.expand(b, s, d).clone()
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": torch.__config__.show().count("OpenBLAS") > 0}
    if c.get("mode", "train") == "train":
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1)

        def step():
            _, _, logits, q = model(tokens, y, z)
            lm = F.cross_entropy(logits.reshape(-1, v), labels.reshape(-1), reduction="none").view(b, s).mean(-1).sum()
            exact = (logits.argmax(-1) == labels).all(-1).float()
            loss = (lm + 0.5 * F.binary_cross_entropy_with_logits(q, exact, reduction="sum")) / b
            opt.zero_grad()
            loss.backward()
            opt.step()

        result["msPerTrainStep"] = median_ms(step, c.get("runs", 5))
    else:
        with torch.no_grad():
            result["msPerSupervisionStep"] = median_ms(lambda: model(tokens, y, z), c.get("runs", 10))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
