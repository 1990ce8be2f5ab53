package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.Operands;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code double} product of {@link VectorGemm} on 512-bit vectors when it is wider than two
 * vectors ({@code n > 2L}): {@link VectorSgemm}'s {@code 6 x 4}-vector register tile (24
 * accumulators, 4 B vectors and a broadcast: 29 of AVX-512's 32 registers) in place of the
 * {@code 4 x 2} tile shaped for AVX2's 16 registers, with the same blocking and packing. Each
 * element is the same {@code double} FMA chain over the inner dimension in order as in every other
 * kernel, so the tile changes no bit. {@code KC = 128}: a B micro-panel ({@code 128 x 32} doubles,
 * 32 KB) stays in a 48 KB L1 while the A panels pass over it; with 256 (64 KB) it ran at 42–43
 * GFLOP/s on one core instead of 49–54 at {@code n = 1024} (the 4 x 2 tile: 30–36).
 */
final class VectorDgemmWide {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Whether this JVM's vectors are 512 bits wide, where this tile is used. */
  static final boolean WIDE = S.vectorBitSize() >= 512;
  private static final int MR = 6;
  private static final int NR = 4 * L;
  private static final int KC = 128;
  private static final int MC = 20 * MR;
  private static final int NC = 4096;
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private VectorDgemmWide() {}

  /** Per-thread packing space, reused across calls (never escapes this class). */
  private static final class Buffers {
    double[] a = new double[0];
    double[] b = new double[0];
    final double[] tile = new double[MR * NR];

    double[] a(int size) {
      if (a.length < size) {
        a = new double[size];
      }
      return a;
    }

    double[] b(int size) {
      if (b.length < size) {
        b = new double[size];
      }
      return b;
    }
  }

