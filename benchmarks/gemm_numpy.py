"""GFLOP/s of NumPy's matmul (float64 or float32: its BLAS's DGEMM or SGEMM) for the GEMM cases read from stdin.

Input: lines NAME<TAB>m<TAB>n<TAB>k<TAB>layout<TAB>label, as printed by
dev.fluxion.bench.GemmThroughput --list (layout NN: A @ B; TN: A.T @ B with A stored k x m;
NT: A @ B.T with B stored n x k; NumPy hands the transpose to BLAS, no copy).
Output: NAME<TAB>GFLOP/s per case, timed like GemmThroughput: warm up, then the best of several
batches of back-to-back products, 2mnk operations per product.
Usage: gemm_numpy.py [--quick] [--dtype float64|float32] < cases; gemm_numpy.py --info prints NumPy's
version and BLAS.
"""
import sys
import time

import numpy as np


def operands(m, n, k, layout, rng, dtype):
    a = rng.standard_normal((k, m) if layout == "TN" else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if layout == "NT" else (k, n)).astype(dtype)
    if layout == "TN":
        return a.T, b
    if layout == "NT":
        return a, b.T
    return a, b


def gflops(m, n, k, layout, dtype, warm_s, batches, batch_s):
    a, b = operands(m, n, k, layout, np.random.default_rng(42), dtype)
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < warm_s:
        a @ b
        reps += 1
    per_product = (time.perf_counter() - t0) / max(1, reps)
    per_batch = max(1, int(np.ceil(batch_s / per_product)))
    best = float("inf")
    for _ in range(batches):
        s = time.perf_counter()
        for _ in range(per_batch):
            a @ b
        best = min(best, (time.perf_counter() - s) / per_batch)
    return 2.0 * m * n * k / best / 1e9


def info():
    """One line: NumPy version and the BLAS library it has loaded."""
    np.ones((2, 2)) @ np.ones((2, 2))
    with open("/proc/self/maps") as maps:
        libs = sorted({l.split()[-1] for l in maps if "blas" in l.lower() and l.split()[-1].startswith("/")})
    blas = next((l for l in libs if "openblas" in l.rsplit("/", 1)[-1].lower()), libs[0] if libs else "unknown BLAS")
    print(f"numpy {np.__version__}, {blas}")


def main():
    if "--info" in sys.argv[1:]:
        info()
        return
    args = sys.argv[1:]
    quick = "--quick" in args
    dtype = args[args.index("--dtype") + 1] if "--dtype" in args else "float64"
    if dtype not in ("float64", "float32"):
        sys.exit(f"gemm_numpy.py: unknown dtype {dtype} (use float64 or float32)")
    warm_s, batches, batch_s = (0.3, 5, 0.1) if quick else (1.5, 10, 0.2)
    for line in sys.stdin:
        if not line.strip():
            continue
        name, m, n, k, layout = line.rstrip("\n").split("\t")[:5]
        g = gflops(int(m), int(n), int(k), layout, np.dtype(dtype), warm_s, batches, batch_s)
        print(f"{name}\t{g:.3f}", flush=True)


if __name__ == "__main__":
    main()
