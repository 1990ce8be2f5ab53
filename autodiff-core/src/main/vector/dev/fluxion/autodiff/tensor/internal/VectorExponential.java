package dev.fluxion.autodiff.tensor.internal;

import static dev.fluxion.autodiff.tensor.internal.Exponential.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

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
  public void expDiv(float[] x, int xo, double shift, double d, float[] r, int ro, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, xo + i).convertShape(VectorOperators.F2D, D, 0);
      ((FloatVector) exp(v.sub(shift)).div(d).convertShape(VectorOperators.D2F, F, 0)).intoArray(r, ro + i);
    }
    for (; i < n; i++) {
      r[ro + i] = (float) (Exponential.exp(x[xo + i] - shift) / d);
    }
  }

  @Override
  public void expDiv(double[] x, int xo, double shift, double d, double[] r, int ro, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      exp(DoubleVector.fromArray(D, x, xo + i).sub(shift)).div(d).intoArray(r, ro + i);
    }
    for (; i < n; i++) {
      r[ro + i] = Exponential.exp(x[xo + i] - shift) / d;
    }
  }

  @Override
  public double sumExp(float[] x, int xo, double shift, int n) {
    double[] s = new double[LANES];
    int i = 0;
    for (; i <= n - LANES; i += LANES) {
      for (int j = 0; j < LANES; j += L) {
        DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, xo + i + j).convertShape(VectorOperators.F2D, D, 0);
        DoubleVector.fromArray(D, s, j).add(exp(v.sub(shift))).intoArray(s, j);
      }
    }
    for (; i < n; i++) {
      s[i % LANES] += Exponential.exp(x[xo + i] - shift);
    }
    return sum(s);
  }

  @Override
  public double sumExp(double[] x, int xo, double shift, int n) {
    double[] s = new double[LANES];
    int i = 0;
    for (; i <= n - LANES; i += LANES) {
      for (int j = 0; j < LANES; j += L) {
        DoubleVector.fromArray(D, s, j).add(exp(DoubleVector.fromArray(D, x, xo + i + j).sub(shift))).intoArray(s, j);
      }
    }
    for (; i < n; i++) {
      s[i % LANES] += Exponential.exp(x[xo + i] - shift);
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
