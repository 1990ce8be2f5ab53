#!/usr/bin/python3
"""The PyTorch side of the language-model comparison (see benchmarks/e2e/README.md, "Language model").

Trains the character-level decoder-only transformer of dev.fluxion.bench.e2e.LmRun in --dtype (float32
by default) with --threads threads from the initial weights LmRun wrote (--init, safetensors named by
Fluxion's parameter paths) on the token file it wrote (--tokens), in the same batches: windows of T + 1
tokens at stride T, visited in the order of the shared SplitMix64 + Fisher-Yates permutation (seed +
epoch), B windows per batch, the last partial batch dropped. Prints one JSON line per epoch and a
summary line, like LmRun.

    train_lm_torch.py --init FILE --tokens FILE [--epochs N] [--seed S] [--context T] [--heads H]
                      [--batch-size B] [--lr X] [--max-steps N] [--losses K] [--threads N]
                      [--dtype float32|float64]

D, the layers and the vocabulary come from the weights. The model is written with plain tensors in
Fluxion's layout (x @ W + b, W [in, out]): token table gather plus learned positions; per block
h = x + attention(layer_norm1(x)), y = h + fc2(gelu_erf(fc1(layer_norm2(h)))), attention with
separate wq, wk, wv, wo, heads [N, H, T, D/H], scores q k^T / sqrt(D/H), causal; final layer norm
(eps 1e-5); head without bias. The loss is the mean next-token cross-entropy over all N*T positions;
the optimizer torch.optim.Adam (0.9, 0.999, eps 1e-8). The epoch time covers the training loop only
(cutting the batch's windows, forward, backward, optimizer step). Exit status 2 for missing torch or files.
"""
import argparse
import json
import math
import os
import resource
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_torch import read_safetensors, train_epochs  # noqa: E402 (exits 2 without torch)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

EPS = 1e-5


def read_tokens(path):
    """(ids as an int64 tensor, vocabulary size) from a Fluxion token file (TokenFile.java: 32-byte header)."""
    with open(path, "rb") as f:
        raw = f.read()
    magic, version, width, vocabulary, count = struct.unpack("<4siiiq", raw[:24])
    if magic != b"FXTK" or version != 1 or width not in (2, 4):
        raise ValueError(f"{path}: not a version-1 Fluxion token file (magic {magic!r}, version {version}, width {width})")
    ids = np.frombuffer(raw, dtype="<u2" if width == 2 else "<i4", count=count, offset=32)
    return torch.from_numpy(ids.astype(np.int64)), vocabulary


def dense(x, w, b=None):
    """x @ w (+ b) over the last axis: Fluxion's Dense, w [in, out]."""
    flat = x.reshape(-1, x.shape[-1])
    y = flat @ w if b is None else torch.addmm(b, flat, w)
    return y.reshape(*x.shape[:-1], w.shape[1])


def attention(x, p, prefix, heads, causal):
    """Fluxion's MultiHeadAttention: causal self-attention over x [N, T, D]."""
    n, t, d = x.shape

    def split(y):
        return y.reshape(n, t, heads, d // heads).permute(0, 2, 1, 3)

    q = split(dense(x, p[prefix + "wq"], p[prefix + "bq"]))
    k = split(dense(x, p[prefix + "wk"], p[prefix + "bk"]))
    v = split(dense(x, p[prefix + "wv"], p[prefix + "bv"]))
    scores = (q @ k.transpose(-2, -1)) * (1 / math.sqrt(d // heads))
    weights = F.softmax(scores.masked_fill(causal, float("-inf")), dim=-1)
    joined = (weights @ v).permute(0, 2, 1, 3).reshape(n, t, d)
    return dense(joined, p[prefix + "wo"], p[prefix + "bo"])


def forward(p, ids, layers, heads, causal):
    """The logits [N, T, V] of Fluxion's Transformer (dropout 0) for int64 ids [N, T]."""
    t = ids.shape[1]
    d = p["tokens.table"].shape[1]
    h = F.embedding(ids, p["tokens.table"]) + p["positions.table"][:t]
    for i in range(layers):
        b = f"blocks.{i}."
        a = F.layer_norm(h, (d,), p[b + "norm1.gamma"], p[b + "norm1.beta"], EPS)
        h = h + attention(a, p, b + "attention.", heads, causal)
        m = dense(F.layer_norm(h, (d,), p[b + "norm2.gamma"], p[b + "norm2.beta"], EPS), p[b + "fc1.w"], p[b + "fc1.b"])
        h = h + dense(F.gelu(m), p[b + "fc2.w"], p[b + "fc2.b"])
    h = F.layer_norm(h, (d,), p["norm.gamma"], p["norm.beta"], EPS)
    return dense(h, p["head.w"])


def load_params(path, dtype):
    """The trainable tensors by Fluxion path; head.b, which Fluxion's head never uses, must be zero and is left out."""
    params = {}
    for name, a in read_safetensors(path).items():
        t = torch.from_numpy(a.copy()).to(dtype)
        if name == "head.b":
            if torch.count_nonzero(t):
                raise ValueError(f"{path}: head.b is not zero, but the head has no bias")
            continue
        params[name] = t.requires_grad_()
    return params


def main():
    """Parses the options, trains and prints the JSON lines."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--init", required=True, help="the initial parameters written by LmRun --weights-out")
    ap.add_argument("--tokens", required=True, help="the token file written by LmRun --tokens-out")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--context", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--losses", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default %(default)s)")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    torch.set_default_dtype(dtype)
    t0 = time.perf_counter()
    try:
        ids, vocabulary = read_tokens(args.tokens)
        p = load_params(args.init, dtype)
    except (OSError, ValueError) as e:
        print(f"train_lm_torch.py: {e}", file=sys.stderr)
        sys.exit(2)
    layers = sum(1 for name in p if name.endswith(".norm1.gamma"))
    if tuple(p["head.w"].shape)[1] != vocabulary:
        print(f"train_lm_torch.py: the weights' vocabulary {tuple(p['head.w'].shape)} is not the tokens' {vocabulary}",
              file=sys.stderr)
        sys.exit(2)
    load_seconds = time.perf_counter() - t0

    t, b = args.context, args.batch_size
    windows = (len(ids) - t - 1) // t + 1
    offsets = torch.arange(t + 1)
    causal = torch.ones(t, t, dtype=torch.bool).triu(1)
    opt = torch.optim.Adam(p.values(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)

    def batch_loss(windows):
        rows = ids[(windows * t)[:, None] + offsets]
        logits = forward(p, rows[:, :t], layers, args.heads, causal)
        return F.cross_entropy(logits.reshape(-1, vocabulary), rows[:, 1:].reshape(-1))

    losses, seconds, steps = train_epochs(args, windows, windows // b, b, opt, batch_loss)

    print(json.dumps({
        "side": "pytorch", "model": "lm", "epochs": args.epochs, "batch_size": b, "context": t,
        "dim": p["tokens.table"].shape[1], "heads": args.heads, "layers": layers, "vocabulary": vocabulary,
        "tokens": len(ids), "windows": windows, "parameters": sum(v.numel() for v in p.values()), "optimizer": "adam",
        "lr": args.lr, "dtype": args.dtype, "steps": steps, "load_seconds": load_seconds, "epoch_seconds": seconds,
        "losses": losses, "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
