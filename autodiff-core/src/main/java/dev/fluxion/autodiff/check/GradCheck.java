package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.internal.Evaluator;
import dev.fluxion.autodiff.ad.Jvp;
import dev.fluxion.autodiff.ad.Vjp;
import dev.fluxion.autodiff.control.Custom;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the derivatives of a function, in the manner of JAX's {@code check_grads}: reverse
 * and forward mode against central finite differences (float64), forward against reverse mode
 * by the adjoint identity, symbolic against numeric derivatives, and second order (Hessian-vector
 * products against differences of the gradient, and the symbolic second derivative against
 * them). Non-scalar outputs are projected on a random cotangent {@code u}; second-order checks
 * use the scalar {@code <u, f>}. See {@link Options} for steps and tolerances.
 *
 * <p>Choose points where the function is smooth: at a kink (relu or abs at 0, tied maxima or pooling windows,
 * {@code where}'s condition on its boundary) finite differences cannot verify a rule. Such a point is
 * detected from the evaluated graph and, unless one-sided differences show the function itself is
 * smooth there (kinks that cancel), reported as {@link Report#kink()} ({@code passed()} false,
 * nothing compared) rather than as a failure with a made-up expected value.
 *
 * <p>A function that computes in float32 anywhere (a float32 variable, constant or cast) is
 * checked through its float64 twin, the same graph widened to float64 on the same input values:
 * every check runs on the twin (finite differences are never taken in float32, as PyTorch's
 * gradcheck insists on double precision), and the float32 value and derivatives are compared with
 * the twin's at {@link Options#float32Rtol()} ({@link CheckKind#FLOAT32}). {@link Report#dtype()}
 * says which mode ran.
 */
public final class GradCheck {
  private static final int SUBJECT_CHARS = 300;

  private GradCheck() {}

  /**
   * {@return {@link #check(Expr, Bindings, Options)} with {@link Options#defaults()}}
   *
   * @param f an expression of any shape
   * @param at a value for every variable of the expression
   */
  public static Report check(Expr f, Bindings at) {
    return check(f, at, Options.defaults());
  }

  /**
   * Runs the checks of {@code options} on {@code f} at {@code at}; on a failure, localizes it to
   * the first node whose own rule is wrong.
   *
   * @param f an expression of any shape
   * @param at a value for every variable of {@code f} (and nothing else), inside its domain
   * @param options steps, tolerances, seed and checks
   * @return the report: the failed comparisons, and the culprit if any failed
   * @throws IllegalArgumentException if an argument is null or the bindings do not fit {@code f}
   */
  public static Report check(Expr f, Bindings at, Options options) {
    Checks.notNull(options, "options");
    Report r = new Run(f, at, options).run();
    return r.passed() || r.kink() != null ? r : r.withCulprit(localize(f, at, options));
  }

  /**
   * Checks a function of one tensor at {@code x}, as the expression {@code f(x)} of a variable
   * {@code x} with {@code x}'s shape.
   *
   * @param f maps an expression to an expression of any shape
   * @param x the point, any shape, inside the function's domain
   * @param options steps, tolerances, seed and checks
   * @return the report: the failed comparisons, and the culprit if any failed
   * @throws IllegalArgumentException if an argument is null
   */
  public static Report check(UnaryOperator<Expr> f, Tensor x, Options options) {
    Checks.notNull(f, "f");
    Checks.notNull(x, "x");
    Var v = Fx.variable("x", x.shape(), x.dtype());
    Expr e = Checks.notNull(f.apply(v), "f's result");
    Bindings at = Exprs.variables(e).containsKey("x") ? Bindings.of("x", x) : Bindings.of();
    return check(e, at, options);
  }

  /**
   * Checks a custom derivative rule ({@link Custom}): the checks of {@code options} on the function
   * with its rule and on the function through its own ops, each against finite differences of the
   * function's value; the report's verdict says which derivative is wrong. A {@code customVjp} function
   * has no forward mode, so only {@link CheckKind#REVERSE_VS_FD} runs for it.
   *
   * @param g the custom function
   * @param at a value for every variable of {@code args}, where the function is differentiable
   * @param options steps, tolerances, seed and checks
   * @param args the arguments, expressions of the variables bound in {@code at}
   * @return both reports and the verdict
   * @throws IllegalArgumentException if an argument is null or the bindings do not fit
   */
  public static CustomReport checkCustom(Custom.CustomFunction g, Bindings at, Options options, Expr... args) {
    Checks.notNull(g, "g");
    Checks.notNull(options, "options");
    Options o = g.hasForwardRule() ? options : options.withChecks(CheckKind.REVERSE_VS_FD);
    return new CustomReport(g.name(), check(g.invoke(args), at, o), check(g.inline(args), at, o));
  }

  /**
   * {@return {@link #check(UnaryOperator, Tensor, Options)} with {@link Options#defaults()}}
   *
   * @param f maps an expression to an expression of any shape
   * @param x the point, any shape, inside the function's domain
   */
  public static Report check(UnaryOperator<Expr> f, Tensor x) {
    return check(f, x, Options.defaults());
  }

  /**
   * Checks and throws if any comparison failed (for JUnit).
   *
   * @param f an expression of any shape
   * @param at a value for every variable of the expression
   * @param options steps, tolerances, seed and checks
   * @throws AssertionError with the {@link Report} as its message
   */
  public static void assertCorrect(Expr f, Bindings at, Options options) {
    Report r = check(f, at, options);
    if (!r.passed()) {
      throw new AssertionError(r.toString());
    }
  }

  /**
   * {@link #assertCorrect(Expr, Bindings, Options)} with {@link Options#defaults()}.
   *
   * @param f an expression of any shape
   * @param at a value for every variable of the expression
   */
  public static void assertCorrect(Expr f, Bindings at) {
    assertCorrect(f, at, Options.defaults());
  }

  /**
   * Checks a function of one tensor and throws if any comparison failed.
   *
   * @param f maps an expression to an expression of any shape
   * @param x the point, any shape, inside the function's domain
   * @param options steps, tolerances, seed and checks
   * @throws AssertionError with the {@link Report} as its message
   */
  public static void assertCorrect(UnaryOperator<Expr> f, Tensor x, Options options) {
    Report r = check(f, x, options);
    if (!r.passed()) {
      throw new AssertionError(r.toString());
    }
  }

  /**
   * {@link #assertCorrect(UnaryOperator, Tensor, Options)} with {@link Options#defaults()}.
   *
   * @param f maps an expression to an expression of any shape
   * @param x the point, any shape, inside the function's domain
   */
  public static void assertCorrect(UnaryOperator<Expr> f, Tensor x) {
    assertCorrect(f, x, Options.defaults());
  }

  /**
   * The smallest subexpression whose own rule is wrong: walks the nodes of {@code f} in
   * topological order and checks each application's op rules ({@code jvp(i, ...)} and
   * {@code vjp(i, ...)} for every argument) at the node's actual argument values against central
   * differences of {@code op.apply}. An argument for which both rules return null is taken as
   * declared non-differentiable (the condition of {@code where}, comparisons) and skipped.
   *
   * @param f an expression of any shape
   * @param at a value for every variable of the expression
   * @param options steps, tolerances, seed and checks
   * @return the first bad node, or null if every local rule agrees
   * @throws IllegalArgumentException if the bindings do not fit {@code f}
   */
  public static Report.@Nullable Culprit localize(Expr f, Bindings at, Options options) {
    return Localizer.localize(Checks.notNull(f, "f"), Checks.notNull(at, "at"), Checks.notNull(options, "options"));
  }

  /** One check of one function at one point. */
  private static final class Run {
    private final Expr subject;
    private final DType dtype;
    private final @Nullable Float32Results low;
    private final Expr f;
    private final Bindings at;
    private final Options o;
    private final List<Expr> order;
    private final Map<String, Var> vars;
    private final List<Report.Failure> failures = new ArrayList<>();
    private final SplittableRandom rng;

    Run(Expr f, Bindings at, Options o) {
      Checks.notNull(f, "f");
      Checks.notNull(at, "at");
      List<Expr> given = Exprs.topologicalOrder(f);
      this.dtype = Twin.dtypeOf(given);
      this.o = o;
      this.subject = f;
      if (dtype == DType.FLOAT64) {
        this.f = f;
        this.at = at;
        this.order = given;
        this.low = null;
      } else {
        this.low = new Float32Results(f, at, o, failures);
        Twin twin = Twin.of(given, f, at);
        this.f = twin.f();
        this.at = twin.at();
        this.order = Exprs.topologicalOrder(this.f);
      }
      this.vars = Twin.differentiable(this.f);
      this.rng = new SplittableRandom(o.seed());
    }

    Report run() {
      Tensor y = AD.eval(f, at);
      if (!y.allFinite()) {
        failures.add(new Report.Failure(CheckKind.VALUE, "output", List.of(), 0, Double.NaN, Double.NaN, 0));
      }
      if (low != null && failures.isEmpty()) {
        low.value(y);
      }
      if (vars.isEmpty() || !failures.isEmpty()) {
        return report();
      }
      Tensor u = Twin.onGrid(Numeric.direction(y.shape(), rng), dtype);
      Map<String, Tensor> v = new LinkedHashMap<>();
      vars.forEach((name, x) -> v.put(name, Twin.onGrid(Numeric.direction(x.shape(), rng), dtype)));
      Report.Kink kink = KinkFinder.find(order, at);
      if (kink != null && !smoothAlong(y, u, v)) {
        return new Report(report().subject(), List.of(), null, kink, dtype, tolerance());
      }
      Vjp rev = AD.vjp(f, at, u);
      // Forward mode only when a check reads it: a customVjp function has none (checkCustom runs reverse only).
      boolean forward = o.runs(CheckKind.FORWARD_VS_FD) || o.runs(CheckKind.ADJOINT) || o.runs(CheckKind.SYMBOLIC);
      Jvp fwd = forward ? AD.jvp(f, at, Bindings.of(v)) : new Jvp(y, Tensor.zeros(y.shape(), y.dtype()));
      if (o.runs(CheckKind.REVERSE_VS_FD)) {
        reverseVsFd(u, rev);
      }
      if (o.runs(CheckKind.FORWARD_VS_FD)) {
        Tensor fd = Numeric.derivativeOf(t -> eval(f, shifted(v, t)), stepAlong(), o.richardson());
        Numeric.compare(CheckKind.FORWARD_VS_FD, "output", fd, fwd.tangent(), all(fd), o, failures);
      }
      if (o.runs(CheckKind.ADJOINT)) {
        double lhs = Numeric.dot(u, fwd.tangent());
        double rhs = 0;
        double scale = Numeric.absDot(u, fwd.tangent());
        for (String name : vars.keySet()) {
          rhs += Numeric.dot(rev.cotangents().get(name), v.get(name));
          scale += Numeric.absDot(rev.cotangents().get(name), v.get(name));
        }
        Numeric.compareScalar(CheckKind.ADJOINT, "<u, Jv> vs <J^T u, v>", lhs, rhs, scale, o, failures);
      }
      if (o.runs(CheckKind.SYMBOLIC)) {
        symbolic(u, v, rev, fwd);
      }
      Map<String, Tensor> hv = null;
      if (o.runs(CheckKind.HVP_VS_FD) || o.runs(CheckKind.SYMBOLIC_SECOND)) {
        hv = secondOrder(f.shape().rank() == 0 ? f : Fx.sum(Fx.mul(f, Fx.constant(u))), v);
      }
      if (low != null) {
        compareFloat32(low, u, v, rev, fwd, hv);
      }
      return report();
    }

    /** The float32 results the selected checks compute, against the twin's. */
    private void compareFloat32(Float32Results low, Tensor u, Map<String, Tensor> v, Vjp rev, Jvp fwd,
        @Nullable Map<String, Tensor> hv) {
      boolean bothModes = o.runs(CheckKind.ADJOINT) || o.runs(CheckKind.SYMBOLIC);
      if (bothModes || o.runs(CheckKind.REVERSE_VS_FD)) {
        low.reverse(u, rev);
      }
      if (bothModes || o.runs(CheckKind.FORWARD_VS_FD)) {
        low.forward(v, fwd);
      }
      low.hvp(u, v, hv);
    }

    /** The tolerance of the comparisons in {@link #dtype}: float32 results against the twin, or finite differences. */
    private double tolerance() {
      return dtype == DType.FLOAT32 ? o.float32Rtol() : o.rtol();
    }

    private Report report() {
      String s = Exprs.print(subject);
      return new Report(s.length() > SUBJECT_CHARS ? s.substring(0, SUBJECT_CHARS) + "…" : s, failures, null, null,
          dtype, tolerance());
    }

    private void reverseVsFd(Tensor u, Vjp rev) {
      for (Var x : vars.values()) {
        Tensor x0 = at.get(x.name());
        int[] entries = Numeric.entries(x0.size(), o.maxEntries(), rng);
        double[] fd = new double[x0.size()];
        double[] xs = x0.toArray();
        for (int i : entries) {
          double h = o.step() * Math.max(1, Math.abs(xs[i]));
          fd[i] = Numeric.derivative(t -> Numeric.dot(u, eval(f, at.with(x.name(), Numeric.bump(x0, i, t)))), h,
              o.richardson());
        }
        Numeric.compare(CheckKind.REVERSE_VS_FD, x.name(), Tensor.of(fd, x0.shape()), rev.cotangents().get(x.name()),
            entries, o, failures);
      }
    }

    private void symbolic(Tensor u, Map<String, Tensor> v, Vjp rev, Jvp fwd) {
      Map<String, Expr> g = AD.vjpExpr(f, Fx.constant(u));
      for (String name : vars.keySet()) {
        Tensor sym = evalLenient(g.get(name));
        Tensor num = rev.cotangents().get(name);
        Numeric.compare(CheckKind.SYMBOLIC, "vjp " + name, num, sym, all(num), o, failures);
      }
      Map<String, Expr> seeds = new LinkedHashMap<>();
      v.forEach((name, t) -> seeds.put(name, Fx.constant(t)));
      Tensor sym = evalLenient(AD.jvpExpr(f, seeds));
      Numeric.compare(CheckKind.SYMBOLIC, "jvp output", fwd.tangent(), sym, all(sym), o, failures);
    }

    private Map<String, Tensor> secondOrder(Expr phi, Map<String, Tensor> v) {
      Map<String, Tensor> hv = AD.hvp(phi, at, Bindings.of(v));
      if (o.runs(CheckKind.HVP_VS_FD)) {
        double t = stepAlong();
        for (String name : vars.keySet()) {
          Tensor fd = Numeric.derivativeOf(s -> AD.grad(phi, shifted(v, s), name), t, o.richardson());
          Numeric.compare(CheckKind.HVP_VS_FD, name, fd, hv.get(name), all(fd), o, failures);
        }
      }
      if (o.runs(CheckKind.SYMBOLIC_SECOND)) {
        Expr psi = Fx.scalar(0);
        for (Map.Entry<String, Expr> e : AD.gradExpr(phi).entrySet()) {
          psi = Fx.add(psi, Fx.sum(Fx.mul(e.getValue(), Fx.constant(v.get(e.getKey())))));
        }
        Map<String, Expr> second = AD.vjpExpr(psi, Fx.scalar(1.0));
        for (String name : vars.keySet()) {
          Expr s = second.get(name);
          Tensor sym = s == null ? Tensor.zeros(vars.get(name).shape(), vars.get(name).dtype()) : evalLenient(s);
          Numeric.compare(CheckKind.SYMBOLIC_SECOND, name, hv.get(name), sym, all(sym), o, failures);
        }
      }
      return hv;
    }

    /**
     * Whether {@code <u, f>} has one slope along {@code v} on both sides of the point: one-sided
     * differences agree to {@code 1e-3} relative (their own error is {@code O(step)}), as where the
     * kinks of {@code max(z, 0)} and {@code |z|} selected by one condition cancel.
     */
    private boolean smoothAlong(Tensor y, Tensor u, Map<String, Tensor> v) {
      double h = stepAlong();
      double y0 = Numeric.dot(u, y);
      double right = (Numeric.dot(u, eval(f, shifted(v, h))) - y0) / h;
      double left = (y0 - Numeric.dot(u, eval(f, shifted(v, -h)))) / h;
      return Math.abs(right - left) <= 1e-3 * (1 + Math.abs(right) + Math.abs(left));
    }

    /** The directional step: {@code step * max(1, max |x|)} over every variable. */
    private double stepAlong() {
      double m = 1;
      for (String name : vars.keySet()) {
        m = Math.max(m, Numeric.scale(at.get(name)));
      }
      return o.step() * m;
    }

    private Bindings shifted(Map<String, Tensor> v, double t) {
      Bindings b = at;
      for (Map.Entry<String, Tensor> e : v.entrySet()) {
        b = b.with(e.getKey(), at.get(e.getKey()).plus(e.getValue().times(t)));
      }
      return b;
    }

    private Tensor eval(Expr e, Bindings b) {
      return Evaluator.values(order, b).get(e);
    }

    private Tensor evalLenient(Expr e) {
      Map<String, Tensor> used = new LinkedHashMap<>();
      Exprs.variables(e).keySet().forEach(k -> used.put(k, at.get(k)));
      return AD.eval(e, Bindings.of(used));
    }

    private static int[] all(Tensor t) {
      return java.util.stream.IntStream.range(0, t.size()).toArray();
    }
  }
}
