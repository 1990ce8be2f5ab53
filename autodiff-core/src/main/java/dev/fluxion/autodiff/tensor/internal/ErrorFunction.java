package dev.fluxion.autodiff.tensor.internal;

/**
 * The error function's kernel (the {@code erf} op's value), written once from IEEE operations with a
 * fixed number of steps, so the SIMD loops ({@code VectorErrorFunction}, when the JVM has the Vector
 * API) and this scalar kernel give the same bits. The method and its accuracy are documented on the
 * {@code erf} op: for {@code |x| < 1/2} the Maclaurin series to its 13th term (Horner); for
 * {@code 1/2 <= |x| < 6} the Taylor series around the nearest sixteenth {@code a = k/16} to its 10th term;
 * from 6 on {@code ±1}.
 */
public final class ErrorFunction {
  static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  /** {@code 2/√π - 1}, rounded once (not computed from the rounded {@code 2/√π}). */
  static final double TWO_OVER_SQRT_PI_MINUS_1 = 0.1283791670955126;
  /** Terms of the Maclaurin series after the first: truncation below {@code 1e-19} relative for {@code |x| < 1/2}. */
  static final int SERIES_TERMS = 12;
  /**
   * Terms of the Taylor series: truncation below {@code 2^-58} of {@code erf} around every sixteenth of
   * {@code [1/2, 6]} (9 suffice, measured in 50-digit arithmetic).
   */
  static final int TAYLOR_TERMS = 10;
  /** The tabulated centres are {@code k/STEPS}. */
  static final double STEPS = 16;
  /** The first tabulated centre, {@code 8/16}: below it the Maclaurin series serves. */
  static final int FIRST = 8;
  /** {@code erf(k/16)} for {@code k = 8..96}, correctly rounded (from 60-digit arithmetic). */
  static final double[] AT_CENTRES = {
      0.5204998778130465, 0.5736744566155919, 0.623240882188418, 0.6690846628860813, 0.7111556336535151,
      0.749464025586362, 0.7840750610598597, 0.8151024010343998, 0.8427007929497149, 0.8670582694349528,
      0.8883882317017078, 0.9069217197816865, 0.9229001282564583, 0.9365685747113888, 0.9481700727820903,
      0.95794060605646, 0.9661051464753108, 0.9728746138209335, 0.9784437332399837, 0.982989716601978,
      0.9866716712191824, 0.9896306257947752, 0.9919900576701199, 0.9938568063952132, 0.9953222650189527,
      0.9964637508747902, 0.9973459706405177, 0.9980225088163892, 0.9985372834133188, 0.9989259267092776,
      0.9992170617821089, 0.9994334567454198, 0.999593047982555, 0.9997098311383266, 0.9997946242638588,
      0.9998557114825746, 0.9998993780778803, 0.9999303492456073, 0.9999521451602562, 0.9999673647128524,
      0.9999779095030014, 0.9999851585892071, 0.9999901032653747, 0.999993449849224, 0.9999956972205363,
      0.9999971946873958, 0.9999981847185726, 0.9999988341746511, 0.9999992569016276, 0.999999529912161,
      0.9999997048598075, 0.9999998160959875, 0.9999998862727434, 0.9999999302015868, 0.999999957486056,
      0.9999999743008093, 0.9999999845827421, 0.9999999908210709, 0.9999999945765992, 0.999999996819877,
      0.9999999981494259, 0.9999999989312964, 0.9999999993875167, 0.9999999996516503, 0.9999999998033839,
      0.9999999998898706, 0.9999999999387839, 0.999999999966232, 0.9999999999815149, 0.9999999999899583,
      0.9999999999945866, 0.999999999997104, 0.9999999999984626, 0.99999999999919, 0.9999999999995766,
      0.9999999999997803, 0.9999999999998869, 0.9999999999999423, 0.9999999999999707, 0.9999999999999852,
      0.9999999999999927, 0.9999999999999963, 0.9999999999999982, 0.9999999999999991, 0.9999999999999996,
      0.9999999999999998, 0.9999999999999999, 1.0, 1.0};
  /** {@code (2/√π) e^(-a²)} at the centres {@code a = k/16} (StrictMath: the same bits on every JVM). */
  static final double[] SLOPE_AT_CENTRES = new double[AT_CENTRES.length];
  /** {@code 1/(j + 1)}, the recurrence's divisors as multipliers. */
  static final double[] INVERSE = new double[TAYLOR_TERMS + 1];
  /** {@code (2/√π) (-1)^n / (n! (2n + 1))} for {@code n = 1..SERIES_TERMS} (index {@code n - 1}). */
  static final double[] MACLAURIN = new double[SERIES_TERMS];

  static {
    for (int k = 0; k < SLOPE_AT_CENTRES.length; k++) {
      double a = (k + FIRST) / STEPS;
      SLOPE_AT_CENTRES[k] = TWO_OVER_SQRT_PI * StrictMath.exp(-a * a);
    }
    for (int j = 0; j < INVERSE.length; j++) {
      INVERSE[j] = 1.0 / (j + 1);
    }
    double factorial = 1;
    for (int n = 1; n <= SERIES_TERMS; n++) {
      factorial *= n;
      MACLAURIN[n - 1] = (n % 2 == 0 ? TWO_OVER_SQRT_PI : -TWO_OVER_SQRT_PI) / (factorial * (2 * n + 1));
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
      return Math.fma(x, maclaurinTail(x * x), x);
    }
    if (!(ax < 6)) {
      return Double.isNaN(x) ? x : Math.copySign(1.0, x);
    }
    return Math.copySign(aroundCentre(ax), x);
  }

  /** {@code erf(x)/x - 1} from {@code t = x²}, {@code t < 1/4}: the series' tail in Horner's form. */
  static double maclaurinTail(double t) {
    double p = MACLAURIN[SERIES_TERMS - 1];
    for (int n = SERIES_TERMS - 2; n >= 0; n--) {
      p = Math.fma(p, t, MACLAURIN[n]);
    }
    return Math.fma(p, t, TWO_OVER_SQRT_PI_MINUS_1);
  }

  /**
   * {@code erf(ax)} for {@code 1/2 <= ax < 6} from the nearest tabulated sixteenth, {@code k} rounded to
   * nearest by adding {@code 1.5·2^52} (no conversion, so the SIMD loop needs none either). The terms
   * {@code c_j = g_j h^j} follow {@code c_(j+1) = (-2ah/(j+1)) c_j + (-2h²/(j+1)) c_(j-1)}, one FMA on
   * {@code c_j} each, so a step waits for one FMA only.
   */
  static double aroundCentre(double ax) {
    double shifted = Math.fma(ax, STEPS, Exponential.SHIFT);
    int k = (int) (Double.doubleToRawLongBits(shifted) - Exponential.SHIFT_BITS);
    double a = (shifted - Exponential.SHIFT) / STEPS;
    double h = ax - a;
    double linear = -2 * a * h;
    double quadratic = -2 * h * h;
    double previous = 1;
    double current = linear;
    double s = Math.fma(current, INVERSE[1], 1.0);
    for (int j = 1; j < TAYLOR_TERMS; j++) {
      double next = Math.fma(linear * INVERSE[j], current, quadratic * INVERSE[j] * previous);
      s = Math.fma(next, INVERSE[j + 1], s);
      previous = current;
      current = next;
    }
    return Math.fma(SLOPE_AT_CENTRES[k - FIRST], h * s, AT_CENTRES[k - FIRST]);
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
