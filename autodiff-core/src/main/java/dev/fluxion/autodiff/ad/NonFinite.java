package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.ad.internal.Evaluator;
import dev.fluxion.autodiff.ad.internal.Sweeps;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A NaN/Inf finder: the first node of an expression whose value, tangent or adjoint has a NaN
 * or infinite element.
 *
 * <p>Three phases run in order, each over the library's own machinery: values
 * (the evaluator, in topological order), tangents (the forward sweep, in topological
 * order, seeded with ones for every variable unless a seed is given) and adjoints
 * (the reverse sweep with output cotangent ones, in the reverse sweep's order: output
 * first). The finder is not branch-aware: a NaN computed in a branch that {@code where} then
 * discards is still reported in the value (and tangent) phase, although the strong-zero rules
 * keep it out of the output and the adjoints.
 */
public final class NonFinite {
  private static final int ARG_TEXT = 60;
  private static final int SMALL = 6;

  private NonFinite() {}

  /** The phase in which a non-finite number was found. */
  public enum Phase {
    /** Primal values, in evaluation order. */
    VALUE,
    /** Tangents of forward mode, in evaluation order. */
    TANGENT,
    /** Adjoints of reverse mode, in the reverse sweep's order. */
    ADJOINT
  }

  /**
   * Where a non-finite number first appeared.
   *
   * @param phase values, tangents or adjoints: the sweep that produced the non-finite number
   * @param node the offending node
   * @param op its op name, or {@code variable} or {@code constant} for a leaf
   * @param expression the node printed by {@link Exprs#print}
   * @param index the flat (row-major) index of the first non-finite element
   * @param element that element: NaN or ±Infinity
   * @param arguments the node's argument values, one {@code expression = value} per argument, {@code "; "}-separated
   */
  public record Report(Phase phase, Expr node, String op, String expression, int index, double element,
      String arguments) {
    /** Validates the components. */
    public Report {
      Checks.notNull(phase, "phase");
      Checks.notNull(node, "node");
      Checks.notNull(op, "op");
      Checks.notNull(expression, "expression");
      Checks.notNull(arguments, "arguments");
    }

    @Override
    public String toString() {
      return phase.name().toLowerCase(java.util.Locale.ROOT) + " of " + expression + " (op " + op + ") is " + element
          + " at element " + index + (arguments.isEmpty() ? "" : "; arguments: " + arguments);
    }
  }

  /**
   * The first non-finite value, tangent (seed: ones for every variable) or adjoint (cotangent ones) of {@code f}.
   *
   * @param f any expression
   * @param at a value for every variable of {@code f}, of its shape
   * @return the first report, or empty if every value, tangent and adjoint is finite
   * @throws IllegalArgumentException on missing, unknown or misshapen bindings
   */
  public static Optional<Report> find(Expr f, Bindings at) {
    return scan(f, at, null, true).stream().findFirst();
  }

  /**
   * The first non-finite value, tangent (seed: {@code tangents}) or adjoint (cotangent ones) of {@code f}.
   *
   * @param f any expression
   * @param at a value for every variable of {@code f}, of its shape
   * @param tangents tangent seeds for some variables, each of its variable's shape; others are zero
   * @return the first report, or empty if every value, tangent and adjoint is finite
   * @throws IllegalArgumentException on missing, unknown or misshapen bindings or tangents
   */
  public static Optional<Report> find(Expr f, Bindings at, Bindings tangents) {
    return scan(f, at, Checks.notNull(tangents, "tangents"), true).stream().findFirst();
  }

  /**
   * {@return the first non-finite node of each phase (at most three reports, in phase order); the
   * tangent seed is ones for every variable, the cotangent ones}
   *
   * @param f any expression
   * @param at a value for every variable of {@code f}, of its shape
   * @throws IllegalArgumentException on missing, unknown or misshapen bindings
   */
  public static List<Report> findEachPhase(Expr f, Bindings at) {
    return scan(f, at, null, false);
  }