  /** Rows {@code [i0, i1)} of the {@code double} product (all {@code o.n()} columns) on the {@code 6 x 4L} tile. */
  static void rows(Operands o, int i0, int i1) {
    int n = o.n();
    int ldc = o.ldc();
    int k = o.k();
    Buffers buf = BUFFERS.get();
    double[] c = o.c();
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      int ncPadded = roundUp(nc, NR);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        double[] bp = buf.b(kc * ncPadded);
        packB(o, pc, jc, kc, nc, bp);
        boolean first = pc == 0;
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          double[] ap = buf.a(kc * roundUp(mc, MR));
          packA(o, ic, pc, mc, kc, ap);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int ao = ir * kc;
              int co = o.cOff() + (ic + ir) * ldc + jc + jr;
              if (mr == MR && nr == NR) {
                micro6x4(kc, ap, ao, bp, bo, c, co, ldc, first);
              } else {
                edge(kc, ap, ao, bp, bo, c, co, ldc, mr, nr, first, buf.tile);
              }
            }
          }
        }
      }
    }
  }

  private static int roundUp(int x, int m) {
    return (x + m - 1) / m * m;
  }

  /** Packs {@code B(pc.., jc..)}, {@code kc x nc}, as panels {@code bp[jr*kc + p*NR + jj]}; zero pad. */
  private static void packB(Operands o, int pc, int jc, int kc, int nc, double[] bp) {
    double[] b = o.b();
    int brs = o.brs();
    int bcs = o.bcs();
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int dst = jr * kc;
      int src = o.bOff() + pc * brs + (jc + jr) * bcs;
      if (bcs == 1) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, src + p * brs, bp, dst + p * NR, nr);
        }
      } else {
        for (int jj = 0; jj < nr; jj++) {
          int s = src + jj * bcs;
          for (int p = 0; p < kc; p++) {
            bp[dst + p * NR + jj] = b[s + p * brs];
          }
        }
      }
      if (nr < NR) {
        for (int p = 0; p < kc; p++) {
          java.util.Arrays.fill(bp, dst + p * NR + nr, dst + (p + 1) * NR, 0.0);
        }
      }
    }
  }

  /** Packs {@code A(ic.., pc..)}, {@code mc x kc}, as panels {@code ap[ir*kc + p*MR + r]}; zero pad. */
  private static void packA(Operands o, int ic, int pc, int mc, int kc, double[] ap) {
    double[] a = o.a();
    int ars = o.ars();
    int acs = o.acs();
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int dst = ir * kc;
      int src = o.aOff() + (ic + ir) * ars + pc * acs;
      for (int r = 0; r < mr; r++) {
        for (int p = 0, s = src + r * ars, d = dst + r; p < kc; p++, s += acs, d += MR) {
          ap[d] = a[s];
        }
      }
      for (int r = mr; r < MR; r++) {
        for (int p = 0, d = dst + r; p < kc; p++, d += MR) {
          ap[d] = 0.0;
        }
      }
    }
  }

  /**
   * An edge tile: run the micro-kernel on a scratch tile, then copy its valid {@code mr x nr} part
   * (the rest holds an earlier tile's values, computed on but never copied out; lanes do not mix).
   */
  private static void edge(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int n, int mr,
      int nr, boolean first, double[] tile) {
    if (!first) {
      for (int r = 0; r < mr; r++) {
        System.arraycopy(c, co + r * n, tile, r * NR, nr);
      }
    }
    micro6x4(kc, ap, ao, bp, bo, tile, 0, NR, first);
    for (int r = 0; r < mr; r++) {
      System.arraycopy(tile, r * NR, c, co + r * n, nr);
    }
  }

  /** {@code C[6 x 4L] (+)= Apanel @ Bpanel} over {@code kc} steps; {@code ldc} is C's row stride. */
  private static void micro6x4(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc,
      boolean first) {
    DoubleVector c00 = start(first, c, co);
    DoubleVector c01 = start(first, c, co + L);
    DoubleVector c02 = start(first, c, co + 2 * L);
    DoubleVector c03 = start(first, c, co + 3 * L);
    DoubleVector c10 = start(first, c, co + ldc);
    DoubleVector c11 = start(first, c, co + ldc + L);
    DoubleVector c12 = start(first, c, co + ldc + 2 * L);
    DoubleVector c13 = start(first, c, co + ldc + 3 * L);
    DoubleVector c20 = start(first, c, co + 2 * ldc);
    DoubleVector c21 = start(first, c, co + 2 * ldc + L);
    DoubleVector c22 = start(first, c, co + 2 * ldc + 2 * L);
    DoubleVector c23 = start(first, c, co + 2 * ldc + 3 * L);
    DoubleVector c30 = start(first, c, co + 3 * ldc);
    DoubleVector c31 = start(first, c, co + 3 * ldc + L);
    DoubleVector c32 = start(first, c, co + 3 * ldc + 2 * L);
    DoubleVector c33 = start(first, c, co + 3 * ldc + 3 * L);
    DoubleVector c40 = start(first, c, co + 4 * ldc);
    DoubleVector c41 = start(first, c, co + 4 * ldc + L);
    DoubleVector c42 = start(first, c, co + 4 * ldc + 2 * L);
    DoubleVector c43 = start(first, c, co + 4 * ldc + 3 * L);
    DoubleVector c50 = start(first, c, co + 5 * ldc);
    DoubleVector c51 = start(first, c, co + 5 * ldc + L);
    DoubleVector c52 = start(first, c, co + 5 * ldc + 2 * L);
    DoubleVector c53 = start(first, c, co + 5 * ldc + 3 * L);
    for (int p = 0; p < kc; p++) {
      int y = bo + p * NR;
      int x = ao + p * MR;
      DoubleVector b0 = DoubleVector.fromArray(S, bp, y);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, y + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, y + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, bp, y + 3 * L);
      DoubleVector a = DoubleVector.broadcast(S, ap[x]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      c02 = a.fma(b2, c02);
      c03 = a.fma(b3, c03);
      a = DoubleVector.broadcast(S, ap[x + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      c12 = a.fma(b2, c12);
      c13 = a.fma(b3, c13);
      a = DoubleVector.broadcast(S, ap[x + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      c22 = a.fma(b2, c22);
      c23 = a.fma(b3, c23);
      a = DoubleVector.broadcast(S, ap[x + 3]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      c32 = a.fma(b2, c32);
      c33 = a.fma(b3, c33);
      a = DoubleVector.broadcast(S, ap[x + 4]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      c42 = a.fma(b2, c42);
      c43 = a.fma(b3, c43);
      a = DoubleVector.broadcast(S, ap[x + 5]);
      c50 = a.fma(b0, c50);
      c51 = a.fma(b1, c51);
      c52 = a.fma(b2, c52);
      c53 = a.fma(b3, c53);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c02.intoArray(c, co + 2 * L);
    c03.intoArray(c, co + 3 * L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c12.intoArray(c, co + ldc + 2 * L);
    c13.intoArray(c, co + ldc + 3 * L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c22.intoArray(c, co + 2 * ldc + 2 * L);
    c23.intoArray(c, co + 2 * ldc + 3 * L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c32.intoArray(c, co + 3 * ldc + 2 * L);
    c33.intoArray(c, co + 3 * ldc + 3 * L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c42.intoArray(c, co + 4 * ldc + 2 * L);
    c43.intoArray(c, co + 4 * ldc + 3 * L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
    c52.intoArray(c, co + 5 * ldc + 2 * L);
    c53.intoArray(c, co + 5 * ldc + 3 * L);
  }


  /** {@return zero when {@code first}, else the C vector at {@code ci}: where an FMA chain starts} */
  private static DoubleVector start(boolean first, double[] c, int ci) {
    return first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, c, ci);
  }
}
