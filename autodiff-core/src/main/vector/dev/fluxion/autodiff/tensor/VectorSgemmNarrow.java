package dev.fluxion.autodiff.tensor;

import static dev.fluxion.autodiff.tensor.VectorSgemm.KC;
import static dev.fluxion.autodiff.tensor.VectorSgemm.L;
import static dev.fluxion.autodiff.tensor.VectorSgemm.S;
import static dev.fluxion.autodiff.tensor.VectorSgemm.start;

import dev.fluxion.autodiff.tensor.GemmProvider.FloatOperands;
import jdk.incubator.vector.FloatVector;

/**
 * The {@code float} product of {@link VectorSgemm} when it is at most one vector wide
 * ({@code n <= L} on 512-bit vectors): a {@code 12 x 1}-vector register tile, where the
 * {@code 6 x 4}-vector one would compute 54 of 64 columns for nothing at {@code n = 10}
 * ({@code GemmThroughput --dtype float32 --case MLP_FWD2}: 9.8 to 11.3 GFLOP/s). Each element is
 * the same {@code float} FMA chain over the inner dimension in order as in every other kernel.
 */
final class VectorSgemmNarrow {
  /** Rows of the register tile: 12 accumulators, one B vector and a broadcast. */
  static final int MR = 12;
  /** Per-thread packing space of fixed size: B's panel, A's panel, the edge tile. */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[KC * L], new float[KC * MR], new float[MR * L]});

  private VectorSgemmNarrow() {}

  /**
   * Rows {@code [i0, i1)} of a product at most one vector wide ({@code n <= L}: a 10-class output
   * layer, a convolution's weight gradient): B is one zero-padded panel {@code L} wide, A is packed
   * in panels {@link #MR} rows high, and {@link #micro12x1} keeps a {@code 12 x L} tile,
   * where the {@code 6 x 4L} tile would compute 54 of 64 columns for nothing at {@code n = 10}.
   */
  static void rows(FloatOperands o, int i0, int i1) {
    int n = o.n();
    int k = o.k();
    int ldc = o.ldc();
    float[][] buf = BUFFERS.get();
    float[] c = o.c();
    float[] b = o.b();
    float[] a = o.a();
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      float[] bp = buf[0];
      for (int p = 0; p < kc; p++) {
        int src = o.bOff() + (pc + p) * o.brs();
        for (int j = 0; j < L; j++) {
          bp[p * L + j] = j < n ? b[src + j * o.bcs()] : 0f;
        }
      }
      boolean first = pc == 0;
      int mc = i1 - i0;
      float[] ap = buf[1];
      for (int ir = 0; ir < mc; ir += MR) {
        int mr = Math.min(MR, mc - ir);
        int src = o.aOff() + (i0 + ir) * o.ars() + pc * o.acs();
        for (int p = 0; p < kc; p++) {
          int s = src + p * o.acs();
          for (int r = 0; r < MR; r++) {
            ap[p * MR + r] = r < mr ? a[s + r * o.ars()] : 0f;
          }
        }
        int co = o.cOff() + (i0 + ir) * ldc;
        if (mr == MR && n == L) {
          micro12x1(kc, ap, 0, bp, 0, c, co, ldc, first);
        } else {
          float[] tile = buf[2];
          if (!first) {
            for (int r = 0; r < mr; r++) {
              System.arraycopy(c, co + r * ldc, tile, r * L, n);
            }
          }
          micro12x1(kc, ap, 0, bp, 0, tile, 0, L, first);
          for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * L, c, co + r * ldc, n);
          }
        }
      }
    }
  }

  /** {@code C[12 x L] (+)= Apanel @ Bpanel} over {@code kc} steps: the narrow tile (one B vector a step). */
  private static void micro12x1(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
      boolean first) {
    FloatVector c0 = start(first, c, co);
    FloatVector c1 = start(first, c, co + ldc);
    FloatVector c2 = start(first, c, co + 2 * ldc);
    FloatVector c3 = start(first, c, co + 3 * ldc);
    FloatVector c4 = start(first, c, co + 4 * ldc);
    FloatVector c5 = start(first, c, co + 5 * ldc);
    FloatVector c6 = start(first, c, co + 6 * ldc);
    FloatVector c7 = start(first, c, co + 7 * ldc);
    FloatVector c8 = start(first, c, co + 8 * ldc);
    FloatVector c9 = start(first, c, co + 9 * ldc);
    FloatVector c10 = start(first, c, co + 10 * ldc);
    FloatVector c11 = start(first, c, co + 11 * ldc);
    for (int p = 0; p < kc; p++) {
      int x = ao + p * MR;
      FloatVector b = FloatVector.fromArray(S, bp, bo + p * L);
      c0 = FloatVector.broadcast(S, ap[x]).fma(b, c0);
      c1 = FloatVector.broadcast(S, ap[x + 1]).fma(b, c1);
      c2 = FloatVector.broadcast(S, ap[x + 2]).fma(b, c2);
      c3 = FloatVector.broadcast(S, ap[x + 3]).fma(b, c3);
      c4 = FloatVector.broadcast(S, ap[x + 4]).fma(b, c4);
      c5 = FloatVector.broadcast(S, ap[x + 5]).fma(b, c5);
      c6 = FloatVector.broadcast(S, ap[x + 6]).fma(b, c6);
      c7 = FloatVector.broadcast(S, ap[x + 7]).fma(b, c7);
      c8 = FloatVector.broadcast(S, ap[x + 8]).fma(b, c8);
      c9 = FloatVector.broadcast(S, ap[x + 9]).fma(b, c9);
      c10 = FloatVector.broadcast(S, ap[x + 10]).fma(b, c10);
      c11 = FloatVector.broadcast(S, ap[x + 11]).fma(b, c11);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + ldc);
    c2.intoArray(c, co + 2 * ldc);
    c3.intoArray(c, co + 3 * ldc);
    c4.intoArray(c, co + 4 * ldc);
    c5.intoArray(c, co + 5 * ldc);
    c6.intoArray(c, co + 6 * ldc);
    c7.intoArray(c, co + 7 * ldc);
    c8.intoArray(c, co + 8 * ldc);
    c9.intoArray(c, co + 9 * ldc);
    c10.intoArray(c, co + 10 * ldc);
    c11.intoArray(c, co + 11 * ldc);
  }
}
