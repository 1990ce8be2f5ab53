package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.FloatOperands;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code float} product of {@link VectorGemm}: the same BLIS-style blocking and packing (a
 * {@code KC x NC} block of B in panels {@link #NR} columns wide, an {@code MC x KC} block of A in
 * panels {@link #MR} rows high, zero-padded), with a {@link FloatVector} micro-kernel of the
 * preferred species ({@code L} floats: 16 with AVX-512, 8 with AVX2). The register tile of C is
 * {@code 6 x 4} vectors when the species is 512 bits wide (24 accumulators, 4 B vectors and a
 * broadcast: 29 of AVX-512's 32 registers; 10 loads per 24 FMAs; the fastest of 8 x 2, 12 x 2,
 * 14 x 2, 8 x 3 and 6 x 4 in interleaved single-thread runs on a busy 2-core machine), else
 * {@code 4 x 2} vectors (8 accumulators, as the {@code double} kernel, which AVX2's 16 registers
 * hold without spilling). Each element is the {@code float} FMA chain over the inner dimension in
 * order, accumulated in {@code float} (as OpenBLAS's SGEMM), lane-wise FMA being bit-identical to
 * {@link Math#fma(float, float, float)}.
 */
final class VectorSgemm {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final boolean WIDE = S.vectorBitSize() >= 512;
  static final int MR = WIDE ? 6 : 4;
  static final int NR = (WIDE ? 4 : 2) * L;
  static final int KC = 256;
  private static final int MC = 20 * MR;
  private static final int NC = 4096;
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private VectorSgemm() {}

  /** Per-thread packing space, reused across calls (never escapes this class). */
  private static final class Buffers {
    float[] a = new float[0];
    float[] b = new float[0];
    final float[] tile = new float[MR * NR];

    float[] a(int size) {
      if (a.length < size) {
        a = new float[size];
      }
      return a;
    }

    float[] b(int size) {
      if (b.length < size) {
        b = new float[size];
      }
      return b;
    }
  }

  /** {@return the vector shape, for {@link VectorGemm#describe()}} */
  static String describe() {
    return L + " floats per vector, " + MR + "x" + NR + " float micro-kernel";
  }

  /**
   * Rows {@code [i0, i1)} of the {@code float} product (all {@code o.n()} columns), on the
   * {@code MR x NR} tile, or on {@link VectorSgemmNarrow}'s when 512-bit vectors would leave most
   * of a {@code 4L}-wide tile empty.
   */
  static void rows(FloatOperands o, int i0, int i1) {
    if (WIDE && o.n() <= L) {
      VectorSgemmNarrow.rows(o, i0, i1);
      return;
    }
    int n = o.n();
    int ldc = o.ldc();
    int k = o.k();
    Buffers buf = BUFFERS.get();
    float[] c = o.c();
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      int ncPadded = roundUp(nc, NR);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        float[] bp = buf.b(kc * ncPadded);
        packB(o, pc, jc, kc, nc, bp);
        boolean first = pc == 0;
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          float[] ap = buf.a(kc * roundUp(mc, MR));
          packA(o, ic, pc, mc, kc, ap);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int ao = ir * kc;
              int co = o.cOff() + (ic + ir) * ldc + jc + jr;
              if (mr == MR && nr == NR) {
                micro(kc, ap, ao, bp, bo, c, co, ldc, first);
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
  private static void packB(FloatOperands o, int pc, int jc, int kc, int nc, float[] bp) {
    float[] b = o.b();
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
          java.util.Arrays.fill(bp, dst + p * NR + nr, dst + (p + 1) * NR, 0f);
        }
      }
    }
  }

  /** Packs {@code A(ic.., pc..)}, {@code mc x kc}, as panels {@code ap[ir*kc + p*MR + r]}; zero pad. */
  private static void packA(FloatOperands o, int ic, int pc, int mc, int kc, float[] ap) {
    float[] a = o.a();
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
          ap[d] = 0f;
        }
      }
    }
  }

  /**
   * An edge tile: run the micro-kernel on a scratch tile, then copy its valid {@code mr x nr} part
   * (the rest holds an earlier tile's values, computed on but never copied out; lanes do not mix).
   */
  private static void edge(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int n, int mr,
      int nr, boolean first, float[] tile) {
    if (!first) {
      for (int r = 0; r < mr; r++) {
        System.arraycopy(c, co + r * n, tile, r * NR, nr);
      }
    }
    micro(kc, ap, ao, bp, bo, tile, 0, NR, first);
    for (int r = 0; r < mr; r++) {
      System.arraycopy(tile, r * NR, c, co + r * n, nr);
    }
  }

  private static void micro(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
      boolean first) {
    if (WIDE) {
      micro6x4(kc, ap, ao, bp, bo, c, co, ldc, first);
    } else {
      micro4x2(kc, ap, ao, bp, bo, c, co, ldc, first);
    }
  }

  /** {@code C[6 x 4L] (+)= Apanel @ Bpanel} over {@code kc} steps; {@code ldc} is C's row stride. */
  private static void micro6x4(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
      boolean first) {
    FloatVector c00 = start(first, c, co);
    FloatVector c01 = start(first, c, co + L);
    FloatVector c02 = start(first, c, co + 2 * L);
    FloatVector c03 = start(first, c, co + 3 * L);
    FloatVector c10 = start(first, c, co + ldc);
    FloatVector c11 = start(first, c, co + ldc + L);
    FloatVector c12 = start(first, c, co + ldc + 2 * L);
    FloatVector c13 = start(first, c, co + ldc + 3 * L);
    FloatVector c20 = start(first, c, co + 2 * ldc);
    FloatVector c21 = start(first, c, co + 2 * ldc + L);
    FloatVector c22 = start(first, c, co + 2 * ldc + 2 * L);
    FloatVector c23 = start(first, c, co + 2 * ldc + 3 * L);
    FloatVector c30 = start(first, c, co + 3 * ldc);
    FloatVector c31 = start(first, c, co + 3 * ldc + L);
    FloatVector c32 = start(first, c, co + 3 * ldc + 2 * L);
    FloatVector c33 = start(first, c, co + 3 * ldc + 3 * L);
    FloatVector c40 = start(first, c, co + 4 * ldc);
    FloatVector c41 = start(first, c, co + 4 * ldc + L);
    FloatVector c42 = start(first, c, co + 4 * ldc + 2 * L);
    FloatVector c43 = start(first, c, co + 4 * ldc + 3 * L);
    FloatVector c50 = start(first, c, co + 5 * ldc);
    FloatVector c51 = start(first, c, co + 5 * ldc + L);
    FloatVector c52 = start(first, c, co + 5 * ldc + 2 * L);
    FloatVector c53 = start(first, c, co + 5 * ldc + 3 * L);
    for (int p = 0; p < kc; p++) {
      int y = bo + p * NR;
      int x = ao + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, bp, y);
      FloatVector b1 = FloatVector.fromArray(S, bp, y + L);
      FloatVector b2 = FloatVector.fromArray(S, bp, y + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, bp, y + 3 * L);
      FloatVector a = FloatVector.broadcast(S, ap[x]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      c02 = a.fma(b2, c02);
      c03 = a.fma(b3, c03);
      a = FloatVector.broadcast(S, ap[x + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      c12 = a.fma(b2, c12);
      c13 = a.fma(b3, c13);
      a = FloatVector.broadcast(S, ap[x + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      c22 = a.fma(b2, c22);
      c23 = a.fma(b3, c23);
      a = FloatVector.broadcast(S, ap[x + 3]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      c32 = a.fma(b2, c32);
      c33 = a.fma(b3, c33);
      a = FloatVector.broadcast(S, ap[x + 4]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      c42 = a.fma(b2, c42);
      c43 = a.fma(b3, c43);
      a = FloatVector.broadcast(S, ap[x + 5]);
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


  /** {@code C[4 x 2L] (+)= Apanel @ Bpanel} over {@code kc} steps; {@code ldc} is C's row stride. */
  private static void micro4x2(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
      boolean first) {
    FloatVector c00 = start(first, c, co);
    FloatVector c01 = start(first, c, co + L);
    FloatVector c10 = start(first, c, co + ldc);
    FloatVector c11 = start(first, c, co + ldc + L);
    FloatVector c20 = start(first, c, co + 2 * ldc);
    FloatVector c21 = start(first, c, co + 2 * ldc + L);
    FloatVector c30 = start(first, c, co + 3 * ldc);
    FloatVector c31 = start(first, c, co + 3 * ldc + L);
    for (int p = 0; p < kc; p++) {
      int y = bo + p * NR;
      int x = ao + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, bp, y);
      FloatVector b1 = FloatVector.fromArray(S, bp, y + L);
      FloatVector a = FloatVector.broadcast(S, ap[x]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(S, ap[x + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(S, ap[x + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(S, ap[x + 3]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
  }


  /** {@return zero when {@code first}, else the C vector at {@code ci}: where an FMA chain starts} */
  static FloatVector start(boolean first, float[] c, int ci) {
    return first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci);
  }
}
