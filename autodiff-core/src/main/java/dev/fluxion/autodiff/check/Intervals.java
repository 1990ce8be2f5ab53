package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.LeakyRelu;
import dev.fluxion.autodiff.tensor.Checks;
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
 * {@code max} reduces a single element. Ops unknown to the analysis get an unknown
 * (infinite) bound, which no domain-sensitive op accepts. Bounds are cached per node identity.
 */
public final class Intervals {
  /** Distance kept from a kink, a pole or the edge of a domain. */
  public static final double MARGIN = 0.05;
  /** The largest magnitude a safe node may reach. */
  public static final double MAX = 1e4;

  private final Map<String, Domain> domains;
  private final Map<Expr, double[]> memo = new IdentityHashMap<>();

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
   * @param e the expression
   */
  public double[] bound(Expr e) {
    violation(e);
    return memo.get(e).clone();
  }

  /**
   * {@return the first rule {@code e} breaks, in topological order, as text; null if it is safe}
   *
   * @param e the expression
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

  private double[] boundOf(Expr n) {
    return switch (n) {
      case Var v -> {
        Domain d = domains.get(v.name());
        yield d == null ? unknown() : new double[] {d.lo(), d.hi()};
      }
      case Const c -> constant(c);
      case Apply a -> apply(a);
    };
  }

  private static double[] constant(Const c) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : c.value().toArray()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return c.shape().size() == 0 ? new double[] {0, 0} : new double[] {lo, hi};
  }

  private double[] arg(Apply a, int i) {
    return memo.get(a.arg(i));
  }

  private double[] apply(Apply a) {
    double[] x = arg(a, 0);
    return switch (a.op().name()) {
      case "neg" -> new double[] {-x[1], -x[0]};
      case "add" -> iv(x[0] + arg(a, 1)[0], x[1] + arg(a, 1)[1]);
      case "sub" -> iv(x[0] - arg(a, 1)[1], x[1] - arg(a, 1)[0]);
      case "mul" -> times(x, arg(a, 1));
      case "maskedMul" -> hull(times(x, arg(a, 1)), new double[] {0, 0});
      case "div" -> excludesZero(arg(a, 1)) ? times(x, iv(1 / arg(a, 1)[1], 1 / arg(a, 1)[0])) : unknown();
      case "pow" -> x[0] > 0 ? exp(times(arg(a, 1), iv(Math.log(x[0]), Math.log(x[1])))) : unknown();
      case "exp" -> exp(x);
      case "log" -> x[0] > 0 ? iv(Math.log(x[0]), Math.log(x[1])) : unknown();
      case "sqrt" -> x[0] >= 0 ? iv(Math.sqrt(x[0]), Math.sqrt(x[1])) : unknown();
      case "abs" -> x[0] >= 0 ? x : x[1] <= 0 ? iv(-x[1], -x[0]) : iv(0, Math.max(-x[0], x[1]));
      case "sin", "cos" -> iv(-1, 1);
      case "tan" -> Math.max(-x[0], x[1]) < Math.PI / 2 ? iv(Math.tan(x[0]), Math.tan(x[1])) : unknown();
      case "tanh" -> iv(Math.tanh(x[0]), Math.tanh(x[1]));
      case "sigmoid", "softmax", "step", "eq", "gt", "ge", "lt", "le" -> iv(0, 1);
      case "sign" -> iv(-1, 1);
      case "relu" -> iv(Math.max(0, x[0]), Math.max(0, x[1]));
      case "leakyRelu" -> leaky(x, ((LeakyRelu) a.op()).alpha());
      case "softplus" -> iv(softplus(x[0]), softplus(x[1]));
      case "maximum" -> iv(Math.max(x[0], arg(a, 1)[0]), Math.max(x[1], arg(a, 1)[1]));
      case "minimum" -> iv(Math.min(x[0], arg(a, 1)[0]), Math.min(x[1], arg(a, 1)[1]));
      case "sum" -> times(x, iv(count(a), count(a)));
      case "matmul" -> times(times(x, arg(a, 1)), iv(a.arg(0).shape().dim(-1), a.arg(0).shape().dim(-1)));
      case "logSumExp" -> iv(x[0], x[1] + Math.log(count(a)));
      case "logSoftmax" -> iv(x[0] - x[1] - Math.log(a.shape().size() == 0 ? 1 : maxAxis(a)), 0);
      case "where" -> hull(arg(a, 1), arg(a, 2));
      case "unslice" -> hull(x, new double[] {0, 0});
      case "concat" -> concat(a);
      case "max", "broadcast", "reshape", "permute", "slice" -> x;
      default -> unknown();
    };
  }

  private @Nullable String rule(Apply a) {
    double[] y = memo.get(a);
    String op = a.op().name();
    double[] x = arg(a, 0);
    String bad = switch (op) {
      case "log", "sqrt" -> x[0] >= MARGIN ? null : "needs an argument >= " + MARGIN;
      case "pow" -> x[0] >= MARGIN && known(arg(a, 1)) ? null : "needs a base >= " + MARGIN + " and a bounded exponent";
      case "div" -> excludesZero(arg(a, 1)) && known(x) ? null
          : "needs a divisor outside (-" + MARGIN + ", " + MARGIN + ")";
      case "exp" -> x[1] <= 20 ? null : "needs an argument <= 20";
      case "tan" -> Math.max(-x[0], x[1]) <= 1.3 ? null : "needs an argument within ±1.3";
      case "abs", "relu", "leakyRelu", "step", "sign" -> excludesZero(x) ? null : "needs an argument outside (-"
          + MARGIN + ", " + MARGIN + ")";
      case "maximum", "minimum", "gt", "ge", "lt", "le", "eq" -> apart(x, arg(a, 1)) ? null
          : "needs its arguments " + MARGIN + " apart";
      case "max" -> count(a) == 1 ? null : "may tie";
      default -> null;
    };
    if (bad == null && known(y) && Math.max(-y[0], y[1]) > MAX) {
      bad = "may reach " + Math.max(-y[0], y[1]) + " (more than " + MAX + ")";
    }
    return bad == null ? null : op + " " + bad + ", got bounds [" + x[0] + ", " + x[1] + "] in " + Exprs.print(a);
  }

  private static boolean known(double[] x) {
    return Double.isFinite(x[0]) && Double.isFinite(x[1]);
  }

  private static boolean excludesZero(double[] x) {
    return known(x) && (x[0] >= MARGIN || x[1] <= -MARGIN);
  }

  private static boolean apart(double[] a, double[] b) {
    return known(a) && known(b) && (a[0] >= b[1] + MARGIN || b[0] >= a[1] + MARGIN);
  }

  private static double count(Apply a) {
    double in = a.arg(0).shape().size();
    double out = Math.max(1, a.shape().size());
    return Math.max(1, in / out);
  }

  private static double maxAxis(Apply a) {
    int m = 1;
    for (int d : a.shape().toArray()) {
      m = Math.max(m, d);
    }
    return m;
  }

  private double[] concat(Apply a) {
    double[] h = arg(a, 0);
    List<Expr> args = a.args();
    for (int i = 1; i < args.size(); i++) {
      h = hull(h, arg(a, i));
    }
    return h;
  }

  private static double[] leaky(double[] x, double alpha) {
    double[] r = {x[0] > 0 ? x[0] : alpha * x[0], x[1] > 0 ? x[1] : alpha * x[1]};
    return iv(Math.min(r[0], r[1]), Math.max(r[0], r[1]));
  }

  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  private static double[] exp(double[] x) {
    return iv(Math.exp(x[0]), Math.exp(x[1]));
  }

  private static double[] times(double[] a, double[] b) {
    double[] p = {a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]};
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : p) {
      if (Double.isNaN(v)) {
        return unknown();
      }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return iv(lo, hi);
  }

  private static double[] hull(double[] a, double[] b) {
    return iv(Math.min(a[0], b[0]), Math.max(a[1], b[1]));
  }

  private static double[] iv(double lo, double hi) {
    return Double.isNaN(lo) || Double.isNaN(hi) ? unknown() : new double[] {lo, hi};
  }

  private static double[] unknown() {
    return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
  }
}
