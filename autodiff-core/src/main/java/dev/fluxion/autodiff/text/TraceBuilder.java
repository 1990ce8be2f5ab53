package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.internal.Evaluator;
import dev.fluxion.autodiff.ad.internal.Sweeps;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Trace.Derivative;
import dev.fluxion.autodiff.text.Trace.Kind;
import dev.fluxion.autodiff.text.Trace.Row;
import dev.fluxion.autodiff.text.Trace.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Trace}: numbers the nodes, prints each op over placeholders, takes values
 * from {@link Evaluator} and tangents from {@link Sweeps}, and runs the reverse sweep step by
 * step with the ops' VJP rules, in the trace's reverse order.
 */
final class TraceBuilder {
  static final char DOT = '\u0307';
  static final char BAR = '\u0304';

  /** One row under construction: its node (the first one, for a variable) and index. */
  private record Slot(Expr node, int index, String name) {}

  private final Expr f;
  private final List<Expr> order;
  private final Map<Expr, Tensor> values;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<Expr, Slot> slotOf = new IdentityHashMap<>();

  private TraceBuilder(Expr f, Bindings at) {
    this.f = f;
    this.order = Exprs.topologicalOrder(f);
    this.values = Evaluator.values(order, at);
    number();
  }

  static Trace build(Kind kind, Expr f, Bindings at, Bindings tangents, @Nullable Tensor cotangent) {
    checkArguments(f, at, tangents, cotangent);
    TraceBuilder b = new TraceBuilder(f, at);
    List<Step> steps = new ArrayList<>();
    List<Row> rows = switch (kind) {
      case PRIMAL -> b.rows(s -> null);
      case FORWARD -> b.forward(tangents);
      case REVERSE -> b.reverse(Checks.notNull(cotangent, "cotangent"), steps);
    };
    return new Trace(kind, rows, steps, b.slotOf.get(f).name());
  }

  private static void checkArguments(Expr f, Bindings at, Bindings tangents, @Nullable Tensor cotangent) {
    Checks.notNull(f, "f");
    Checks.notNull(at, "at");
    if (f instanceof Const) {
      throw new IllegalArgumentException("trace: f is a constant; there is nothing to trace");
    }
    Map<String, Var> vars = Exprs.variables(f);
    for (String name : at.values().keySet()) {
      if (!vars.containsKey(name)) {
        throw new IllegalArgumentException("trace: unknown variable " + name + " (the expression has " + vars.keySet() + ")");
      }
    }
    tangents.values().forEach((name, t) -> {
      Var v = vars.get(name);
      if (v == null || !v.shape().equals(t.shape())) {
        throw new IllegalArgumentException("trace: tangent for " + name + (v == null
            ? " names no variable of f (variables: " + vars.keySet() + ")"
            : " has shape " + t.shape() + " but the variable has shape " + v.shape()));
      }
    });
    if (cotangent != null && !cotangent.shape().equals(f.shape())) {
      throw new IllegalArgumentException("trace: cotangent has shape " + cotangent.shape()
          + " but the output has shape " + f.shape());
    }
  }

  /** Inputs {@code v(1-n) … v0} by first appearance, then applications by level, ties by first appearance. */
  private void number() {
    Map<String, Var> vars = Exprs.variables(f);
    Map<String, Slot> inputs = new LinkedHashMap<>();
    int index = 1 - vars.size();
    for (String name : vars.keySet()) {
      Slot s = new Slot(vars.get(name), index, "v" + index);
      inputs.put(name, s);
      slots.add(s);
      index++;
    }
    Map<Expr, Integer> level = new IdentityHashMap<>();
    List<Apply> applications = new ArrayList<>();
    for (Expr n : order) {
      switch (n) {
        case Var v -> slotOf.put(v, inputs.get(v.name()));
        case Const c -> level.put(c, 0);
        case Apply a -> {
          level.put(a, 1 + a.args().stream().mapToInt(arg -> level.getOrDefault(arg, 0)).max().orElse(0));
          applications.add(a);
        }
      }
    }
    applications.sort(Comparator.comparingInt(level::get));
    for (Apply a : applications) {
      Slot s = new Slot(a, index, "v" + index);
      index++;
      slots.add(s);
      slotOf.put(a, s);
    }
  }

