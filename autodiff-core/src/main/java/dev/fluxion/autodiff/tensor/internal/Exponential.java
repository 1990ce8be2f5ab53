package dev.fluxion.autodiff.tensor.internal;

import org.jspecify.annotations.Nullable;

/**
 * The exponential {@code e^x} of every elementwise path (the {@code exp} op, {@code Tensor.exp},
 * chains, softmax, log-sum-exp), written once from IEEE operations only ({@code fma}, {@code +},
 * {@code *}, bit moves), so the SIMD loops ({@code VectorExponential}, when the JVM has the Vector API)
 * and this scalar kernel give the same bits on every lane and machine. Within 1 ulp of the correctly
 * rounded value (measured against {@code StrictMath.exp} on 5 million points of {@code [-750, 712]}:
 * 4.7% differ, all by 1 ulp); {@code exp(NaN) = NaN}, {@code exp(+∞) = +∞}, {@code exp(-∞) = 0},
 * overflow above {@code 709.782712893384}, subnormal results rounded once.
 *
 * <p>The method: {@code k = round(x / ln 2)} by adding {@code 1.5·2^52}, {@code r = x - k ln 2} in two
 * FMAs ({@code |r| <= 0.35}), {@code e^r = 1 + r + r² p(r)} with {@code p} the Taylor polynomial to
 * {@code r^11/13!} (truncation below {@code 4e-18}), times {@code 2^⌊k/2⌋ · 2^(k - ⌊k/2⌋)} (two factors,
 * so that {@code k = 1024} and subnormal results need no branch).
 */
public final class Exponential {
  static final double LOG2E = 1.4426950408889634;
  static final double LN2_HI = 0.6931471805599453;
  /** {@code ln 2 - LN2_HI}. */
  static final double LN2_LO = 2.3190468138462996e-17;
  /** {@code 1.5·2^52}: adding it rounds to an integer held in the low bits. */
  static final double SHIFT = 0x1.8p52;
  static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
  /** Below this {@code e^x} rounds to 0, above the upper bound to {@code +∞}: inputs are clamped to them. */
  static final double LOW = -746.0;
  static final double HIGH = 710.0;
  /** {@code 1/n!}, each correctly rounded ({@code n!} is exact in double for {@code n <= 22}). */
  static final double C2 = 1.0 / 2;
  static final double C3 = 1.0 / 6;
  static final double C4 = 1.0 / 24;
  static final double C5 = 1.0 / 120;
  static final double C6 = 1.0 / 720;
  static final double C7 = 1.0 / 5040;
  static final double C8 = 1.0 / 40320;
  static final double C9 = 1.0 / 362880;
  static final double C10 = 1.0 / 3628800;
  static final double C11 = 1.0 / 39916800;
  static final double C12 = 1.0 / 479001600;
  static final double C13 = 1.0 / 6227020800L;

  /** The SIMD loops, or null: the scalar loops below then serve. */
  private static final Loops VECTOR = VectorSupport.load(Loops.class, "VectorExponential");

  private Exponential() {}

  /** The array loops a SIMD implementation provides; each element bit-identical to {@link #exp(double)}. */
  interface Loops {
    /** {@code r[ro + i] = exp(x[xo + i] - shift)} for {@code i < n}. */
    void exp(double[] x, int xo, double shift, double[] r, int ro, int n);

    /** {@code r[ro + i] = (float) exp(x[xo + i] - shift)} for {@code i < n}, {@code x} widened to double. */
    void exp(float[] x, int xo, double shift, float[] r, int ro, int n);

    /** As {@link Exponential#sumExp(float[], int, double, int, double[])}; {@code e} null keeps nothing. */
    double sumExp(float[] x, int xo, double shift, int n, double @Nullable [] e);

    /** As {@link Exponential#sumExp(double[], int, double, int, double[])}. */
    double sumExp(double[] x, int xo, double shift, int n, double @Nullable [] e);
  }

