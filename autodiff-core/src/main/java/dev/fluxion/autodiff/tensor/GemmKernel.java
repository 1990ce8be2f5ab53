package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.FloatOperands;
import dev.fluxion.autodiff.tensor.GemmProvider.Operands;
import dev.fluxion.autodiff.tensor.internal.Parallel;

/**
 * GEMM kernels {@code C[m,n] = op(A) @ op(B)} on row-major arrays with offsets; C is overwritten.
 *
 * <p>The numeric work is done by the {@link GemmProvider} chosen at class initialization (the
 * Vector API when the JVM has {@code jdk.incubator.vector}, plain Java otherwise). A large product
 * is cut into {@link #bands} bands of C, a number fixed by {@code m, n, k} alone: bands of rows, or
 * of columns when A is the smaller operand (so each thread packs a part of the larger one), run on
 * the {@link Parallel} pool. Every element is the FMA chain {@code s = fma(a[i,p], b[p,j], s)} over
 * {@code p = 0..k-1} in order, whatever the provider, the blocking, the band or the thread, so
 * results are bit-identical for any thread count. The {@code float} overloads do the same in single
 * precision: each element is the {@code float} FMA chain, accumulated in {@code float} (as
 * OpenBLAS's SGEMM), cut into bands by the same rule.
 */
final class GemmKernel {
  static final GemmProvider PROVIDER = GemmProvider.load();
  private static final int MR = 4;
  private static final int NR = 16;
  /** Below this many multiply-adds a product stays on the calling thread. */
  private static final long PARALLEL_WORK = 1L << 21;
  /** The least multiply-adds of one band. */
  static final long BAND_WORK = 1L << 20;
  /** The least rows (or columns) of one band but the first two: thinner bands repack the shared operand too often. */
  private static final int BAND_EXTENT = 128;
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
   * + j*bcs]}, {@code C(i,j) = c[cOff + i*n + j]}; {@code threads} allows the split into bands.
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
   * Runs a product in {@link #bands} bands, the same for both precisions: on the caller alone
   * in one piece when there is one band (a small product, or {@code threads} false) or when the
   * pool cannot help (one thread, a nested call, a busy pool), else on the
   * {@link Parallel} pool, by columns when A is the smaller operand (each band packs all of A and
   * its part of B), else by rows (all of B and its part of A), at whole micro-tiles.
   */
  private static void split(int m, int n, int k, boolean threads, Band band) {
    // The bands cannot change a bit of C, so a product the pool cannot help with runs in one piece.
    int bands = threads && bands(m, n, k) > 1 && Parallel.canShare() ? bands(m, n, k) : 1;
    if (bands == 1) {
      band.run(0, m, 0, n);
    } else if (byColumns(m, n)) {
      Parallel.forEach(bands, t -> band.run(0, m, bandStart(n, NR, bands, t), bandStart(n, NR, bands, t + 1)));
    } else {
      Parallel.forEach(bands, t -> band.run(bandStart(m, MR, bands, t), bandStart(m, MR, bands, t + 1), 0, n));
    }
  }

  /** True when the bands of an {@code m x n} product are bands of columns (A is the smaller operand). */
  static boolean byColumns(int m, int n) {
    return m < n && n >= 2 * NR;
  }

  /**
   * {@return the number of bands of an {@code m x n x k} product, from the sizes alone (never the
   * thread count)} 1 below {@link #PARALLEL_WORK} multiply-adds or under two micro-tiles ({@link
   * #MR} rows, {@link #NR} columns) to split; else 2, or the largest power of two up to
   * {@link Parallel#MAX_CHUNKS} whose bands keep {@link #BAND_WORK} multiply-adds and
   * {@link #BAND_EXTENT} rows or columns each.
   */
  static int bands(int m, int n, int k) {
    long work = (long) m * n * k;
    boolean cols = byColumns(m, n);
    int units = cols ? n / NR : m / MR;
    if (work < PARALLEL_WORK || units < 2) {
      return 1;
    }
    int wide = (cols ? n : m) / BAND_EXTENT;
    return Math.max(2, Parallel.chunks(work, BAND_WORK, Math.min(units, wide)));
  }

  /** {@return the first row (or column) of band {@code t} of {@code bands} over {@code extent}: a multiple of {@code unit}, or {@code extent}} */
  static int bandStart(int extent, int unit, int bands, int t) {
    return t == bands ? extent : Parallel.start(extent / unit, bands, t) * unit;
  }
}