  private List<Row> rows(Function<Slot, @Nullable Derivative> derivative) {
    List<Row> rows = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      rows.add(new Row(s.index(), s.name(), operation(s), values.get(s.node()), derivative.apply(s)));
    }
    return rows;
  }

  private String operation(Slot s) {
    return switch (s.node()) {
      case Var v -> v.name();
      case Apply a -> Notation.print(Apply.of(a.op(), placeholders(a)));
      case Const c -> throw new IllegalStateException("constants have no row");
    };
  }

  // ------------------------------------------------------------------ forward

  private List<Row> forward(Bindings tangents) {
    Map<String, Expr> seeds = new LinkedHashMap<>();
    tangents.values().forEach((name, t) -> seeds.put(name, new Const(t)));
    Map<Expr, Expr> tangent = Sweeps.forward(order, constants(), seeds);
    return rows(s -> {
      Tensor value = s.node() instanceof Var v
          ? tangents.contains(v.name()) ? tangents.get(v.name()) : Tensor.zeros(v.shape(), v.dtype())
          : valueOf(tangent.get(s.node()), s.node());
      return new Derivative(Notation.decorate(s.name(), DOT), tangentRule(s), value);
    });
  }

  /** {@code Σ_i jvp_i(v, v̇_i)} over the non-constant arguments, printed; the seed for an input. */
  private String tangentRule(Slot s) {
    if (!(s.node() instanceof Apply a)) {
      return Notation.decorate(((Var) s.node()).name(), DOT);
    }
    List<Expr> x = placeholders(a);
    Expr y = placeholder(s, "");
    Expr sum = null;
    for (int i = 0; i < a.args().size(); i++) {
      Slot arg = slotOf.get(a.arg(i));
      if (arg != null) {
        Expr c = a.op().jvp(i, x, y, placeholder(arg, String.valueOf(DOT)));
        sum = c == null ? sum : sum == null ? c : Fx.add(sum, c);
      }
    }
    return sum == null ? "0" : Notation.print(sum);
  }

  // ------------------------------------------------------------------ reverse

  /**
   * Runs the reverse sweep over the rows from the output back, appending one step per
   * contribution to {@code steps}: a row's adjoint is finished when it is visited, since every
   * use of it has a higher index. Returns the rows with their finished adjoints.
   */
  private List<Row> reverse(Tensor cotangent, List<Step> steps) {
    Slot out = slotOf.get(f);
    Map<Slot, Tensor> adjoint = new IdentityHashMap<>();
    Map<Slot, StringBuilder> sums = new IdentityHashMap<>();
    for (Slot s : slots.reversed()) {
      Tensor bar = adjoint.get(s);
      if (bar == null) {
        bar = s == out ? cotangent : Tensor.zeros(s.node().shape(), s.node().dtype());
        adjoint.put(s, bar);
        steps.add(new Step(s.name(), null, s == out ? Notation.decorate("y", BAR) : "0", false, bar));
      }
      if (s.node() instanceof Apply a) {
        contribute(s, a, bar, adjoint, sums, steps);
      }
    }
    return rows(s -> {
      StringBuilder sum = sums.get(s);
      String rule = sum != null ? sum.toString() : s == out ? Notation.decorate("y", BAR) : "0";
      return new Derivative(Notation.decorate(s.name(), BAR), rule, adjoint.get(s));
    });
  }

  /** One step per argument of {@code a} that a VJP rule reaches, in argument order. */
  private void contribute(Slot s, Apply a, Tensor bar, Map<Slot, Tensor> adjoint, Map<Slot, StringBuilder> sums,
      List<Step> steps) {
    List<Expr> x = placeholders(a);
    Var y = placeholder(s, "");
    Var yBar = placeholder(s, String.valueOf(BAR));
    List<Expr> xValues = new ArrayList<>(a.args().size());
    for (Expr arg : a.args()) {
      xValues.add(new Const(values.get(arg)));
    }
    Const yValue = new Const(values.get(a));
    Const barValue = new Const(bar);
    for (int i = 0; i < a.args().size(); i++) {
      Slot arg = slotOf.get(a.arg(i));
      Expr term = arg == null ? null : a.op().vjp(i, x, y, yBar);
      if (arg == null || term == null) {
        continue;
      }
      Tensor c = valueOf(a.op().vjp(i, xValues, yValue, barValue), arg.node());
      Tensor prev = adjoint.get(arg);
      String partial = Notation.decorate(s.name(), BAR) + " ∂" + s.name() + "/∂" + arg.name();
      if (prev == null) {
        adjoint.put(arg, c);
        sums.put(arg, new StringBuilder(partial));
        steps.add(new Step(arg.name(), s.name(), Notation.print(term), false, c));
      } else {
        Tensor next = valueOf(Fx.add(new Const(prev), new Const(c)), arg.node());
        adjoint.put(arg, next);
        sums.get(arg).append(" + ").append(partial);
        Expr running = Fx.add(placeholder(arg, String.valueOf(BAR)), term);
        steps.add(new Step(arg.name(), s.name(), Notation.print(running), true, next));
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The arguments of {@code a} with each non-constant replaced by its row's placeholder {@code v_i}. */
  private List<Expr> placeholders(Apply a) {
    List<Expr> out = new ArrayList<>(a.args().size());
    for (Expr arg : a.args()) {
      Slot s = slotOf.get(arg);
      out.add(s == null ? arg : placeholder(s, ""));
    }
    return out;
  }

  /** The variable {@code v_i}, decorated with {@code mark} ({@code ""}, a dot or a bar), of the row's shape. */
  private static Var placeholder(Slot s, String mark) {
    return new Var(mark.isEmpty() ? s.name() : Notation.decorate(s.name(), mark.charAt(0)), s.node().shape(), s.node().dtype());
  }

  private Function<Expr, Expr> constants() {
    Map<Expr, Expr> cache = new IdentityHashMap<>();
    return n -> cache.computeIfAbsent(n, k -> new Const(values.get(k)));
  }

  /** The value of a numeric-mode derivative expression (absent means zero), shape of {@code node}. */
  private static Tensor valueOf(@Nullable Expr e, Expr node) {
    if (e == null) {
      return Tensor.zeros(node.shape(), node.dtype());
    }
    if (e instanceof Const c) {
      return c.value();
    }
    return Evaluator.values(Exprs.topologicalOrder(e), Bindings.of()).get(e);
  }
}
