package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.GemmProvider.FloatOperands;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link GemmProvider}, loaded only by reflection from {@link GemmProvider#vector()}.
 *
 * <p>Blocked the way BLIS and OpenBLAS block: a {@code KC x NC} block of B is packed into panels
 * {@link #NR} columns wide, an {@code MC x KC} block of A into panels {@link #MR} rows high, both
 * contiguous in the order the micro-kernel reads them and zero-padded at the edges. The
 * micro-kernel keeps an {@code MR x NR} tile of C in registers (4 rows by 2 vectors: 8
 * accumulators; 6 x 2 and 4 x 3 tiles, which need 15 or 16 of AVX2's 16 registers, spilled in C2
 * and ran at half the speed) and walks the inner
 * dimension in order with lane-wise FMA, bit-identical to {@link Math#fma}. It is small and
 * mask-free; edge tiles run it on a scratch tile and copy the valid part. The {@code float}
 * product is {@link VectorSgemm}'s.
 *
 * <p>Only the micro-kernels use vectors; packing copies with plain loops (C2 vectorizes them) and
 * {@link System#arraycopy}. A method called a few hundred times may stay compiled by C1, where
 * every vector op allocates its box: a vector copy in {@code packB} ran there in about one JVM in
 * ten and allocated 1.6 MB per step of the MLP of {@code StepCostTest}.
 */
final class VectorGemm implements GemmProvider {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int MR = 4;
  private static final int NR = 2 * L;
  private static final int KC = 256;
  private static final int MC = 16 * MR;
  private static final int NC = 4096;
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

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

  @Override
  public String describe() {
    return "VectorGemm (jdk.incubator.vector, " + S.vectorBitSize() + "-bit, " + L + " doubles per vector, "
        + (VectorDgemmWide.WIDE ? "6x" + 4 * L + " micro-kernel, " : "") + MR + "x" + NR + " micro-kernel"
        + (VectorDgemmWide.WIDE ? " for n <= " + NR : "") + "; " + VectorSgemm.describe() + ")";
  }

  @Override
  public void rows(FloatOperands o, int i0, int i1) {
    VectorSgemm.rows(o, i0, i1);
  }

  @Override
  public void rows(Operands o, int i0, int i1) {
    if (VectorDgemmWide.WIDE && o.n() > 2 * L) {
      VectorDgemmWide.rows(o, i0, i1);
      return;
    }
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
  private static void packB(Operands o, int pc, int jc, int kc, int nc, double[] bp) {
    double[] b = o.b();
    int brs = o.brs();
    int bcs = o.bcs();
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int dst = jr * kc;
      int src = o.bOff() + pc * brs + (jc + jr) * bcs;
      if (bcs == 1 && nr == NR) {
        for (int p = 0; p < kc; p++) {
          for (int j = 0, from = src + p * brs, to = dst + p * NR; j < NR; j++) {
            bp[to + j] = b[from + j];
          }
        }
      } else if (bcs == 1) {
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
      if (mr == MR) {
        for (int p = 0, s = src, d = dst; p < kc; p++, s += acs, d += MR) {
          ap[d] = a[s];
          ap[d + 1] = a[s + ars];
          ap[d + 2] = a[s + 2 * ars];
          ap[d + 3] = a[s + 3 * ars];
        }
      } else {
        for (int r = 0; r < mr; r++) {
          int s = src + r * ars;
          for (int p = 0; p < kc; p++) {
            ap[dst + p * MR + r] = a[s + p * acs];
          }
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
   * An edge tile: run the micro-kernel on a scratch tile, then copy its valid {@code mr x nr} part.
   * The rest of the scratch tile holds whatever an earlier tile left; it is computed on but never
   * copied out, and lanes do not mix, so it cannot affect the valid part.
   */
  private static void edge(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int n, int mr,
      int nr, boolean first, double[] tile) {
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

  /** {@code C[4 x 2L] (+)= Apanel @ Bpanel} over {@code kc} steps; {@code ldc} is C's row stride. */
  private static void micro(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc,
      boolean first) {
    DoubleVector c00 = start(first, c, co);
    DoubleVector c01 = start(first, c, co + L);
    DoubleVector c10 = start(first, c, co + ldc);
    DoubleVector c11 = start(first, c, co + ldc + L);
    DoubleVector c20 = start(first, c, co + 2 * ldc);
    DoubleVector c21 = start(first, c, co + 2 * ldc + L);
    DoubleVector c30 = start(first, c, co + 3 * ldc);
    DoubleVector c31 = start(first, c, co + 3 * ldc + L);
    for (int p = 0; p < kc; p++) {
      int y = bo + p * NR;
      int x = ao + p * MR;
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
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
  }

  private static DoubleVector start(boolean first, double[] c, int ci) {
    return first ? DoubleVector.zero(S) : DoubleVector.fromArray(S, c, ci);
  }

}
