"""Per-example gradients in PyTorch (functorch's vmap of grad) against the batch gradient, for the MLP
784-128-10 (ReLU, cross-entropy) on a batch of 64: the peer of Fluxion's VmapBench.

Run: env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/e2e/per_example_torch.py [THREADS]
Prints, per dtype, the median of 7 rounds of 20 calls (after 20 warm-up calls) of each.
"""
import sys
import time

import torch

try:
    from torch.func import functional_call, grad, vmap
except ImportError:  # PyTorch 1.13 (Debian): functorch
    from functorch import grad, vmap
    from torch.nn.utils.stateless import functional_call


def median_seconds(f):
    for _ in range(20):
        f()
    rounds = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(20):
            f()
        rounds.append((time.perf_counter() - t) / 20)
    return sorted(rounds)[3]


def main():
    torch.manual_seed(0)
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    for dtype in (torch.float64, torch.float32):
        model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
        x = torch.randn(64, 784, dtype=dtype)
        y = torch.arange(64) % 10
        params = {k: v.detach() for k, v in model.named_parameters()}

        def one(p, xi, yi):
            return torch.nn.functional.cross_entropy(functional_call(model, p, (xi.unsqueeze(0),)), yi.unsqueeze(0))

        per_example = vmap(grad(one), in_dims=(None, 0, 0))

        def batch():
            model.zero_grad(set_to_none=True)
            torch.nn.functional.cross_entropy(model(x), y).backward()

        b = median_seconds(batch)
        p = median_seconds(lambda: per_example(params, x, y))
        print(f"{str(dtype).replace('torch.', '')}: threads={torch.get_num_threads()} batch gradient {b * 1e3:.3f} ms,"
              f" per-example gradients {p * 1e3:.3f} ms, ratio {p / b:.1f}")


if __name__ == "__main__":
    main()
