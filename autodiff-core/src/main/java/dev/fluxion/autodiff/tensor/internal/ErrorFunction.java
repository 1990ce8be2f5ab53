package dev.fluxion.autodiff.tensor.internal;

/**
 * The error function's kernel (the {@code erf} op's value), written once from IEEE operations with a
 * fixed number of steps, so the SIMD loops ({@code VectorErrorFunction}, when the JVM has the Vector
 * API) and this scalar kernel give the same bits. The method and its accuracy are documented on the
 * {@code erf} op: for {@code |x| < 1/2} the Maclaurin series to its 15th term; for
 * {@code 1/2 <= |x| < 6} the Taylor series around the nearest eighth {@code a = k/8} to its 22nd term;
 * from 6 on {@code ±1}.
 */
public final class ErrorFunction {
  static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  /** {@code 2/√π - 1}, rounded once (not computed from the rounded {@code 2/√π}). */
  static final double TWO_OVER_SQRT_PI_MINUS_1 = 0.1283791670955126;
  static final int SERIES_TERMS = 16;
  static final int TAYLOR_TERMS = 22;
  /** The first tabulated centre, {@code 4/8}: below it the Maclaurin series serves. */
  static final int FIRST = 4;
  /** {@code erf(k/8)} for {@code k = 4..48}, correctly rounded. */
  static final double[] AT_EIGHTHS = {
      0.5204998778130465, 0.623240882188418, 0.7111556336535151, 0.7840750610598597, 0.8427007929497149,
      0.8883882317017078, 0.9229001282564583, 0.9481700727820903, 0.9661051464753108, 0.9784437332399837,
      0.9866716712191824, 0.9919900576701199, 0.9953222650189527, 0.9973459706405177, 0.9985372834133188,
      0.9992170617821089, 0.999593047982555, 0.9997946242638588, 0.9998993780778803, 0.9999521451602562,
      0.9999779095030014, 0.9999901032653747, 0.9999956972205363, 0.9999981847185726, 0.9999992569016276,
      0.9999997048598075, 0.9999998862727434, 0.999999957486056, 0.9999999845827421, 0.9999999945765992,
      0.9999999981494259, 0.9999999993875167, 0.9999999998033839, 0.9999999999387839, 0.9999999999815149,
      0.9999999999945866, 0.9999999999984626, 0.9999999999995766, 0.9999999999998869, 0.9999999999999707,
      0.9999999999999927, 0.9999999999999982, 0.9999999999999996, 0.9999999999999999, 1.0};
  /** {@code (2/√π) e^(-a²)} at the centres {@code a = k/8}, {@code k = 4..48} (StrictMath: the same bits on every JVM). */
  static final double[] SLOPE_AT_EIGHTHS = new double[AT_EIGHTHS.length];
  /** {@code 1/(j + 1)}, the recurrence's divisors as multipliers. */
  static final double[] INVERSE = new double[TAYLOR_TERMS + 2];
  /** {@code 1/(2n + 1)}, the Maclaurin series' divisors as multipliers. */
  static final double[] INVERSE_ODD = new double[SERIES_TERMS];

  static {
    for (int k = 0; k < SLOPE_AT_EIGHTHS.length; k++) {
      double a = (k + FIRST) / 8.0;
      SLOPE_AT_EIGHTHS[k] = TWO_OVER_SQRT_PI * StrictMath.exp(-a * a);
    }
    for (int j = 0; j < INVERSE.length; j++) {
      INVERSE[j] = 1.0 / (j + 1);
    }
    for (int n = 0; n < INVERSE_ODD.length; n++) {
      INVERSE_ODD[n] = 1.0 / (2 * n + 1);
    }
  }

  /** The SIMD loop, or null: the scalar loops below then serve. */
  private static final Loops VECTOR = VectorSupport.load(Loops.class, "VectorErrorFunction");

  private ErrorFunction() {}

  /** The array loops a SIMD implementation provides; each element bit-identical to {@link #erf(double)}. */
  interface Loops {
    /** {@code r[ro + i] = erf(x[xo + i])} for {@code i < n}. */
    void erf(double[] x, int xo, double[] r, int ro, int n);

    /** {@code r[ro + i] = (float) erf(x[xo + i])} for {@code i < n}. */
    void erf(float[] x, int xo, float[] r, int ro, int n);
  }

  /**
   * {@return {@code erf(x)}, within about 1 ulp}
   *
   * @param x any number; NaN gives NaN
   */
  public static double erf(double x) {
    double ax = Math.abs(x);
    if (ax < 0.5) {
      return x + x * maclaurinTail(x * x);
    }
    if (!(ax < 6)) {
      return Double.isNaN(x) ? x : Math.copySign(1.0, x);
    }
    return Math.copySign(aroundEighth(ax), x);
  }

  /** {@code erf(x)/x - 1} from {@code t = x²}, {@code t < 1/4}. */
  static double maclaurinTail(double t) {
    double term = -t;
    double s = 0;
    for (int n = 1; n < SERIES_TERMS; n++) {
      s += term * INVERSE_ODD[n];
      term *= -t * INVERSE[n];
    }
    return TWO_OVER_SQRT_PI_MINUS_1 + TWO_OVER_SQRT_PI * s;
  }

  /**
   * {@code erf(ax)} for {@code 1/2 <= ax < 6} from the nearest tabulated eighth, {@code k} rounded to
   * nearest by adding {@code 1.5·2^52} (no conversion, so the SIMD loop needs none either).
   */
  static double aroundEighth(double ax) {
    double shifted = Math.fma(ax, 8.0, Exponential.SHIFT);
    int k = (int) (Double.doubleToRawLongBits(shifted) - Exponential.SHIFT_BITS);
    double a = (shifted - Exponential.SHIFT) * 0.125;
    double h = ax - a;
    double linear = -2 * a * h;
    double quadratic = -2 * h * h;
    double previous = 1;
    double current = linear;
    double s = previous + current / 2;
    for (int j = 1; j < TAYLOR_TERMS; j++) {
      double next = (linear * current + quadratic * previous) * INVERSE[j];
      s += next * INVERSE[j + 1];
      previous = current;
      current = next;
    }
    return AT_EIGHTHS[k - FIRST] + SLOPE_AT_EIGHTHS[k - FIRST] * (h * s);
  }

  /** {@code r[ro + i] = erf(x[xo + i])} for {@code i < n}. */
  public static void erf(double[] x, int xo, double[] r, int ro, int n) {
    if (VECTOR != null && n >= VectorSupport.MIN_LENGTH) {
      VECTOR.erf(x, xo, r, ro, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      r[ro + i] = erf(x[xo + i]);
    }
  }

  /** {@code r[ro + i] = (float) erf(x[xo + i])} for {@code i < n}. */
  public static void erf(float[] x, int xo, float[] r, int ro, int n) {
    if (VECTOR != null && n >= VectorSupport.MIN_LENGTH) {
      VECTOR.erf(x, xo, r, ro, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      r[ro + i] = (float) erf(x[xo + i]);
    }
  }
}
