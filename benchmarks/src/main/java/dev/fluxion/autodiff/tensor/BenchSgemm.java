package dev.fluxion.autodiff.tensor;

/**
 * Benchmark-only door to the library's package-private {@code float} GEMM, for
 * {@code dev.fluxion.bench.GemmThroughput} and {@code GemmBench} while {@link Tensor} has no
 * float32 dtype. It lives in the benchmarks jar in the library's package, which works because the
 * benchmarks run on the class path (never on the module path, where the package would be split).
 */
public final class BenchSgemm {
  private BenchSgemm() {}

  /**
   * {@code C = op(A) @ op(B)} in {@code float}: {@code A(i,p) = a[i*ars + p*acs]}, {@code B(p,j) =
   * b[p*brs + j*bcs]}, {@code C(i,j) = c[i*n + j]}, split between the GEMM threads when large.
   *
   * @param c the {@code m*n} output, overwritten
   * @throws IllegalArgumentException if an array is too short for its shape and strides
   */
  public static void multiply(int m, int n, int k, float[] a, int ars, int acs, float[] b, int brs, int bcs,
      float[] c) {
    if (m < 0 || n < 0 || k < 0 || c.length < m * n
        || (m > 0 && k > 0 && a.length <= (m - 1) * ars + (k - 1) * acs)
        || (n > 0 && k > 0 && b.length <= (k - 1) * brs + (n - 1) * bcs)) {
      throw new IllegalArgumentException("BenchSgemm.multiply: arrays of " + a.length + ", " + b.length + ", "
          + c.length + " floats do not hold a " + m + "x" + k + " by " + k + "x" + n + " product");
    }
    GemmKernel.multiply(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, true);
  }
}
