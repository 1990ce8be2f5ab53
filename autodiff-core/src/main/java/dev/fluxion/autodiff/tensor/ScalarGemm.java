package dev.fluxion.autodiff.tensor;

/**
 * The plain-Java {@link GemmProvider}: blocked over columns of C ({@link #NB}) and over the inner
 * dimension ({@link #KC}); the micro-kernel updates four row accumulators (distinct arrays, so C2
 * vectorizes the column loop) with four inner-dimension steps per pass.
 */
final class ScalarGemm implements GemmProvider {
  static final int NB = 64;
  static final int KC = 256;
  private static final int MR = 4;

  @Override
  public String describe() {
    return "ScalarGemm (plain Java; run with --add-modules jdk.incubator.vector for SIMD)";
  }

  @Override
  public void rows(Operands o, int i0, int i1) {
    double[] c0 = new double[NB];
    double[] c1 = new double[NB];
    double[] c2 = new double[NB];
    double[] c3 = new double[NB];
    double[] packed = new double[Math.min(KC, o.k()) * NB];
    int n = o.n();
    for (int jb = 0; jb < n; jb += NB) {
      int nb = Math.min(NB, n - jb);
      for (int pb = 0; pb < o.k(); pb += KC) {
        int kc = Math.min(KC, o.k() - pb);
        packB(o.b(), o.bOff() + pb * o.brs() + jb * o.bcs(), o.brs(), o.bcs(), kc, nb, packed);
        boolean first = pb == 0;
        int i = i0;
        for (; i + MR <= i1; i += MR) {
          int co = o.cOff() + i * n + jb;
          load(first, o.c(), co, c0, nb);
          load(first, o.c(), co + n, c1, nb);
          load(first, o.c(), co + 2 * n, c2, nb);
          load(first, o.c(), co + 3 * n, c3, nb);
          tile4(o, o.aOff() + i * o.ars() + pb * o.acs(), kc, packed, nb, c0, c1, c2, c3);
          System.arraycopy(c0, 0, o.c(), co, nb);
          System.arraycopy(c1, 0, o.c(), co + n, nb);
          System.arraycopy(c2, 0, o.c(), co + 2 * n, nb);
          System.arraycopy(c3, 0, o.c(), co + 3 * n, nb);
        }
        for (; i < i1; i++) {
          int co = o.cOff() + i * n + jb;
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
  private static void packB(double[] b, int bo, int brs, int bcs, int kc, int nb, double[] packed) {
    if (bcs == 1) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, bo + p * brs, packed, p * NB, nb);
      }
      return;
    }
    for (int j = 0; j < nb; j++) {
      int src = bo + j * bcs;
      for (int p = 0; p < kc; p++) {
        packed[p * NB + j] = b[src + p * brs];
      }
    }
  }

  private static void tile4(Operands o, int ao, int kc, double[] b, int nb,
      double[] c0, double[] c1, double[] c2, double[] c3) {
    double[] a = o.a();
    int r = o.ars();
    int s = o.acs();
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      int x = ao + p * s;
      int y = p * NB;
      kernel4x4(nb, a[x], a[x + s], a[x + 2 * s], a[x + 3 * s],
          a[x + r], a[x + r + s], a[x + r + 2 * s], a[x + r + 3 * s],
          a[x + 2 * r], a[x + 2 * r + s], a[x + 2 * r + 2 * s], a[x + 2 * r + 3 * s],
          a[x + 3 * r], a[x + 3 * r + s], a[x + 3 * r + 2 * s], a[x + 3 * r + 3 * s],
          b, y, y + NB, y + 2 * NB, y + 3 * NB, c0, c1, c2, c3);
    }
    for (; p < kc; p++) {
      int x = ao + p * s;
      int y = p * NB;
      kernel4x1(nb, a[x], a[x + r], a[x + 2 * r], a[x + 3 * r], b, y, c0, c1, c2, c3);
    }
  }

  private static void tile1(Operands o, int ao, int kc, double[] b, int nb, double[] c0) {
    double[] a = o.a();
    int s = o.acs();
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      int x = ao + p * s;
      int y = p * NB;
      kernel1x4(nb, a[x], a[x + s], a[x + 2 * s], a[x + 3 * s], b, y, y + NB, y + 2 * NB, y + 3 * NB, c0);
    }
    for (; p < kc; p++) {
      kernel1x1(nb, a[ao + p * s], b, p * NB, c0);
    }
  }

  private static void kernel4x4(int nb, double a00, double a01, double a02, double a03,
      double a10, double a11, double a12, double a13, double a20, double a21, double a22, double a23,
      double a30, double a31, double a32, double a33, double[] b, int o0, int o1, int o2, int o3,
      double[] c0, double[] c1, double[] c2, double[] c3) {
    for (int j = 0; j < nb; j++) {
      double b0 = b[o0 + j];
      double b1 = b[o1 + j];
      double b2 = b[o2 + j];
      double b3 = b[o3 + j];
      c0[j] = Math.fma(a03, b3, Math.fma(a02, b2, Math.fma(a01, b1, Math.fma(a00, b0, c0[j]))));
      c1[j] = Math.fma(a13, b3, Math.fma(a12, b2, Math.fma(a11, b1, Math.fma(a10, b0, c1[j]))));
      c2[j] = Math.fma(a23, b3, Math.fma(a22, b2, Math.fma(a21, b1, Math.fma(a20, b0, c2[j]))));
      c3[j] = Math.fma(a33, b3, Math.fma(a32, b2, Math.fma(a31, b1, Math.fma(a30, b0, c3[j]))));
    }
  }

  private static void kernel4x1(int nb, double a0, double a1, double a2, double a3, double[] b, int o,
      double[] c0, double[] c1, double[] c2, double[] c3) {
    for (int j = 0; j < nb; j++) {
      double bj = b[o + j];
      c0[j] = Math.fma(a0, bj, c0[j]);
      c1[j] = Math.fma(a1, bj, c1[j]);
      c2[j] = Math.fma(a2, bj, c2[j]);
      c3[j] = Math.fma(a3, bj, c3[j]);
    }
  }

  private static void kernel1x4(int nb, double a0, double a1, double a2, double a3, double[] b,
      int o0, int o1, int o2, int o3, double[] c0) {
    for (int j = 0; j < nb; j++) {
      c0[j] = Math.fma(a3, b[o3 + j], Math.fma(a2, b[o2 + j], Math.fma(a1, b[o1 + j], Math.fma(a0, b[o0 + j], c0[j]))));
    }
  }

  private static void kernel1x1(int nb, double a0, double[] b, int o, double[] c0) {
    for (int j = 0; j < nb; j++) {
      c0[j] = Math.fma(a0, b[o + j], c0[j]);
    }
  }
}
