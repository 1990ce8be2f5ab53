package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Interval;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Interval analysis of an expression: a conservative bound {@code [lo, hi]} on every element of
 * every node, given a {@link Domain} per variable, and the domain rules gradient checks need.
 *
 * <p>An expression is <em>safe</em> when every node is within {@code ±1e4} and: the arguments of
 * {@code log}, {@code sqrt}, {@code pow}'s base and a divisor are {@code >= 0.05} (a divisor may
 * also be {@code <= -0.05}); {@code exp}'s argument is {@code <= 20}; {@code tan}'s is within
 * {@code ±1.3}; the arguments of the kinked or piecewise ops {@code abs}, {@code relu},
 * {@code leakyRelu}, {@code step}, {@code sign} exclude {@code (-0.05, 0.05)}; the two sides of
 * {@code maximum}, {@code minimum} and comparisons are {@code 0.05} apart; a reducing
 * {@code max} reduces a single element. Each op states its own rules ({@link
 * dev.fluxion.autodiff.op.Op#bound}, {@link dev.fluxion.autodiff.op.Op#unsafe}); an op without
 * them gets an unknown (infinite) bound, which no domain-sensitive op accepts. Bounds are cached
 * per node identity.
 */
public final class Intervals {
  /** Distance kept from a kink, a pole or the edge of a domain. */
  public static final double MARGIN = Interval.MARGIN;
  /** The largest magnitude a safe node may reach. */
  public static final double MAX = 1e4;

  private final Map<String, Domain> domains;
  private final Map<Expr, Interval> memo = new IdentityHashMap<>();

  /**
   * An analysis with a domain per variable name.
   *
   * @param domains by variable name; a variable without one is unbounded
   */
  public Intervals(Map<String, Domain> domains) {
    this.domains = Map.copyOf(Checks.notNull(domains, "domains"));
  }

  /**
   * {@return the bound {@code {lo, hi}} on every element of {@code e} (infinite where unknown)}
   *
   * @param e any expression whose variables have domains here (others are unbounded)
   */
  public double[] bound(Expr e) {
    violation(e);
    Interval b = memo.get(e);
    return new double[] {b.lo(), b.hi()};
  }

  /**
   * {@return the first rule {@code e} breaks, in topological order, as text; null if it is safe}
   *
   * @param e any expression whose variables have domains here (others are unbounded)
   */
  public @Nullable String violation(Expr e) {
    Checks.notNull(e, "e");
    String found = null;
    for (Expr n : Exprs.topologicalOrder(e)) {
      if (!memo.containsKey(n)) {
        memo.put(n, boundOf(n));
      }
      if (found == null && n instanceof Apply a) {
        found = rule(a);
      }
      if (found == null && n instanceof Const c && !c.value().allFinite()) {
        found = "constant " + Exprs.print(c) + " is not finite";
      }
    }
    return found;
  }

  private Interval boundOf(Expr n) {
    return switch (n) {
      case Var v -> {
        Domain d = domains.get(v.name());
        yield d == null ? Interval.UNKNOWN : Interval.of(d.lo(), d.hi());
      }
      case Const c -> constant(c);
      case Apply a -> a.op().bound(a, args(a));
    };
  }

  private static Interval constant(Const c) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : c.value().toArray()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return c.shape().size() == 0 ? Interval.ZERO : Interval.of(lo, hi);
  }

  private List<Interval> args(Apply a) {
    List<Interval> out = new ArrayList<>(a.args().size());
    for (Expr arg : a.args()) {
      out.add(memo.get(arg));
    }
    return out;
  }

  private @Nullable String rule(Apply a) {
    Interval y = memo.get(a);
    List<Interval> x = args(a);
    String bad = a.op().unsafe(a, x);
    if (bad == null && y.known() && y.magnitude() > MAX) {
      bad = "may reach " + y.magnitude() + " (more than " + MAX + ")";
    }
    Interval x0 = x.get(0);
    return bad == null ? null
        : a.op().name() + " " + bad + ", got bounds [" + x0.lo() + ", " + x0.hi() + "] in " + Exprs.print(a);
  }
}
