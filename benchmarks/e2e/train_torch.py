#!/usr/bin/python3
"""The PyTorch side of the end-to-end comparison (see benchmarks/e2e/README.md).

Trains model a, b or c on Fashion-MNIST in --dtype (float32 by default) with --threads threads (default 2), from
the initial weights
Fluxion wrote (--init), in the batch order of the shared SplitMix64 + Fisher-Yates permutation,
and prints one JSON line per epoch and a final summary line, like dev.fluxion.bench.e2e.TrainRun.

    train_torch.py --model a|b|c --init FILE [--epochs N] [--seed S] [--data DIR] [--limit N]
                   [--test-limit N] [--max-steps N] [--lr X] [--synthetic N] [--losses K] [--threads N]
                   [--dtype float32|float64]

The epoch time covers the training loop only (batch gathering, forward, backward, optimizer step),
not loading, shuffling or evaluation. Exit status 2 for missing torch, data or init file.
"""
import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError as e:  # one clear line, as the comparison script expects
    print(f"train_torch.py: needs numpy and torch ({e}); e.g. apt-get install python3-torch", file=sys.stderr)
    sys.exit(2)

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"
EVAL_BATCH = 500

# name -> (batch size, optimizer, learning rate, example shape); as in Models.java
MODELS = {
    "a": (64, "sgd", 0.1, (784,)),
    "b": (128, "adam", 1e-3, (784,)),
    "c": (64, "sgd", 0.05, (1, 28, 28)),
}


def build(name):
    """The model; nn.Sequential indices equal Fluxion's Sequential indices (0.w -> 0.weight)."""
    if name == "a":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "b":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(784, 10))


def splitmix_permutation(n, seed, epoch):
    """Fisher-Yates from the last index down with SplitMix64 seeded by seed + epoch (SplitMix.java)."""
    p = list(range(n))
    state = (seed + epoch) & MASK
    for i in range(n - 1, 0, -1):
        state = (state + GAMMA) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        j = z % (i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def train_epochs(args, n, batches, batch, opt, batch_loss):
    """The training loop shared with train_lm_torch.py: per epoch, the SplitMix64 permutation of n examples
    (seed + epoch) cut into `batches` batches of `batch` (at most --max-steps), one optimizer step per batch
    on batch_loss(indices), and one JSON line; returns (the first --losses step losses, seconds per epoch, steps)."""
    if args.max_steps > 0:
        batches = min(batches, args.max_steps)
    losses, seconds, steps = [], [], 0
    for epoch in range(args.epochs):
        perm = torch.tensor(splitmix_permutation(n, args.seed, epoch), dtype=torch.int64)
        loss_sum = 0.0
        start = time.perf_counter()
        for b in range(batches):
            opt.zero_grad(set_to_none=True)
            loss = batch_loss(perm[b * batch:(b + 1) * batch])
            loss.backward()
            opt.step()
            value = loss.item()
            loss_sum += value
            if len(losses) < args.losses:
                losses.append(value)
            steps += 1
        seconds.append(time.perf_counter() - start)
        print(json.dumps({"epoch": epoch + 1, "seconds": seconds[-1], "train_loss": loss_sum / batches,
                          "steps": batches}), flush=True)
    return losses, seconds, steps


def read_safetensors(path):
    """{name: array} from a safetensors file (JSON header; F64 or F32 little-endian)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        kind = {"F64": "<f8", "F32": "<f4"}.get(e["dtype"])
        if kind is None:
            raise ValueError(f"{path}: tensor {name} is {e['dtype']}, expected F64 or F32")
        b, end = e["data_offsets"]
        width = np.dtype(kind).itemsize
        out[name] = np.frombuffer(raw, dtype=kind, count=(end - b) // width, offset=8 + n + b).reshape(e["shape"])
    return out


def load_init(model, path):
    """Copies Fluxion's parameters into the model: Dense w [in, out] is transposed to Linear's [out, in]."""
    tensors = read_safetensors(path)
    targets = dict(model.named_parameters())
    if len(tensors) != len(targets):
        raise ValueError(f"{path}: {len(tensors)} tensors for {len(targets)} parameters")
    with torch.no_grad():
        for name, a in tensors.items():
            index, leaf = name.split(".")
            layer = model[int(index)]
            p = targets[index + (".weight" if leaf == "w" else ".bias")]
            t = torch.from_numpy(a.copy())
            if leaf == "w" and isinstance(layer, nn.Linear):
                t = t.t()
            if tuple(t.shape) != tuple(p.shape):
                raise ValueError(f"{path}: {name} has shape {tuple(t.shape)}, the model expects {tuple(p.shape)}")
            p.copy_(t)


def read_idx(path):
    """An IDX file (plain or .gz) as a uint8 array of its shape."""
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        raw = f.read()
    rank = raw[3]
    dims = struct.unpack(">" + "I" * rank, raw[4:4 + 4 * rank])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def find(directory, stem):
    """The path of stem in directory, plain or .gz, with '-idx' or '.idx' (as nn's Mnist accepts)."""
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        p = os.path.join(directory, name)
        if os.path.isfile(p):
            return p
    raise FileNotFoundError(f"no {stem}[.gz] in {directory}")


def load(args):
    """(x_train, y_train, x_test, y_test): images [n, 28, 28] in [0, 1] in args.dtype, int64 labels."""
    if args.synthetic > 0:
        g = torch.Generator().manual_seed(args.seed)
        n = args.synthetic
        y = torch.arange(n) % 10
        return torch.rand(n, 28, 28, generator=g), y, torch.rand(n, 28, 28, generator=g), y.clone()
    parts = []
    for prefix in ("train", "t10k"):
        x = read_idx(find(args.data, f"{prefix}-images-idx3-ubyte"))
        y = read_idx(find(args.data, f"{prefix}-labels-idx1-ubyte"))
        limit = args.limit if prefix == "train" else args.test_limit
        if limit > 0:
            x, y = x[:limit], y[:limit]
        x = x.astype(args.dtype)
        x /= x.dtype.type(255)  # in place: no second copy at the peak; rounded once, as Fluxion's Mnist.load then cast
        parts += [torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))]
    return tuple(parts)