  /**
   * {@return {@code e^x}, within 1 ulp}
   *
   * @param x any number
   */
  public static double exp(double x) {
    double y = Math.min(Math.max(x, LOW), HIGH);
    double t = Math.fma(y, LOG2E, SHIFT);
    double kd = t - SHIFT;
    long k = Double.doubleToRawLongBits(t) - SHIFT_BITS;
    double r = Math.fma(-kd, LN2_HI, y);
    r = Math.fma(-kd, LN2_LO, r);
    double p = Math.fma(C13, r, C12);
    p = Math.fma(p, r, C11);
    p = Math.fma(p, r, C10);
    p = Math.fma(p, r, C9);
    p = Math.fma(p, r, C8);
    p = Math.fma(p, r, C7);
    p = Math.fma(p, r, C6);
    p = Math.fma(p, r, C5);
    p = Math.fma(p, r, C4);
    p = Math.fma(p, r, C3);
    p = Math.fma(p, r, C2);
    double e = 1.0 + Math.fma(r * r, p, r);
    long h = k >> 1;
    return e * Double.longBitsToDouble((h + 1023) << 52) * Double.longBitsToDouble((k - h + 1023) << 52);
  }

  /** {@code r[ro + i] = exp(x[xo + i] - shift)} for {@code i < n}. */
  public static void exp(double[] x, int xo, double shift, double[] r, int ro, int n) {
    if (VECTOR != null && n >= VectorSupport.MIN_LENGTH) {
      VECTOR.exp(x, xo, shift, r, ro, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      r[ro + i] = exp(x[xo + i] - shift);
    }
  }

  /** {@code r[ro + i] = (float) exp(x[xo + i] - shift)} for {@code i < n}, the difference in double. */
  public static void exp(float[] x, int xo, double shift, float[] r, int ro, int n) {
    if (VECTOR != null && n >= VectorSupport.MIN_LENGTH) {
      VECTOR.exp(x, xo, shift, r, ro, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      r[ro + i] = (float) exp(x[xo + i] - shift);
    }
  }

  /**
   * {@return {@code Σ exp(x[xo + i] - shift)} over {@code i < n}, the difference in double: {@link #LANES}
   * running sums, element {@code i} into sum {@code i mod LANES}, the sums then added in order} The
   * order is fixed here, not by the machine's vector width. With {@code e}, also
   * {@code e[i] = exp(x[xo + i] - shift)}: a softmax row's exponentials, each computed once.
   *
   * @param e {@code n} or more doubles to keep the exponentials in, or null
   */
  public static double sumExp(float[] x, int xo, double shift, int n, double @Nullable [] e) {
    if (VECTOR != null && n >= VectorSupport.MIN_LENGTH) {
      return VECTOR.sumExp(x, xo, shift, n, e);
    }
    double[] s = new double[LANES];
    for (int i = 0; i < n; i++) {
      keep(e, i, exp(x[xo + i] - shift), s);
    }
    return sum(s);
  }

  /** As {@link #sumExp(float[], int, double, int, double[])}, for doubles. */
  public static double sumExp(double[] x, int xo, double shift, int n, double @Nullable [] e) {
    if (VECTOR != null && n >= VectorSupport.MIN_LENGTH) {
      return VECTOR.sumExp(x, xo, shift, n, e);
    }
    double[] s = new double[LANES];
    for (int i = 0; i < n; i++) {
      keep(e, i, exp(x[xo + i] - shift), s);
    }
    return sum(s);
  }

  /** Adds element {@code i}'s exponential {@code y} to its running sum, and keeps it in {@code e} if given. */
  private static void keep(double @Nullable [] e, int i, double y, double[] s) {
    if (e != null) {
      e[i] = y;
    }
    s[i % LANES] += y;
  }

  /** The running sums of {@link #sumExp}: eight, the widest double vector of x86 (AVX-512). */
  static final int LANES = 8;

  /** {@return {@code s[0] + s[1] + ... + s[LANES - 1]}, in that order} */
  static double sum(double[] s) {
    double total = 0;
    for (double v : s) {
      total += v;
    }
    return total;
  }
}
