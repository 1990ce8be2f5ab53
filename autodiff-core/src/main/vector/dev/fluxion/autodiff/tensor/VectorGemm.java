package dev.fluxion.autodiff.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link GemmProvider}, loaded only by reflection from {@link GemmProvider#vector()}.
 *
 * <p>B is packed per {@code KC x NB} block, A per four rows of that block; the micro-kernel keeps a
 * 4-row by 2-vector tile of C in registers and walks the inner dimension in order with lane-wise
 * FMA (bit-identical to {@link Math#fma}). It is small and mask-free: the remaining columns use a
 * 4 x 1-vector kernel and then scalar FMA, remaining rows a 1-row loop.
 */
final class VectorGemm implements GemmProvider {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int NB = 64;
  private static final int KC = 256;
  private static final int MR = 4;

  @Override
  public String describe() {
    return "VectorGemm (jdk.incubator.vector, " + S.vectorBitSize() + "-bit, " + L + " doubles per vector)";
  }

  @Override
  public void rows(Operands o, int i0, int i1) {
    int n = o.n();
    int k = o.k();
    double[] bp = new double[Math.min(KC, k) * NB];
    double[] ap = new double[Math.min(KC, k) * MR];
    double[] c = o.c();
    for (int jb = 0; jb < n; jb += NB) {
      int nb = Math.min(NB, n - jb);
      for (int pb = 0; pb < k; pb += KC) {
        int kc = Math.min(KC, k - pb);
        packB(o, pb, jb, kc, nb, bp);
        boolean first = pb == 0;
        int i = i0;
        for (; i + MR <= i1; i += MR) {
          packA(o, i, pb, kc, ap);
          int co = o.cOff() + i * n + jb;
          int j = 0;
          for (; j + 2 * L <= nb; j += 2 * L) {
            micro4x2(kc, ap, bp, j, c, co + j, n, first);
          }
          for (; j + L <= nb; j += L) {
            micro4x1(kc, ap, bp, j, c, co + j, n, first);
          }
          for (; j < nb; j++) {
            for (int r = 0; r < MR; r++) {
              int ci = co + r * n + j;
              double s = first ? 0.0 : c[ci];
              for (int p = 0; p < kc; p++) {
                s = Math.fma(ap[p * MR + r], bp[p * NB + j], s);
              }
              c[ci] = s;
            }
          }
        }
        for (; i < i1; i++) {
          row1(o, o.aOff() + i * o.ars() + pb * o.acs(), kc, bp, nb, o.cOff() + i * n + jb, first);
        }
      }
    }
  }

  /** Copies the {@code kc x nb} block of B at rows {@code pb}, columns {@code jb} into rows of stride NB. */
  private static void packB(Operands o, int pb, int jb, int kc, int nb, double[] bp) {
    double[] b = o.b();
    int brs = o.brs();
    int bcs = o.bcs();
    int bo = o.bOff() + pb * brs + jb * bcs;
    if (bcs == 1) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, bo + p * brs, bp, p * NB, nb);
      }
      return;
    }
    for (int j = 0; j < nb; j++) {
      int src = bo + j * bcs;
      for (int p = 0; p < kc; p++) {
        bp[p * NB + j] = b[src + p * brs];
      }
    }
  }

  /** Copies {@code A(i..i+3, pb..pb+kc-1)} to {@code ap[p*4 + r]}. */
  private static void packA(Operands o, int i, int pb, int kc, double[] ap) {
    double[] a = o.a();
    int ars = o.ars();
    int acs = o.acs();
    for (int r = 0; r < MR; r++) {
      int src = o.aOff() + (i + r) * ars + pb * acs;
      for (int p = 0; p < kc; p++) {
        ap[p * MR + r] = a[src + p * acs];
      }
    }
  }

  private static DoubleVector start(boolean first, double[] c, int ci) {
    return first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, c, ci);
  }

  private static void micro4x2(int kc, double[] ap, double[] bp, int j, double[] c, int co, int n,
      boolean first) {
    DoubleVector c00 = start(first, c, co);
    DoubleVector c01 = start(first, c, co + L);
    DoubleVector c10 = start(first, c, co + n);
    DoubleVector c11 = start(first, c, co + n + L);
    DoubleVector c20 = start(first, c, co + 2 * n);
    DoubleVector c21 = start(first, c, co + 2 * n + L);
    DoubleVector c30 = start(first, c, co + 3 * n);
    DoubleVector c31 = start(first, c, co + 3 * n + L);
    for (int p = 0; p < kc; p++) {
      int y = p * NB + j;
      int x = p * MR;
      DoubleVector b0 = DoubleVector.fromArray(S, bp, y);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, y + L);
      DoubleVector a = DoubleVector.broadcast(S, ap[x]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = DoubleVector.broadcast(S, ap[x + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = DoubleVector.broadcast(S, ap[x + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = DoubleVector.broadcast(S, ap[x + 3]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + n);
    c11.intoArray(c, co + n + L);
    c20.intoArray(c, co + 2 * n);
    c21.intoArray(c, co + 2 * n + L);
    c30.intoArray(c, co + 3 * n);
    c31.intoArray(c, co + 3 * n + L);
  }

  private static void micro4x1(int kc, double[] ap, double[] bp, int j, double[] c, int co, int n,
      boolean first) {
    DoubleVector c0 = start(first, c, co);
    DoubleVector c1 = start(first, c, co + n);
    DoubleVector c2 = start(first, c, co + 2 * n);
    DoubleVector c3 = start(first, c, co + 3 * n);
    for (int p = 0; p < kc; p++) {
      int x = p * MR;
      DoubleVector b0 = DoubleVector.fromArray(S, bp, p * NB + j);
      c0 = DoubleVector.broadcast(S, ap[x]).fma(b0, c0);
      c1 = DoubleVector.broadcast(S, ap[x + 1]).fma(b0, c1);
      c2 = DoubleVector.broadcast(S, ap[x + 2]).fma(b0, c2);
      c3 = DoubleVector.broadcast(S, ap[x + 3]).fma(b0, c3);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + n);
    c2.intoArray(c, co + 2 * n);
    c3.intoArray(c, co + 3 * n);
  }

  /** One row of C: {@code A(i, p) = a[ao + p*acs]}, C row block at {@code co}. */
  private static void row1(Operands o, int ao, int kc, double[] bp, int nb, int co, boolean first) {
    double[] a = o.a();
    double[] c = o.c();
    int acs = o.acs();
    int j = 0;
    for (; j + L <= nb; j += L) {
      DoubleVector s = start(first, c, co + j);
      for (int p = 0; p < kc; p++) {
        s = DoubleVector.broadcast(S, a[ao + p * acs]).fma(DoubleVector.fromArray(S, bp, p * NB + j), s);
      }
      s.intoArray(c, co + j);
    }
    for (; j < nb; j++) {
      double s = first ? 0.0 : c[co + j];
      for (int p = 0; p < kc; p++) {
        s = Math.fma(a[ao + p * acs], bp[p * NB + j], s);
      }
      c[co + j] = s;
    }
  }
}