  private static List<Report> scan(Expr f, Bindings at, @Nullable Bindings tangents, boolean firstOnly) {
    Map<String, Var> vars = checked(f, at, tangents);
    List<Expr> order = Exprs.topologicalOrder(f);
    Map<Expr, Tensor> values = Evaluator.values(order, at);
    List<Report> out = new ArrayList<>();
    first(Phase.VALUE, order, values::get, values).ifPresent(out::add);
    if (firstOnly && !out.isEmpty()) {
      return out;
    }
    Function<Expr, Expr> primal = constants(values);
    Map<String, Expr> seeds = new LinkedHashMap<>();
    if (tangents == null) {
      vars.values().forEach(v -> seeds.put(v.name(), new Const(Tensor.ones(v.shape(), v.dtype()))));
    } else {
      tangents.values().forEach((name, t) -> seeds.put(name, new Const(t)));
    }
    Map<Expr, Expr> tangent = Sweeps.forward(order, primal, seeds);
    first(Phase.TANGENT, order, n -> derivative(tangent.get(n)), values).ifPresent(out::add);
    if (firstOnly && !out.isEmpty()) {
      return out;
    }
    Map<Expr, Expr> adjoint = Sweeps.reverse(order, primal, new Const(Tensor.ones(f.shape(), f.dtype())), null);
    first(Phase.ADJOINT, order.reversed(), n -> derivative(adjoint.get(n)), values).ifPresent(out::add);
    return out;
  }

  private static Optional<Report> first(Phase phase, List<Expr> nodes, Function<Expr, @Nullable Tensor> of,
      Map<Expr, Tensor> values) {
    for (Expr n : nodes) {
      Tensor t = of.apply(n);
      if (t == null || t.allFinite()) {
        continue;
      }
      double[] d = t.toArray();
      int i = 0;
      while (Double.isFinite(d[i])) {
        i++;
      }
      return Optional.of(new Report(phase, n, opName(n), Exprs.print(n), i, d[i], arguments(n, values)));
    }
    return Optional.empty();
  }

  private static @Nullable Tensor derivative(@Nullable Expr e) {
    return e == null ? null : AD.valueOf(e);
  }

  private static String opName(Expr n) {
    return switch (n) {
      case Var v -> "variable";
      case Const c -> "constant";
      case Apply a -> a.op().name();
    };
  }

  private static String arguments(Expr n, Map<Expr, Tensor> values) {
    if (!(n instanceof Apply a)) {
      return "";
    }
    StringJoiner sj = new StringJoiner("; ");
    for (Expr arg : a.args()) {
      String text = Exprs.print(arg);
      text = text.length() <= ARG_TEXT ? text : text.substring(0, ARG_TEXT) + "…";
      sj.add(text + " = " + summary(values.get(arg)));
    }
    return sj.toString();
  }

  /** A number, a short list, or for larger tensors their shape, range and count of non-finite elements. */
  static String summary(Tensor t) {
    double[] d = t.toArray();
    if (t.rank() == 0) {
      return Double.toString(d[0]);
    }
    if (d.length <= SMALL) {
      StringJoiner sj = new StringJoiner(", ", "[", "]");
      for (double v : d) {
        sj.add(Double.toString(v));
      }
      return sj.toString();
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int bad = 0;
    for (double v : d) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      } else {
        bad++;
      }
    }
    return "shape " + t.shape() + ", finite range [" + min + ", " + max + "], " + bad + " non-finite";
  }

  private static Map<String, Var> checked(Expr f, Bindings at, @Nullable Bindings tangents) {
    Checks.notNull(f, "f");
    Checks.notNull(at, "at");
    Map<String, Var> vars = Exprs.variables(f);
    for (String name : at.values().keySet()) {
      if (!vars.containsKey(name)) {
        throw new IllegalArgumentException("unknown variable " + name + " (the expression has " + vars.keySet() + ")");
      }
    }
    if (tangents != null) {
      tangents.values().forEach((name, t) -> {
        Var v = vars.get(name);
        if (v == null || !t.shape().equals(v.shape())) {
          throw new IllegalArgumentException("tangent for " + name + (v == null
              ? " names no variable of f (variables: " + vars.keySet() + ")" : " must have shape " + v.shape()));
        }
      });
    }
    return vars;
  }

  private static Function<Expr, Expr> constants(Map<Expr, Tensor> values) {
    Map<Expr, Expr> cache = new IdentityHashMap<>();
    return n -> cache.computeIfAbsent(n, k -> new Const(values.get(k)));
  }
}
