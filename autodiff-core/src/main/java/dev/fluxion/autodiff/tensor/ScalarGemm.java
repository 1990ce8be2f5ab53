package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.FloatOperands;

/**
 * The plain-Java {@link GemmProvider}: blocked over columns of C ({@link #NB}) and over the inner
 * dimension ({@link #KC}); the micro-kernel updates four row accumulators with four inner-dimension
 * steps per pass. B is packed into one array per row, so every array in the kernel loop is indexed
 * by the loop variable alone: C2 then vectorizes the loop (with a row offset into one flat array it
 * cannot rule out a loop-carried dependence and stays scalar, 2.3x slower as measured here). The
 * packing and accumulator rows are per-thread buffers that never leave this class. The {@code float}
 * product is {@link ScalarSgemm}'s.
 */
final class ScalarGemm implements GemmProvider {
  static final int NB = 64;
  static final int KC = 256;
  private static final int MR = 4;

  @Override
  public String describe() {
    return "ScalarGemm (plain Java, loops vectorized by C2)";
  }

  /** Per thread: rows {@code 0..KC-1} hold packed B, the last {@link #MR} the accumulators. */
  private static final ThreadLocal<double[][]> BUFFERS = ThreadLocal.withInitial(() -> new double[KC + MR][NB]);

  @Override
  public void rows(FloatOperands o, int i0, int i1) {
    ScalarSgemm.rows(o, i0, i1);
  }

  @Override
  public void rows(Operands o, int i0, int i1) {
    double[][] buf = BUFFERS.get();
    double[] c0 = buf[KC];
    double[] c1 = buf[KC + 1];
    double[] c2 = buf[KC + 2];
    double[] c3 = buf[KC + 3];
    double[][] packed = buf;
    int n = o.n();
    int ldc = o.ldc();
    for (int jb = 0; jb < n; jb += NB) {
      int nb = Math.min(NB, n - jb);
      for (int pb = 0; pb < o.k(); pb += KC) {
        int kc = Math.min(KC, o.k() - pb);
        packB(o.b(), o.bOff() + pb * o.brs() + jb * o.bcs(), o.brs(), o.bcs(), kc, nb, packed);
        boolean first = pb == 0;
        int i = i0;
        for (; i + MR <= i1; i += MR) {
          int co = o.cOff() + i * ldc + jb;
          load(first, o.c(), co, c0, nb);
          load(first, o.c(), co + ldc, c1, nb);
          load(first, o.c(), co + 2 * ldc, c2, nb);
          load(first, o.c(), co + 3 * ldc, c3, nb);
          tile4(o, o.aOff() + i * o.ars() + pb * o.acs(), kc, packed, nb, c0, c1, c2, c3);
          System.arraycopy(c0, 0, o.c(), co, nb);
          System.arraycopy(c1, 0, o.c(), co + ldc, nb);
          System.arraycopy(c2, 0, o.c(), co + 2 * ldc, nb);
          System.arraycopy(c3, 0, o.c(), co + 3 * ldc, nb);
        }
        for (; i < i1; i++) {
          int co = o.cOff() + i * ldc + jb;
          load(first, o.c(), co, c0, nb);
          tile1(o, o.aOff() + i * o.ars() + pb * o.acs(), kc, packed, nb, c0);
          System.arraycopy(c0, 0, o.c(), co, nb);
        }
      }
    }
  }

  private static void load(boolean zero, double[] c, int co, double[] acc, int nb) {
    if (zero) {
      java.util.Arrays.fill(acc, 0, nb, 0.0);
    } else {
      System.arraycopy(c, co, acc, 0, nb);
    }
  }

