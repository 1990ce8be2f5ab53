package dev.fluxion.autodiff.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A set of admissible real inputs: the interval {@code [lo, hi]} without the open gap
 * {@code (-gap, gap)} around zero. Domains keep inputs where a function is smooth (log only of
 * positive values, relu and abs away from their kink) and moderate (never 1e100), so gradient
 * checks can use tight tolerances.
 *
 * @param lo the least admissible value, finite
 * @param hi the greatest admissible value, finite, {@code >= lo}
 * @param gap values with {@code |x| < gap} are excluded; {@code >= 0}
 */
public record Domain(double lo, double hi, double gap) {
  private static final double[] SIMPLE = {0, 1, -1, 0.5, -0.5, 2, -2, 0.25, -0.25, 1.5, -1.5, 3, -3};

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if a bound is not finite, {@code lo > hi}, {@code gap < 0},
   *     or nothing is admissible
   */
  public Domain {
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi || !(gap >= 0) || !Double.isFinite(gap)) {
      throw new IllegalArgumentException("Domain: need finite lo <= hi and gap >= 0, got [" + lo + ", " + hi
          + "] gap " + gap);
    }
    if (Math.max(hi, -lo) < gap) {
      throw new IllegalArgumentException("Domain: [" + lo + ", " + hi + "] lies inside the gap (-" + gap + ", "
          + gap + ")");
    }
  }

  /**
   * {@return the interval {@code [lo, hi]}}
   *
   * @param lo the lower end, finite
   * @param hi the upper end, finite, {@code >= lo}
   */
  public static Domain of(double lo, double hi) {
    return new Domain(lo, hi, 0);
  }

  /** {@return moderate reals, {@code [-2, 2]}: the default for smooth functions} */
  public static Domain real() {
    return of(-2, 2);
  }

  /** {@return positive values away from zero, {@code [0.2, 3]}: for log, sqrt, pow's base, a divisor} */
  public static Domain positive() {
    return of(0.2, 3);
  }

  /** {@return {@code [-2, 2]} without {@code (-0.1, 0.1)}: for relu, abs, sign-like kinks at 0} */
  public static Domain awayFromZero() {
    return new Domain(-2, 2, 0.1);
  }

  /**
   * {@return {@code [-bound, bound]}}
   *
   * @param bound {@code >= 0}, finite
   */
  public static Domain symmetric(double bound) {
    return of(-bound, bound);
  }

  /**
   * {@return true if {@code x} is admissible}
   *
   * @param x any double; NaN is never admissible
   */
  public boolean contains(double x) {
    return x >= lo && x <= hi && Math.abs(x) >= gap;
  }

  /**
   * {@return A uniform sample from the admissible set}
   *
   * @param rng the source of randomness
   */
  public double sample(SplittableRandom rng) {
    if (gap == 0 || lo >= gap || hi <= -gap) {
      return clamp(lo + (hi - lo) * rng.nextDouble());
    }
    double left = -gap - lo;
    double right = hi - gap;
    double t = (left + right) * rng.nextDouble();
    return clamp(t < left ? lo + t : gap + (t - left));
  }

  private double clamp(double x) {
    return Math.min(hi, Math.max(lo, x));
  }

  /** {@return the simplest admissible value: 0, 1, -1, 0.5, ..} if admissible, else a short decimal near the middle. */
  public double simplest() {
    for (double s : SIMPLE) {
      if (contains(s)) {
        return s;
      }
    }
    double mid = gap > 0 && lo < 0 && hi > 0 ? (hi >= gap ? gap : -gap) : (lo + hi) / 2;
    for (int d = 0; d < 17; d++) {
      double r = round(mid, d);
      if (contains(r)) {
        return r;
      }
      double up = Math.ceil(mid * Math.pow(10, d)) / Math.pow(10, d);
      if (contains(up)) {
        return up;
      }
    }
    return mid;
  }

  /**
   * {@return admissible values simpler than {@code x}, simplest first: fewer decimals, then smaller
   * magnitude} The order is well founded, so repeated shrinking terminates.
   *
   * @param x an admissible value
   */
  public Stream<Double> shrink(double x) {
    Set<Double> out = new LinkedHashSet<>();
    out.add(simplest());
    for (double s : SIMPLE) {
      out.add(s);
    }
    int dx = decimals(x);
    for (int d = 0; d < Math.min(dx, 17); d++) {
      out.add(round(x, d));
    }
    out.add(x / 2);
    List<Double> keep = new ArrayList<>();
    for (double c : out) {
      if (contains(c) && simpler(c, x)) {
        keep.add(c);
      }
    }
    keep.sort(Comparator.comparingInt(Domain::decimals).thenComparingDouble(Math::abs));
    return keep.stream();
  }

  /** True if {@code a} is strictly simpler than {@code b}: fewer decimals, or as many and smaller magnitude. */
  static boolean simpler(double a, double b) {
    int da = decimals(a);
    int db = decimals(b);
    return da < db || (da == db && Math.abs(a) < Math.abs(b));
  }

  /** The number of decimals in the shortest text of {@code x} (0 for integers). */
  static int decimals(double x) {
    if (!Double.isFinite(x)) {
      return Integer.MAX_VALUE;
    }
    return Math.max(0, new BigDecimal(Double.toString(x)).stripTrailingZeros().scale());
  }

  private static double round(double x, int d) {
    return new BigDecimal(Double.toString(x)).setScale(d, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + "]" + (gap > 0 ? " \\ (-" + gap + ", " + gap + ")" : "");
  }
}