def main():
    """Parses the options, trains, evaluates and prints the JSON lines."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, choices=sorted(MODELS))
    ap.add_argument("--init", required=True, help="the initial parameters written by TrainRun --init-out")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--test-limit", type=int, default=0)
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--losses", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default %(default)s)")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                    help="the dtype of parameters, data and training (default %(default)s)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_default_dtype(getattr(torch, args.dtype))
    batch, opt_name, lr, shape = MODELS[args.model]
    lr = args.lr if args.lr is not None else lr

    t0 = time.perf_counter()
    try:
        x_train, y_train, x_test, y_test = load(args)
    except (OSError, ValueError) as e:
        print(f"train_torch.py: cannot load Fashion-MNIST from {args.data}: {e}", file=sys.stderr)
        sys.exit(2)
    x_train = x_train.reshape(len(x_train), *shape)
    x_test = x_test.reshape(len(x_test), *shape)
    load_seconds = time.perf_counter() - t0

    model = build(args.model)
    try:
        load_init(model, args.init)
    except (OSError, ValueError) as e:
        print(f"train_torch.py: cannot load the initial parameters: {e}", file=sys.stderr)
        sys.exit(2)
    if opt_name == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    n = len(x_train)
    model.train()

    def batch_loss(idx):
        return loss_fn(model(x_train[idx]), y_train[idx])

    losses, seconds, steps = train_epochs(args, n, (n + batch - 1) // batch, batch, opt, batch_loss)

    model.eval()
    correct = 0
    with torch.no_grad():
        for s in range(0, len(x_test), EVAL_BATCH):
            correct += (model(x_test[s:s + EVAL_BATCH]).argmax(1) == y_test[s:s + EVAL_BATCH]).sum().item()
    print(json.dumps({
        "side": "pytorch", "model": args.model, "epochs": args.epochs, "batch_size": batch, "optimizer": opt_name,
        "lr": lr, "dtype": args.dtype, "train_images": n, "test_images": len(x_test), "steps": steps, "load_seconds": load_seconds,
        "epoch_seconds": seconds, "test_accuracy": correct / max(1, len(x_test)), "losses": losses,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "torch": torch.__version__,
        "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
