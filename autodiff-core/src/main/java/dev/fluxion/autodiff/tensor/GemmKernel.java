package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.FloatOperands;
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
 * The {@code float} overloads do the same in single precision: each element is the {@code float}
 * FMA chain, accumulated in {@code float} (as OpenBLAS's SGEMM), split between threads by the same
 * rule.
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
    split(m, n, k, threads, (i0, i1, j0, j1) -> provider.rows(o.columns(j0, j1), i0, i1));
  }

  /** {@code C = A @ B} in {@code float}, A stored {@code [m,k]}, B stored {@code [k,n]}. */
  static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    multiply(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, cOff, true);
  }

  /** {@code C = A^T @ B} in {@code float}, A stored {@code [k,m]}, B stored {@code [k,n]}. */
  static void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    multiply(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, true);
  }

  /** {@code C = A @ B^T} in {@code float}, A stored {@code [m,k]}, B stored {@code [n,k]}. */
  static void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    multiply(m, n, k, a, aOff, k, 1, b, bOff, 1, k, c, cOff, true);
  }

  /** The general {@code float} product below with the active {@link #PROVIDER}. */
  static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
      int brs, int bcs, float[] c, int cOff, boolean threads) {
    multiply(PROVIDER, m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, threads);
  }

  /**
   * The general {@code float} product, indexed as the {@code double} one; every element is the
   * {@code float} FMA chain over {@code p = 0..k-1} in order (accumulated in {@code float}).
   */
  static void multiply(GemmProvider provider, int m, int n, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int brs, int bcs, float[] c, int cOff, boolean threads) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
      return;
    }
    FloatOperands o = new FloatOperands(n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, n);
    split(m, n, k, threads, (i0, i1, j0, j1) -> provider.rows(o.columns(j0, j1), i0, i1));
  }

  /** Computes rows {@code [i0, i1)} of columns {@code [j0, j1)} of one product. */
  @FunctionalInterface
  private interface Band {
    void run(int i0, int i1, int j0, int j1);
  }

  /**
   * The split between threads, the same for both precisions: small products (or {@code threads}
   * false) run on the caller; otherwise by columns when A is the smaller operand (each thread packs
   * all of A and half of B), else by rows (each packs all of B and half of A), at a size-determined
   * boundary rounded to the micro-tile.
   */
  private static void split(int m, int n, int k, boolean threads, Band band) {
    if (!threads || (long) m * n * k < PARALLEL_WORK || (m < 2 * MR && n < 2 * NR)) {
      band.run(0, m, 0, n);
    } else if (m < n && n >= 2 * NR) {
      int half = (n / 2 + NR - 1) / NR * NR;
      Parallel.both(() -> band.run(0, m, 0, half), () -> band.run(0, m, half, n));
    } else {
      int half = (m / 2 + MR - 1) / MR * MR;
      Parallel.both(() -> band.run(0, half, 0, n), () -> band.run(half, m, 0, n));
    }
  }
}
