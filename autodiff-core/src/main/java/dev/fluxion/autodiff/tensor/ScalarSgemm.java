package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.FloatOperands;

/**
 * The {@code float} product of {@link ScalarGemm}, blocked and packed the same way ({@link #NB}
 * columns of C by {@link #KC} steps of the inner dimension, B packed one array per row so C2
 * vectorizes the kernel loops, four rows of C per pass). Each element is the {@code float} FMA
 * chain {@code s = Math.fma(a, b, s)} over {@code p} in order, accumulated in {@code float}, bit
 * for bit what {@code VectorGemm} computes.
 */
final class ScalarSgemm {
  /** Columns of C per block: 128 floats, the 512 bytes of the {@code double} kernel's 64. */
  static final int NB = 128;
  static final int KC = 256;
  private static final int MR = 4;

  private ScalarSgemm() {}

  /** Per thread: rows {@code 0..KC-1} hold packed B, the last {@link #MR} the accumulators. */
  private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[KC + MR][NB]);

  static void rows(FloatOperands o, int i0, int i1) {
    float[][] buf = BUFFERS.get();
    float[] c0 = buf[KC];
    float[] c1 = buf[KC + 1];
    float[] c2 = buf[KC + 2];
    float[] c3 = buf[KC + 3];
    float[][] packed = buf;
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

  private static void load(boolean zero, float[] c, int co, float[] acc, int nb) {
    if (zero) {
      java.util.Arrays.fill(acc, 0, nb, 0f);
    } else {
      System.arraycopy(c, co, acc, 0, nb);
    }
  }

  /** Copies the {@code kc x nb} block of B at {@code bo} into contiguous rows of stride {@link #NB}. */
  private static void packB(float[] b, int bo, int brs, int bcs, int kc, int nb, float[][] packed) {
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

  private static void tile4(FloatOperands o, int ao, int kc, float[][] b, int nb,
      float[] c0, float[] c1, float[] c2, float[] c3) {
    float[] a = o.a();
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

  private static void tile1(FloatOperands o, int ao, int kc, float[][] b, int nb, float[] c0) {
    float[] a = o.a();
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

  private static void kernel4x4(int nb, float a00, float a01, float a02, float a03,
      float a10, float a11, float a12, float a13, float a20, float a21, float a22, float a23,
      float a30, float a31, float a32, float a33, float[] r0, float[] r1, float[] r2, float[] r3,
      float[] c0, float[] c1, float[] c2, float[] c3) {
    for (int j = 0; j < nb; j++) {
      float b0 = r0[j];
      float b1 = r1[j];
      float b2 = r2[j];
      float b3 = r3[j];
      c0[j] = Math.fma(a03, b3, Math.fma(a02, b2, Math.fma(a01, b1, Math.fma(a00, b0, c0[j]))));
      c1[j] = Math.fma(a13, b3, Math.fma(a12, b2, Math.fma(a11, b1, Math.fma(a10, b0, c1[j]))));
      c2[j] = Math.fma(a23, b3, Math.fma(a22, b2, Math.fma(a21, b1, Math.fma(a20, b0, c2[j]))));
      c3[j] = Math.fma(a33, b3, Math.fma(a32, b2, Math.fma(a31, b1, Math.fma(a30, b0, c3[j]))));
    }
  }

  private static void kernel4x1(int nb, float a0, float a1, float a2, float a3, float[] b,
      float[] c0, float[] c1, float[] c2, float[] c3) {
    for (int j = 0; j < nb; j++) {
      float bj = b[j];
      c0[j] = Math.fma(a0, bj, c0[j]);
      c1[j] = Math.fma(a1, bj, c1[j]);
      c2[j] = Math.fma(a2, bj, c2[j]);
      c3[j] = Math.fma(a3, bj, c3[j]);
    }
  }

  private static void kernel1x4(int nb, float a0, float a1, float a2, float a3, float[] r0,
      float[] r1, float[] r2, float[] r3, float[] c0) {
    for (int j = 0; j < nb; j++) {
      c0[j] = Math.fma(a3, r3[j], Math.fma(a2, r2[j], Math.fma(a1, r1[j], Math.fma(a0, r0[j], c0[j]))));
    }
  }

  private static void kernel1x1(int nb, float a0, float[] b, float[] c0) {
    for (int j = 0; j < nb; j++) {
      c0[j] = Math.fma(a0, b[j], c0[j]);
    }
  }
}
