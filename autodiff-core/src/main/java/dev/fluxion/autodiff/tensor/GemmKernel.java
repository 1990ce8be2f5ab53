package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.Operands;
import dev.fluxion.autodiff.tensor.internal.Parallel;

/**
 * GEMM kernels {@code C[m,n] = op(A) @ op(B)} on row-major arrays with offsets; C is overwritten.
 *
 * <p>The numeric work is done by the {@link GemmProvider} chosen at class initialization (the
 * Vector API when the JVM has {@code jdk.incubator.vector}, plain Java otherwise). A large product
 * is split between two threads at a fixed, size-determined row, or column when A is the smaller
 * operand (so each thread packs half of the larger one), through {@link Parallel}; every element is the FMA chain
 * {@code s = fma(a[i,p], b[p,j], s)} over {@code p = 0..k-1} in order, whatever the provider, the
 * blocking or the thread, so results are bit-identical between the serial and the two-thread paths.
 */
final class GemmKernel {
  static final GemmProvider PROVIDER = GemmProvider.load();
  private static final int MR = 4;
  private static final int NR = 16;
  private static final long PARALLEL_WORK = 1L << 21;
  private GemmKernel() {}

  /** {@code C = A @ B}, A stored {@code [m,k]}, B stored {@code [k,n]}. */
  static void gemm(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    multiply(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, cOff, true);
  }

  /** {@code C = A^T @ B}, A stored {@code [k,m]}, B stored {@code [k,n]}. */
  static void gemmTN(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    multiply(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, true);
  }

  /** {@code C = A @ B^T}, A stored {@code [m,k]}, B stored {@code [n,k]}. */
  static void gemmNT(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    multiply(m, n, k, a, aOff, k, 1, b, bOff, 1, k, c, cOff, true);
  }

  /** The general product below with the active {@link #PROVIDER}. */
  static void multiply(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff,
      int brs, int bcs, double[] c, int cOff, boolean threads) {
    multiply(PROVIDER, m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, threads);
  }

  /**
   * The general product: {@code A(i,p) = a[aOff + i*ars + p*acs]}, {@code B(p,j) = b[bOff + p*brs
   * + j*bcs]}, {@code C(i,j) = c[cOff + i*n + j]}; {@code threads} allows the two-thread split.
   */
  static void multiply(GemmProvider provider, int m, int n, int k, double[] a, int aOff, int ars, int acs,
      double[] b, int bOff, int brs, int bcs, double[] c, int cOff, boolean threads) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      java.util.Arrays.fill(c, cOff, cOff + m * n, 0.0);
      return;
    }
    Operands o = new Operands(n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, n);
    if (!threads || (long) m * n * k < PARALLEL_WORK || (m < 2 * MR && n < 2 * NR)) {
      provider.rows(o, 0, m);
      return;
    }
    if (m < n && n >= 2 * NR) {
      // Each thread packs all of the smaller operand A and half of B.
      int half = (n / 2 + NR - 1) / NR * NR;
      Operands left = new Operands(half, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, n);
      Operands right =
          new Operands(n - half, k, a, aOff, ars, acs, b, bOff + half * bcs, brs, bcs, c, cOff + half, n);
      Parallel.both(() -> provider.rows(left, 0, m), () -> provider.rows(right, 0, m));
    } else {
      // Each thread packs all of B and half of A.
      int half = (m / 2 + MR - 1) / MR * MR;
      Parallel.both(() -> provider.rows(o, 0, half), () -> provider.rows(o, half, m));
    }
  }
}
