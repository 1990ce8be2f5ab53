package dev.fluxion.autodiff.tensor.internal;

import static dev.fluxion.autodiff.tensor.internal.ErrorFunction.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ErrorFunction}'s loops on the Vector API: each lane runs the scalar kernel's operations in
 * its order (products, sums and conversions are exact IEEE operations on every lane, the table
 * entries are read lane by lane), so the bits equal {@link ErrorFunction#erf(double)}'s. A pair of vectors
 * computes a branch only if one of its lanes takes it. The branches are methods of their own that pass vectors
 * through small arrays, never as arguments: C2 compiles each within its node budget, and a vector that
 * crossed a call it did not inline would be boxed on the heap.
 */
final class VectorErrorFunction implements ErrorFunction.Loops {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.length() <= 8
      ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_512;
  private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * 32));
  private static final int L = D.length();
  private static final long SIGN = Long.MIN_VALUE;
  private static final LongVector ONE = DoubleVector.broadcast(D, 1.0).reinterpretAsLongs();
  private static final DoubleVector HALF = DoubleVector.broadcast(D, 0.5);

  @Override
  public void erf(double[] x, int xo, double[] r, int ro, int n) {
    double[] scratch = new double[2 * L];
    double[] other = new double[2 * L];
    long[] index = new long[2 * L];
    int i = 0;
    for (; i <= n - 2 * L; i += 2 * L) {
      block(x, xo + i, r, ro + i, scratch, other, index);
    }
    for (; i < n; i++) {
      r[ro + i] = ErrorFunction.erf(x[xo + i]);
    }
  }

  @Override
  public void erf(float[] x, int xo, float[] r, int ro, int n) {
    double[] wide = new double[2 * L];
    double[] scratch = new double[2 * L];
    double[] other = new double[2 * L];
    long[] index = new long[2 * L];
    int i = 0;
    for (; i <= n - 2 * L; i += 2 * L) {
      ((DoubleVector) FloatVector.fromArray(F, x, xo + i).convertShape(VectorOperators.F2D, D, 0)).intoArray(wide, 0);
      ((DoubleVector) FloatVector.fromArray(F, x, xo + i + L).convertShape(VectorOperators.F2D, D, 0)).intoArray(wide, L);
      block(wide, 0, wide, 0, scratch, other, index);
      ((FloatVector) DoubleVector.fromArray(D, wide, 0).convertShape(VectorOperators.D2F, F, 0)).intoArray(r, ro + i);
      ((FloatVector) DoubleVector.fromArray(D, wide, L).convertShape(VectorOperators.D2F, F, 0)).intoArray(r, ro + i + L);
    }
    for (; i < n; i++) {
      r[ro + i] = (float) ErrorFunction.erf(x[xo + i]);
    }
  }

  /**
   * {@code r[ro + j] = erf(x[xo + j])} for {@code j < 2L}: two vectors, whose series run together;
   * {@code scratch} and {@code other} ({@code 2L} each) and {@code index} ({@code 2L}) are work space.
   */
  private static void block(double[] x, int xo, double[] r, int ro, double[] scratch, double[] other, long[] index) {
    DoubleVector v = DoubleVector.fromArray(D, x, xo);
    DoubleVector w = DoubleVector.fromArray(D, x, xo + L);
    LongVector signV = v.reinterpretAsLongs().and(SIGN);
    LongVector signW = w.reinterpretAsLongs().and(SIGN);
    DoubleVector y = ONE.or(signV).reinterpretAsDoubles().blend(v, v.test(VectorOperators.IS_NAN));
    DoubleVector z = ONE.or(signW).reinterpretAsDoubles().blend(w, w.test(VectorOperators.IS_NAN));
    DoubleVector av = v.abs();
    DoubleVector aw = w.abs();
    VectorMask<Double> sv = av.lt(0.5);
    VectorMask<Double> sw = aw.lt(0.5);
    if (sv.or(sw).anyTrue()) {
      v.intoArray(scratch, 0);
      w.intoArray(other, 0);
      maclaurin(scratch, other);
      y = y.blend(DoubleVector.fromArray(D, scratch, L), sv);
      z = z.blend(DoubleVector.fromArray(D, other, L), sw);
    }
    VectorMask<Double> mv = av.lt(6.0).andNot(sv);
    VectorMask<Double> mw = aw.lt(6.0).andNot(sw);
    if (mv.or(mw).anyTrue()) {
      HALF.blend(av, mv).intoArray(scratch, 0);
      HALF.blend(aw, mw).intoArray(other, 0);
      aroundCentre(scratch, other, index);
      // erf is positive there: the sign bit of x set on it is Math.copySign
      y = y.blend(DoubleVector.fromArray(D, scratch, L).reinterpretAsLongs().or(signV).reinterpretAsDoubles(), mv);
      z = z.blend(DoubleVector.fromArray(D, other, L).reinterpretAsLongs().or(signW).reinterpretAsDoubles(), mw);
    }
    y.intoArray(r, ro);
    z.intoArray(r, ro + L);
  }

  /**
   * {@code s[L + j] = fma(x, maclaurinTail(x²), x)} for {@code x = s[j]}, each lane as
   * {@link ErrorFunction#erf}; the lanes of {@code t} likewise, in the same loop.
   */
  private static void maclaurin(double[] s, double[] t) {
    DoubleVector x = DoubleVector.fromArray(D, s, 0);
    DoubleVector u = DoubleVector.fromArray(D, t, 0);
    DoubleVector tx = x.mul(x);
    DoubleVector tu = u.mul(u);
    DoubleVector px = DoubleVector.broadcast(D, MACLAURIN[SERIES_TERMS - 1]);
    DoubleVector pu = px;
    for (int n = SERIES_TERMS - 2; n >= 0; n--) {
      DoubleVector c = DoubleVector.broadcast(D, MACLAURIN[n]);
      px = px.fma(tx, c);
      pu = pu.fma(tu, c);
    }
    x.fma(px.fma(tx, DoubleVector.broadcast(D, TWO_OVER_SQRT_PI_MINUS_1)), x).intoArray(s, L);
    u.fma(pu.fma(tu, DoubleVector.broadcast(D, TWO_OVER_SQRT_PI_MINUS_1)), u).intoArray(t, L);
  }

  /**
   * {@code s[L + j] = aroundCentre(s[j])}, {@code 1/2 <= s[j] < 6}, each lane as
   * {@link ErrorFunction#aroundCentre}; the lanes of {@code t} likewise, in the same loop, so the two
   * recurrences overlap.
   */
  private static void aroundCentre(double[] s, double[] t, long[] index) {
    DoubleVector ax = DoubleVector.fromArray(D, s, 0);
    DoubleVector bx = DoubleVector.fromArray(D, t, 0);
    DoubleVector shiftedA = ax.fma(STEPS, Exponential.SHIFT);
    DoubleVector shiftedB = bx.fma(STEPS, Exponential.SHIFT);
    shiftedA.reinterpretAsLongs().sub(Exponential.SHIFT_BITS).intoArray(index, 0);
    shiftedB.reinterpretAsLongs().sub(Exponential.SHIFT_BITS).intoArray(index, L);
    DoubleVector centreA = shiftedA.sub(Exponential.SHIFT).div(STEPS);
    DoubleVector centreB = shiftedB.sub(Exponential.SHIFT).div(STEPS);
    DoubleVector ha = ax.sub(centreA);
    DoubleVector hb = bx.sub(centreB);
    DoubleVector linearA = centreA.mul(-2.0).mul(ha);
    DoubleVector linearB = centreB.mul(-2.0).mul(hb);
    DoubleVector quadraticA = ha.mul(-2.0).mul(ha);
    DoubleVector quadraticB = hb.mul(-2.0).mul(hb);
    DoubleVector previousA = DoubleVector.broadcast(D, 1.0);
    DoubleVector previousB = previousA;
    DoubleVector currentA = linearA;
    DoubleVector currentB = linearB;
    DoubleVector sumA = currentA.fma(INVERSE[1], 1.0);
    DoubleVector sumB = currentB.fma(INVERSE[1], 1.0);
    for (int j = 1; j < TAYLOR_TERMS; j++) {
      DoubleVector nextA = linearA.mul(INVERSE[j]).fma(currentA, quadraticA.mul(INVERSE[j]).mul(previousA));
      DoubleVector nextB = linearB.mul(INVERSE[j]).fma(currentB, quadraticB.mul(INVERSE[j]).mul(previousB));
      sumA = nextA.fma(DoubleVector.broadcast(D, INVERSE[j + 1]), sumA);
      sumB = nextB.fma(DoubleVector.broadcast(D, INVERSE[j + 1]), sumB);
      previousA = currentA;
      previousB = currentB;
      currentA = nextA;
      currentB = nextB;
    }
    ha.mul(sumA).intoArray(s, L);
    hb.mul(sumB).intoArray(t, L);
    finish(s, index, 0);
    finish(t, index, L);
  }

  /**
   * {@code s[L + j] = fma(slope(a), s[L + j], erf(a))} at the centre {@code index[from + j]}: lane by lane
   * (the FMA of a lane is the vector's), no vector crossing the call.
   */
  private static void finish(double[] s, long[] index, int from) {
    for (int j = 0; j < L; j++) {
      int k = (int) index[from + j] - FIRST;
      s[L + j] = Math.fma(SLOPE_AT_CENTRES[k], s[L + j], AT_CENTRES[k]);
    }
  }
}
