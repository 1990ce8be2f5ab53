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
 * so the bits equal the scalar kernel's.
 *
 * <p>One method holds the exponential's vector code ({@code expInto}, from doubles or floats); every
 * other loop passes it arrays (results in a scratch row of doubles, sums read back from it), never a
 * vector. A vector that crosses a call C2 does not inline is boxed on the heap, and whether C2 inlines
 * a helper depends on the caller's size and profile: a softmax with an inlined helper ran at half
 * speed in one program and full speed in another. The price is warm-up: the loop reaches C2 after
 * about 1,400 calls on short arrays, and until then each vector operation is boxed (a small MLP's
 * first epoch measured 1.85-1.94 s with the helper, 2.00-2.02 s with this loop; its later epochs
 * are the same). A warm-up thread calling the loops at load was tried: on two cores it cost more
 * than it saved (2.13-2.40 s).
 */
final class VectorExponential implements Exponential.Loops {
  /** The machine's double vectors, at most {@link Exponential#LANES} lanes so the sums' order holds. */
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.length() <= LANES
      ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_512;
  /** Floats as many as {@link #D}'s lanes. */
  private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * 32));
  private static final int L = D.length();
  /** The elements of a scratch block, a multiple of {@link Exponential#LANES}. */
  private static final int BLOCK = 256;

  @Override
  public void exp(double[] x, int xo, double shift, double[] r, int ro, int n) {
    expInto(null, x, xo, shift, r, ro, n);
  }

  @Override
  public void exp(float[] x, int xo, double shift, float[] r, int ro, int n) {
    double[] w = new double[Math.min(BLOCK, n)];
    for (int b = 0; b < n; b += BLOCK) {
      int m = Math.min(BLOCK, n - b);
      expInto(x, null, xo + b, shift, w, 0, m);
      narrow(w, r, ro + b, m);
    }
  }

  @Override
  public double sumExp(float[] x, int xo, double shift, int n, double @Nullable [] e) {
    double[] s = new double[LANES];
    double[] w = e != null ? e : new double[Math.min(BLOCK, n)];
    for (int b = 0; b < n; b += BLOCK) {
      int m = Math.min(BLOCK, n - b);
      int at = e != null ? b : 0;
      expInto(x, null, xo + b, shift, w, at, m);
      addInto(s, w, at, m);
    }
    return sum(s);
  }

  @Override
  public double sumExp(double[] x, int xo, double shift, int n, double @Nullable [] e) {
    double[] s = new double[LANES];
    double[] w = e != null ? e : new double[Math.min(BLOCK, n)];
    for (int b = 0; b < n; b += BLOCK) {
      int m = Math.min(BLOCK, n - b);
      int at = e != null ? b : 0;
      expInto(null, x, xo + b, shift, w, at, m);
      addInto(s, w, at, m);
    }
    return sum(s);
  }

  /** {@code r[ro + i] = (float) w[i]}, {@code i < m}. */
  private static void narrow(double[] w, float[] r, int ro, int m) {
    int i = 0;
    for (; i <= m - L; i += L) {
      ((FloatVector) DoubleVector.fromArray(D, w, i).convertShape(VectorOperators.D2F, F, 0)).intoArray(r, ro + i);
    }
    for (; i < m; i++) {
      r[ro + i] = (float) w[i];
    }
  }

  /**
   * {@code s[i % LANES] += w[at + i]} for {@code i < m} ({@code at}'s block starts at a multiple of
   * {@code LANES}), each sum in element order: {@link Exponential#sumExp}'s.
   */
  private static void addInto(double[] s, double[] w, int at, int m) {
    int i = 0;
    if (2 * L >= LANES) {
      DoubleVector s0 = DoubleVector.fromArray(D, s, 0);
      DoubleVector s1 = L < LANES ? DoubleVector.fromArray(D, s, L) : s0;
      for (; i <= m - LANES; i += LANES) {
        s0 = s0.add(DoubleVector.fromArray(D, w, at + i));
        if (L < LANES) {
          s1 = s1.add(DoubleVector.fromArray(D, w, at + i + L));
        }
      }
      s0.intoArray(s, 0);
      if (L < LANES) {
        s1.intoArray(s, L);
      }
    }
    for (; i < m; i++) {
      s[i % LANES] += w[at + i];
    }
  }

  /**
   * {@code r[ro + i] = exp(x[xo + i] - shift)} for {@code i < n}, {@code x} either {@code xd} or, widened,
   * {@code xf} (the other null): the one method with the exponential's vector code (C2 unswitches the
   * loop on which array is given).
   */
  private static void expInto(float @Nullable [] xf, double @Nullable [] xd, int xo, double shift, double[] r, int ro,
      int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      DoubleVector x = xf != null
          ? (DoubleVector) FloatVector.fromArray(F, xf, xo + i).convertShape(VectorOperators.F2D, D, 0)
          : DoubleVector.fromArray(D, xd, xo + i);
      DoubleVector y = x.sub(shift).max(LOW).min(HIGH);
      DoubleVector t = y.fma(LOG2E, SHIFT);
      DoubleVector nk = t.sub(SHIFT).neg();
      LongVector k = t.reinterpretAsLongs().sub(SHIFT_BITS);
      DoubleVector q = nk.fma(DoubleVector.broadcast(D, LN2_HI), y);
      q = nk.fma(DoubleVector.broadcast(D, LN2_LO), q);
      DoubleVector p = q.fma(C13, C12);
      p = p.fma(q, DoubleVector.broadcast(D, C11));
      p = p.fma(q, DoubleVector.broadcast(D, C10));
      p = p.fma(q, DoubleVector.broadcast(D, C9));
      p = p.fma(q, DoubleVector.broadcast(D, C8));
      p = p.fma(q, DoubleVector.broadcast(D, C7));
      p = p.fma(q, DoubleVector.broadcast(D, C6));
      p = p.fma(q, DoubleVector.broadcast(D, C5));
      p = p.fma(q, DoubleVector.broadcast(D, C4));
      p = p.fma(q, DoubleVector.broadcast(D, C3));
      p = p.fma(q, DoubleVector.broadcast(D, C2));
      DoubleVector e = q.mul(q).fma(p, q).add(1.0);
      LongVector h = k.lanewise(VectorOperators.ASHR, 1);
      DoubleVector s1 = h.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector s2 = k.sub(h).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      e.mul(s1).mul(s2).intoArray(r, ro + i);
    }
    for (; i < n; i++) {
      r[ro + i] = Exponential.exp((xf != null ? xf[xo + i] : xd[xo + i]) - shift);
    }
  }
}
