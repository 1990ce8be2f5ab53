package dev.fluxion.autodiff.tensor;

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
 * results are bit-identical for any thread count.
 */
final class GemmKernel {
  static final GemmProvider PROVIDER = GemmProvider.load();
  private static final int MR = 4;
  private static final int NR = 16;
  /** Below this many multiply-adds a product stays on the calling thread. */
  private static final long PARALLEL_WORK = 1L << 21;
  /** The least multiply-adds of one band. */
  private static final long BAND_WORK = 1L << 20;
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
    int bands = threads ? bands(m, n, k) : 1;
    if (bands == 1) {
      provider.rows(o, 0, m);
    } else if (byColumns(m, n)) {
      Parallel.forEach(bands, t -> {
        int j0 = bandStart(n, NR, bands, t);
        int j1 = bandStart(n, NR, bands, t + 1);
        provider.rows(new Operands(j1 - j0, k, a, aOff, ars, acs, b, bOff + j0 * bcs, brs, bcs, c, cOff + j0, n), 0, m);
      });
    } else {
      Parallel.forEach(bands, t -> provider.rows(o, bandStart(m, MR, bands, t), bandStart(m, MR, bands, t + 1)));
    }
  }

  /** True when the bands of an {@code m x n} product are bands of columns (A is the smaller operand). */
  static boolean byColumns(int m, int n) {
    return m < n && n >= 2 * NR;
  }

  /**
   * {@return the number of bands of an {@code m x n x k} product: 1 below {@link #PARALLEL_WORK},
   * else a power of two from the sizes alone (never from the thread count)} Bands are whole
   * micro-tiles ({@link #MR} rows or {@link #NR} columns) of at least {@link #BAND_WORK} multiply-adds.
   */
  static int bands(int m, int n, int k) {
    long work = (long) m * n * k;
    if (work < PARALLEL_WORK) {
      return 1;
    }
    return Parallel.chunks(work, BAND_WORK, byColumns(m, n) ? n / NR : m / MR);
  }

  /** {@return the first row (or column) of band {@code t} of {@code bands} over {@code extent}, a multiple of {@code unit} or {@code extent}} */
  static int bandStart(int extent, int unit, int bands, int t) {
    return t == bands ? extent : Parallel.start(extent / unit, bands, t) * unit;
  }
}
