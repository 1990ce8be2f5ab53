package dev.fluxion.autodiff.tensor.internal;

import static dev.fluxion.autodiff.tensor.internal.ErrorFunction.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ErrorFunction}'s loops on the Vector API: each lane runs the scalar kernel's operations in
 * its order (products, sums and conversions are exact IEEE operations on every lane, the table
 * entries are read lane by lane), so the bits equal {@link ErrorFunction#erf(double)}'s. A vector computes a
 * branch only if one of its lanes takes it. The branches are methods of their own that pass vectors
 * through small arrays, never as arguments: C2 compiles each within its node budget, and a vector that
 * crossed a call it did not inline would be boxed on the heap.
 */
final class VectorErrorFunction implements ErrorFunction.Loops {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.length() <= 8
      ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_512;
  private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * 32));
  private static final int L = D.length();
  private static final long SIGN = Long.MIN_VALUE;

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
   * {@code r[ro + j] = erf(x[xo + j])} for {@code j < 2L}: two vectors, whose middle branches run together;
   * {@code scratch} ({@code 4L}) and {@code index} ({@code 2L}) are work space.
   */
  private static void block(double[] x, int xo, double[] r, int ro, double[] scratch, double[] other, long[] index) {
    DoubleVector v = DoubleVector.fromArray(D, x, xo);
    DoubleVector w = DoubleVector.fromArray(D, x, xo + L);
    DoubleVector y = start(v, scratch);
    DoubleVector z = start(w, other);
    VectorMask<Double> mv = v.abs().lt(6.0).andNot(v.abs().lt(0.5));
    VectorMask<Double> mw = w.abs().lt(6.0).andNot(w.abs().lt(0.5));
    if (mv.or(mw).anyTrue()) {
      DoubleVector.broadcast(D, 0.5).blend(v.abs(), mv).intoArray(scratch, 0);
      DoubleVector.broadcast(D, 0.5).blend(w.abs(), mw).intoArray(other, 0);
      aroundEighth(scratch, other, index);
      y = y.blend(withSignOf(DoubleVector.fromArray(D, scratch, L), v), mv);
      z = z.blend(withSignOf(DoubleVector.fromArray(D, other, L), w), mw);
    }
    y.intoArray(r, ro);
    z.intoArray(r, ro + L);
  }

  /** {@return {@code erf(v)} on the lanes outside the middle branch} ({@code scratch}: {@code 2L} work space) */
  private static DoubleVector start(DoubleVector v, double[] scratch) {
    VectorMask<Double> small = v.abs().lt(0.5);
    DoubleVector y = withSignOf(DoubleVector.broadcast(D, 1.0), v).blend(v, v.test(VectorOperators.IS_NAN));
    if (small.anyTrue()) {
      v.intoArray(scratch, 0);
      maclaurin(scratch);
      y = y.blend(DoubleVector.fromArray(D, scratch, L), small);
    }
    return y;
  }

  /** {@code |v|} with the sign of {@code x}, as {@code Math.copySign}. */
  private static DoubleVector withSignOf(DoubleVector v, DoubleVector x) {
    return v.reinterpretAsLongs().and(~SIGN).or(x.reinterpretAsLongs().and(SIGN)).reinterpretAsDoubles();
  }

  /** {@code s[L + j] = x + x · maclaurinTail(x²)} for {@code x = s[j]}, each lane as {@link ErrorFunction#erf}. */
  private static void maclaurin(double[] s) {
    DoubleVector x = DoubleVector.fromArray(D, s, 0);
    DoubleVector minusT = x.mul(x).neg();
    DoubleVector term = minusT;
    DoubleVector sum = DoubleVector.zero(D);
    for (int n = 1; n < SERIES_TERMS; n++) {
      sum = sum.add(term.mul(INVERSE_ODD[n]));
      term = term.mul(minusT.mul(INVERSE[n]));
    }
    DoubleVector tail = sum.mul(TWO_OVER_SQRT_PI).add(TWO_OVER_SQRT_PI_MINUS_1);
    x.add(x.mul(tail)).intoArray(s, L);
  }

  /**
   * {@code s[L + j] = aroundEighth(s[j])}, {@code 1/2 <= s[j] < 6}, each lane as
   * {@link ErrorFunction#aroundEighth}; the lanes of {@code t} likewise, in the same loop, so the two
   * recurrences (each step waits for the one before) overlap.
   */
  private static void aroundEighth(double[] s, double[] t, long[] index) {
    DoubleVector ax = DoubleVector.fromArray(D, s, 0);
    DoubleVector bx = DoubleVector.fromArray(D, t, 0);
    DoubleVector shiftedA = ax.fma(8.0, Exponential.SHIFT);
    DoubleVector shiftedB = bx.fma(8.0, Exponential.SHIFT);
    shiftedA.reinterpretAsLongs().sub(Exponential.SHIFT_BITS).intoArray(index, 0);
    shiftedB.reinterpretAsLongs().sub(Exponential.SHIFT_BITS).intoArray(index, L);
    DoubleVector ha = ax.sub(shiftedA.sub(Exponential.SHIFT).mul(0.125));
    DoubleVector hb = bx.sub(shiftedB.sub(Exponential.SHIFT).mul(0.125));
    DoubleVector linearA = shiftedA.sub(Exponential.SHIFT).mul(0.125).mul(-2.0).mul(ha);
    DoubleVector linearB = shiftedB.sub(Exponential.SHIFT).mul(0.125).mul(-2.0).mul(hb);
    DoubleVector quadraticA = ha.mul(-2.0).mul(ha);
    DoubleVector quadraticB = hb.mul(-2.0).mul(hb);
    DoubleVector previousA = DoubleVector.broadcast(D, 1.0);
    DoubleVector previousB = previousA;
    DoubleVector currentA = linearA;
    DoubleVector currentB = linearB;
    DoubleVector sumA = previousA.add(currentA.mul(0.5));
    DoubleVector sumB = previousB.add(currentB.mul(0.5));
    for (int j = 1; j < TAYLOR_TERMS; j++) {
      DoubleVector nextA = linearA.mul(currentA).add(quadraticA.mul(previousA)).mul(INVERSE[j]);
      DoubleVector nextB = linearB.mul(currentB).add(quadraticB.mul(previousB)).mul(INVERSE[j]);
      sumA = sumA.add(nextA.mul(INVERSE[j + 1]));
      sumB = sumB.add(nextB.mul(INVERSE[j + 1]));
      previousA = currentA;
      previousB = currentB;
      currentA = nextA;
      currentB = nextB;
    }
    finish(s, ha.mul(sumA), index, 0);
    finish(t, hb.mul(sumB), index, L);
  }

  /** {@code s[L + j] = erf(a) + slope(a) · hs[j]} at the centre {@code index[from + j]}. */
  private static void finish(double[] s, DoubleVector hs, long[] index, int from) {
    for (int j = 0; j < L; j++) {
      int k = (int) index[from + j] - FIRST;
      s[j] = AT_EIGHTHS[k];
      s[L + j] = SLOPE_AT_EIGHTHS[k];
    }
    DoubleVector.fromArray(D, s, 0).add(DoubleVector.fromArray(D, s, L).mul(hs)).intoArray(s, L);
  }
}
