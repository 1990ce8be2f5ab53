package dev.fluxion.nn.optim;

import dev.fluxion.nn.optim.Objective.FlatValue;

/**
 * A line search for the strong Wolfe conditions along a descent direction {@code d} from {@code x}
 * (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithms 3.5 and 3.6; Optax's
 * {@code scale_by_zoom_linesearch}): {@code phi(a) = f(x + a d)} must satisfy sufficient decrease
 * {@code phi(a) <= phi(0) + c1 a phi'(0)} and curvature {@code |phi'(a)| <= c2 |phi'(0)|}. The step
 * grows by doubling until it brackets such a point, then the bracket is zoomed by safeguarded cubic
 * interpolation. A non-finite value or slope counts as "too far".
 */
final class ZoomLineSearch {
  private static final double GROWTH = 2;
  private static final double SAFEGUARD = 0.1;

  private final double c1;
  private final double c2;
  private final int maxEvaluations;

  ZoomLineSearch(double c1, double c2, int maxEvaluations) {
    this.c1 = c1;
    this.c2 = c2;
    this.maxEvaluations = maxEvaluations;
  }

  /**
   * The outcome: the accepted step, the point and its value and gradient (null when no step
   * decreased the value), how many evaluations it took, and whether both Wolfe conditions hold.
   */
  record Result(double stepSize, double[] x, FlatValue at, int evaluations, boolean wolfe) {
    boolean decreased() {
      return x != null;
    }
  }

  /** One evaluated trial step. */
  private record Trial(double a, double[] x, FlatValue at, double phi, double slope) {
    boolean finite() {
      return Double.isFinite(phi) && Double.isFinite(slope) && (at == null || at.gradient().allFinite());
    }
  }

  /** Searches from {@code x} (value {@code f0}, gradient {@code g0}) along {@code d}, first trying {@code a0}. */
  Result search(Objective<?> f, double[] x, double f0, double[] g0, double[] d, double a0) {
    double slope0 = dot(g0, d);
    Trial start = new Trial(0, x, null, f0, slope0);
    Trial prev = start;
    double a = a0;
    int evals = 0;
    while (evals < maxEvaluations) {
      Trial t = trial(f, x, d, a);
      evals++;
      if (!t.finite() || t.phi() > f0 + c1 * a * slope0 || (evals > 1 && t.phi() >= prev.phi())) {
        return zoom(f, x, d, f0, slope0, prev, t, evals);
      }
      if (Math.abs(t.slope()) <= -c2 * slope0) {
        return new Result(a, t.x(), t.at(), evals, true);
      }
      if (t.slope() >= 0) {
        return zoom(f, x, d, f0, slope0, t, prev, evals);
      }
      prev = t;
      a *= GROWTH;
    }
    return fallback(prev, evals);
  }

  private Result zoom(Objective<?> f, double[] x, double[] d, double f0, double slope0, Trial lo, Trial hi,
      int evals) {
    while (evals < maxEvaluations) {
      double a = interpolate(lo, hi);
      Trial t = trial(f, x, d, a);
      evals++;
      if (!t.finite() || t.phi() > f0 + c1 * a * slope0 || t.phi() >= lo.phi()) {
        hi = t;
      } else {
        if (Math.abs(t.slope()) <= -c2 * slope0) {
          return new Result(a, t.x(), t.at(), evals, true);
        }
        if (t.slope() * (hi.a() - lo.a()) >= 0) {
          hi = lo;
        }
        lo = t;
      }
    }
    return fallback(lo, evals);
  }

  /** The best point found when the budget runs out: a decrease without curvature, or nothing. */
  private static Result fallback(Trial lo, int evals) {
    return lo.a() > 0
        ? new Result(lo.a(), lo.x(), lo.at(), evals, false)
        : new Result(0, null, null, evals, false);
  }

  /** The minimizer of the cubic through both ends' values and slopes, kept inside the bracket. */
  private static double interpolate(Trial lo, Trial hi) {
    double a = lo.a();
    double b = hi.a();
    double left = Math.min(a, b) + SAFEGUARD * Math.abs(b - a);
    double right = Math.max(a, b) - SAFEGUARD * Math.abs(b - a);
    double mid = 0.5 * (a + b);
    if (!hi.finite()) {
      return mid;
    }
    double d1 = lo.slope() + hi.slope() - 3 * (lo.phi() - hi.phi()) / (a - b);
    double disc = d1 * d1 - lo.slope() * hi.slope();
    if (!(disc >= 0)) {
      return mid;
    }
    double d2 = Math.signum(b - a) * Math.sqrt(disc);
    double c = b - (b - a) * (hi.slope() + d2 - d1) / (hi.slope() - lo.slope() + 2 * d2);
    return Double.isFinite(c) && c >= left && c <= right ? c : mid;
  }

  private static Trial trial(Objective<?> f, double[] x, double[] d, double a) {
    double[] xa = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xa[i] = x[i] + a * d[i];
    }
    FlatValue at = f.evaluate(xa);
    double[] g = at.gradient().toArray();
    return new Trial(a, xa, at, at.value(), dot(g, d));
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