  /** Copies the {@code kc x nb} block of B at {@code bo} into contiguous rows of stride {@link #NB}. */
  private static void packB(double[] b, int bo, int brs, int bcs, int kc, int nb, double[][] packed) {
    if (bcs == 1) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, bo + p * brs, packed[p], 0, nb);
      }
      return;
    }
    for (int j = 0; j < nb; j++) {
      int src = bo + j * bcs;
      for (int p = 0; p < kc; p++) {
        packed[p][j] = b[src + p * brs];
      }
    }
  }

  private static void tile4(Operands o, int ao, int kc, double[][] b, int nb,
      double[] c0, double[] c1, double[] c2, double[] c3) {
    double[] a = o.a();
    int r = o.ars();
    int s = o.acs();
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      int x = ao + p * s;
      kernel4x4(nb, a[x], a[x + s], a[x + 2 * s], a[x + 3 * s],
          a[x + r], a[x + r + s], a[x + r + 2 * s], a[x + r + 3 * s],
          a[x + 2 * r], a[x + 2 * r + s], a[x + 2 * r + 2 * s], a[x + 2 * r + 3 * s],
          a[x + 3 * r], a[x + 3 * r + s], a[x + 3 * r + 2 * s], a[x + 3 * r + 3 * s],
          b[p], b[p + 1], b[p + 2], b[p + 3], c0, c1, c2, c3);
    }
    for (; p < kc; p++) {
      int x = ao + p * s;
      kernel4x1(nb, a[x], a[x + r], a[x + 2 * r], a[x + 3 * r], b[p], c0, c1, c2, c3);
    }
  }

  private static void tile1(Operands o, int ao, int kc, double[][] b, int nb, double[] c0) {
    double[] a = o.a();
    int s = o.acs();
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      int x = ao + p * s;
      kernel1x4(nb, a[x], a[x + s], a[x + 2 * s], a[x + 3 * s], b[p], b[p + 1], b[p + 2], b[p + 3], c0);
    }
    for (; p < kc; p++) {
      kernel1x1(nb, a[ao + p * s], b[p], c0);
    }
  }

  private static void kernel4x4(int nb, double a00, double a01, double a02, double a03,
      double a10, double a11, double a12, double a13, double a20, double a21, double a22, double a23,
      double a30, double a31, double a32, double a33, double[] r0, double[] r1, double[] r2, double[] r3,
      double[] c0, double[] c1, double[] c2, double[] c3) {
    for (int j = 0; j < nb; j++) {
      double b0 = r0[j];
      double b1 = r1[j];
      double b2 = r2[j];
      double b3 = r3[j];
      c0[j] = Math.fma(a03, b3, Math.fma(a02, b2, Math.fma(a01, b1, Math.fma(a00, b0, c0[j]))));
      c1[j] = Math.fma(a13, b3, Math.fma(a12, b2, Math.fma(a11, b1, Math.fma(a10, b0, c1[j]))));
      c2[j] = Math.fma(a23, b3, Math.fma(a22, b2, Math.fma(a21, b1, Math.fma(a20, b0, c2[j]))));
      c3[j] = Math.fma(a33, b3, Math.fma(a32, b2, Math.fma(a31, b1, Math.fma(a30, b0, c3[j]))));
    }
  }

  private static void kernel4x1(int nb, double a0, double a1, double a2, double a3, double[] b,
      double[] c0, double[] c1, double[] c2, double[] c3) {
    for (int j = 0; j < nb; j++) {
      double bj = b[j];
      c0[j] = Math.fma(a0, bj, c0[j]);
      c1[j] = Math.fma(a1, bj, c1[j]);
      c2[j] = Math.fma(a2, bj, c2[j]);
      c3[j] = Math.fma(a3, bj, c3[j]);
    }
  }

  private static void kernel1x4(int nb, double a0, double a1, double a2, double a3, double[] r0,
      double[] r1, double[] r2, double[] r3, double[] c0) {
    for (int j = 0; j < nb; j++) {
      c0[j] = Math.fma(a3, r3[j], Math.fma(a2, r2[j], Math.fma(a1, r1[j], Math.fma(a0, r0[j], c0[j]))));
    }
  }

  private static void kernel1x1(int nb, double a0, double[] b, double[] c0) {
    for (int j = 0; j < nb; j++) {
      c0[j] = Math.fma(a0, b[j], c0[j]);
    }
  }
}
