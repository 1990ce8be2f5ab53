package dev.fluxion.autodiff.tensor.internal;

import static dev.fluxion.autodiff.tensor.internal.Exponential.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * {@link Exponential}'s loops on the Vector API: each lane runs {@link Exponential#exp(double)}'s
 * operations in its order (FMA, add, multiply, bit moves are exact IEEE operations on every lane),
 * so the bits equal the scalar kernel's. The polynomial is a method of its own so that each method
 * stays small enough for C2 to inline into the loops (a vector that crosses a call that is not
 * inlined is boxed on the heap).
 */
final class VectorExponential implements Exponential.Loops {
  /** The machine's double vectors, at most {@link Exponential#LANES} lanes so the sums' order holds. */
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.length() <= LANES
      ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_512;
  /** Floats as many as {@link #D}'s lanes. */
  private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * 32));
  private static final int L = D.length();

  @Override
  public void exp(double[] x, int xo, double shift, double[] r, int ro, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      exp(DoubleVector.fromArray(D, x, xo + i).sub(shift)).intoArray(r, ro + i);
    }
    for (; i < n; i++) {
      r[ro + i] = Exponential.exp(x[xo + i] - shift);
    }
  }

  @Override
  public void exp(float[] x, int xo, double shift, float[] r, int ro, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, xo + i).convertShape(VectorOperators.F2D, D, 0);
      ((FloatVector) exp(v.sub(shift)).convertShape(VectorOperators.D2F, F, 0)).intoArray(r, ro + i);
    }
    for (; i < n; i++) {
      r[ro + i] = (float) Exponential.exp(x[xo + i] - shift);
    }
  }

  @Override
  public double sumExp(float[] x, int xo, double shift, int n) {
    return sumExp(x, xo, shift, n, null);
  }

  @Override
  public double sumExp(double[] x, int xo, double shift, int n) {
    return sumExp(x, xo, shift, n, null);
  }

  /**
   * The sums run in registers, {@code LANES / L} vectors (one on 512-bit machines, two on 256-bit ones),
   * lane {@code j} of vector {@code v} holding sum {@code vL + j}, as {@link Exponential#sumExp}'s order;
   * narrower machines keep them in an array.
   */
  @Override
  public double sumExp(float[] x, int xo, double shift, int n, double @Nullable [] e) {
    double[] s = new double[LANES];
    int i = 0;
    if (2 * L >= LANES) {
      DoubleVector s0 = DoubleVector.zero(D);
      DoubleVector s1 = s0;
      for (; i <= n - LANES; i += LANES) {
        DoubleVector y = exp(((DoubleVector) FloatVector.fromArray(F, x, xo + i).convertShape(VectorOperators.F2D, D, 0)).sub(shift));
        s0 = s0.add(y);
        if (e != null) {
          y.intoArray(e, i);
        }
        if (L < LANES) {
          DoubleVector z = exp(((DoubleVector) FloatVector.fromArray(F, x, xo + i + L).convertShape(VectorOperators.F2D, D, 0)).sub(shift));
          s1 = s1.add(z);
          if (e != null) {
            z.intoArray(e, i + L);
          }
        }
      }
      s0.intoArray(s, 0);
      if (L < LANES) {
        s1.intoArray(s, L);
      }
    } else {
      for (; i <= n - LANES; i += LANES) {
        for (int j = 0; j < LANES; j += L) {
          DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, xo + i + j).convertShape(VectorOperators.F2D, D, 0);
          DoubleVector y = exp(v.sub(shift));
          if (e != null) {
            y.intoArray(e, i + j);
          }
          DoubleVector.fromArray(D, s, j).add(y).intoArray(s, j);
        }
      }
    }
    for (; i < n; i++) {
      double y = Exponential.exp(x[xo + i] - shift);
      if (e != null) {
        e[i] = y;
      }
      s[i % LANES] += y;
    }
    return sum(s);
  }

  /** As {@link #sumExp(float[], int, double, int, double[])}, for doubles. */
  @Override
  public double sumExp(double[] x, int xo, double shift, int n, double @Nullable [] e) {
    double[] s = new double[LANES];
    int i = 0;
    if (2 * L >= LANES) {
      DoubleVector s0 = DoubleVector.zero(D);
      DoubleVector s1 = s0;
      for (; i <= n - LANES; i += LANES) {
        DoubleVector y = exp(DoubleVector.fromArray(D, x, xo + i).sub(shift));
        s0 = s0.add(y);
        if (e != null) {
          y.intoArray(e, i);
        }
        if (L < LANES) {
          DoubleVector z = exp(DoubleVector.fromArray(D, x, xo + i + L).sub(shift));
          s1 = s1.add(z);
          if (e != null) {
            z.intoArray(e, i + L);
          }
        }
      }
      s0.intoArray(s, 0);
      if (L < LANES) {
        s1.intoArray(s, L);
      }
    } else {
      for (; i <= n - LANES; i += LANES) {
        for (int j = 0; j < LANES; j += L) {
          DoubleVector y = exp(DoubleVector.fromArray(D, x, xo + i + j).sub(shift));
          if (e != null) {
            y.intoArray(e, i + j);
          }
          DoubleVector.fromArray(D, s, j).add(y).intoArray(s, j);
        }
      }
    }
    for (; i < n; i++) {
      double y = Exponential.exp(x[xo + i] - shift);
      if (e != null) {
        e[i] = y;
      }
      s[i % LANES] += y;
    }
    return sum(s);
  }

  /** {@link Exponential#exp(double)} on each lane. */
  private static DoubleVector exp(DoubleVector x) {
    DoubleVector y = x.max(LOW).min(HIGH);
    DoubleVector t = y.fma(LOG2E, SHIFT);
    DoubleVector nk = t.sub(SHIFT).neg();
    LongVector k = t.reinterpretAsLongs().sub(SHIFT_BITS);
    DoubleVector r = nk.fma(DoubleVector.broadcast(D, LN2_HI), y);
    r = nk.fma(DoubleVector.broadcast(D, LN2_LO), r);
    DoubleVector e = r.mul(r).fma(polynomial(r), r).add(1.0);
    LongVector h = k.lanewise(VectorOperators.ASHR, 1);
    DoubleVector s1 = h.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    DoubleVector s2 = k.sub(h).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    return e.mul(s1).mul(s2);
  }

  /** The Horner steps of {@link Exponential#exp(double)}, from {@code C13} down to {@code C2}. */
  private static DoubleVector polynomial(DoubleVector r) {
    DoubleVector p = r.fma(C13, C12);
    p = p.fma(r, DoubleVector.broadcast(D, C11));
    p = p.fma(r, DoubleVector.broadcast(D, C10));
    p = p.fma(r, DoubleVector.broadcast(D, C9));
    p = p.fma(r, DoubleVector.broadcast(D, C8));
    p = p.fma(r, DoubleVector.broadcast(D, C7));
    p = p.fma(r, DoubleVector.broadcast(D, C6));
    p = p.fma(r, DoubleVector.broadcast(D, C5));
    p = p.fma(r, DoubleVector.broadcast(D, C4));
    p = p.fma(r, DoubleVector.broadcast(D, C3));
    return p.fma(r, DoubleVector.broadcast(D, C2));
  }
}
