package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A conservative bound {@code [lo, hi]} on every element of a tensor, for interval analysis
 * ({@code check.Intervals}): each op states its output's bound from its arguments' bounds
 * ({@link Op#bound}) and the arguments its rules are safe on ({@link Op#unsafe}). An unknown
 * bound is {@code [-∞, ∞]}; a computation that gives NaN gives the unknown bound.
 *
 * @param lo the lower end, {@code -∞} for none
 * @param hi the upper end, {@code >= lo}, {@code ∞} for none
 */
public record Interval(double lo, double hi) {
  /** Distance kept from a kink, a pole or the edge of a domain. */
  public static final double MARGIN = 0.05;
  /** {@code [-∞, ∞]}. */
  public static final Interval UNKNOWN = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  /** {@code [0, 0]}. */
  public static final Interval ZERO = new Interval(0, 0);
  /** {@code [0, 1]}: probabilities, indicators. */
  public static final Interval UNIT = new Interval(0, 1);
  /** {@code [-1, 1]}. */
  public static final Interval SYMMETRIC_UNIT = new Interval(-1, 1);

  /**
   * {@return {@code [lo, hi]}, or {@link #UNKNOWN} if either is NaN}
   *
   * @param lo the lower end; NaN gives the unknown bound
   * @param hi the upper end; NaN gives the unknown bound
   */
  public static Interval of(double lo, double hi) {
    return Double.isNaN(lo) || Double.isNaN(hi) ? UNKNOWN : new Interval(lo, hi);
  }

  /** {@return whether both ends are finite} */
  public boolean known() {
    return Double.isFinite(lo) && Double.isFinite(hi);
  }

  /** {@return whether the bound is known and at least {@link #MARGIN} away from 0} */
  public boolean excludesZero() {
    return known() && (lo >= MARGIN || hi <= -MARGIN);
  }

  /**
   * {@return whether both bounds are known and {@link #MARGIN} apart (no ties between the elements)}
   *
   * @param other the other bound
   */
  public boolean apart(Interval other) {
    return known() && other.known() && (lo >= other.hi + MARGIN || other.lo >= hi + MARGIN);
  }

  /** {@return null if the bound is known and {@link #MARGIN} away from 0 (a kink), else why not} */
  public @Nullable String whyNotAwayFromZero() {
    return excludesZero() ? null : "needs an argument outside (-" + MARGIN + ", " + MARGIN + ")";
  }

  /**
   * {@return null if the bound is {@link #MARGIN} apart from {@code other} (no ties), else why not}
   *
   * @param other the other argument's bound
   */
  public @Nullable String whyNotApart(Interval other) {
    return apart(other) ? null : "needs its arguments " + MARGIN + " apart";
  }

  /**
   * {@return null if every element is at least {@code least}, else why not}
   *
   * @param least the smallest safe value (an edge of the domain plus {@link #MARGIN})
   */
  public @Nullable String whyNotAtLeast(double least) {
    return lo >= least ? null : "needs an argument >= " + Syntax.number(least);
  }

  /**
   * {@return null if every element is at most {@code most}, else why not}
   *
   * @param most the largest safe value
   */
  public @Nullable String whyNotAtMost(double most) {
    return hi <= most ? null : "needs an argument <= " + Syntax.number(most);
  }

  /** {@return the largest magnitude in the bound} */
  public double magnitude() {
    return Math.max(-lo, hi);
  }

  /**
   * {@return the bound of {@code f(x)} for a nondecreasing {@code f}}
   *
   * @param f nondecreasing
   */
  public Interval monotone(DoubleUnaryOperator f) {
    return of(f.applyAsDouble(lo), f.applyAsDouble(hi));
  }

  /** {@return the bound of {@code -x}} */
  public Interval negate() {
    return new Interval(-hi, -lo);
  }

  /**
   * {@return the bound of {@code x + y}}
   *
   * @param y the other bound
   */
  public Interval plus(Interval y) {
    return of(lo + y.lo, hi + y.hi);
  }

  /**
   * {@return the bound of {@code x - y}}
   *
   * @param y the other bound
   */
  public Interval minus(Interval y) {
    return of(lo - y.hi, hi - y.lo);
  }

  /**
   * {@return the bound of {@code x · y}}
   *
   * @param y the other bound
   */
  public Interval times(Interval y) {
    double[] p = {lo * y.lo, lo * y.hi, hi * y.lo, hi * y.hi};
    double l = Double.POSITIVE_INFINITY;
    double h = Double.NEGATIVE_INFINITY;
    for (double v : p) {
      if (Double.isNaN(v)) {
        return UNKNOWN;
      }
      l = Math.min(l, v);
      h = Math.max(h, v);
    }
    return of(l, h);
  }

  /**
   * {@return the bound of {@code c · x}}
   *
   * @param c any double
   */
  public Interval times(double c) {
    return times(new Interval(c, c));
  }

  /**
   * {@return the smallest bound holding both}
   *
   * @param y the other bound
   */
  public Interval hull(Interval y) {
    return of(Math.min(lo, y.lo), Math.max(hi, y.hi));
  }

  /**
   * {@return how many input elements each output element of a reduction combines, at least 1}
   *
   * @param node an application of a reducing op
   */
  static double reducedCount(Apply node) {
    double in = node.arg(0).shape().size();
    double out = Math.max(1, node.shape().size());
    return Math.max(1, in / out);
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + "]";
  }
}
