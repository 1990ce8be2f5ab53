package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The step function of a {@link Scan}, built once as an expression over placeholder variables:
 * {@code (carries, x slices, constants) → (new carries, per-step outputs)}, compiled into one plan.
 *
 * <p>Constants are what the step reads from outside (weights): maximal subexpressions that depend on
 * no placeholder are lifted out as extra arguments of the scan node (closure conversion, as JAX's
 * jaxpr {@code consts}), so derivatives with respect to them flow through the scan's own rules.
 * Plain constants stay inside.
 */
final class ScanBody {
  private static final AtomicLong IDS = new AtomicLong();

  final List<Var> carries;
  final List<Var> xs;
  final List<Var> consts;
  /** The new carries, then the per-step outputs. */
  final List<Expr> outputs;
  private @Nullable Plan plan;
  private final Map<Integer, ScanBody> jvps = new java.util.HashMap<>();
  private @Nullable ScanBody trajectory;
  private final Map<Integer, ScanBody> vjps = new java.util.HashMap<>();
  private @Nullable ScanBody wide;
  /** The last batched loop ({@link ScanBatching}): the batch, the arguments it was built for, its results. */
  private @Nullable Object[] lastBatch;
  /** The last run's outputs not handed out yet, keyed by the identity of its arguments. */
  private @Nullable Run last;

  private record Run(boolean reverse, int length, Tensor[] args, @Nullable Tensor[] outputs) {}

  ScanBody(List<Var> carries, List<Var> xs, List<Var> consts, List<Expr> outputs) {
    this.carries = List.copyOf(carries);
    this.xs = List.copyOf(xs);
    this.consts = List.copyOf(consts);
    this.outputs = List.copyOf(outputs);
  }

  /**
   * {@return the batched loop's results for these batched arguments, built by {@code build} once for the
   * loop's result nodes, which ask one after the other}
   */
  synchronized List<Expr> batched(List<Expr> x, dev.fluxion.autodiff.op.Batch b,
      java.util.function.Supplier<List<Expr>> build) {
    Object[] memo = lastBatch;
    if (memo != null && memo[0].equals(b) && sameObjects((List<?>) memo[1], x)) {
      @SuppressWarnings("unchecked")
      List<Expr> cached = (List<Expr>) memo[2];
      return cached;
    }
    List<Expr> r = build.get();
    lastBatch = new Object[] {b, List.copyOf(x), r};
    return r;
  }

  private static boolean sameObjects(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  int carryCount() {
    return carries.size();
  }

  int outputCount() {
    return outputs.size() - carries.size();
  }

  /** {@return a placeholder variable named uniquely for scan bodies} */
  static Var placeholder(String role, Shape shape, dev.fluxion.autodiff.tensor.DType dtype) {
    return new Var("%scan" + IDS.incrementAndGet() + "." + role, shape, dtype);
  }

  /**
   * {@return the body whose outputs {@code raw} read placeholders {@code carries} and {@code xs},
   * with every outside subexpression lifted to a constant placeholder; {@code lifted} receives the
   * outside expressions, in the order of the body's constants}
   */
  static ScanBody close(List<Var> carries, List<Var> xs, List<Expr> raw, List<Expr> lifted) {
    Map<Expr, Boolean> inner = new IdentityHashMap<>();
    for (Var v : carries) {
      inner.put(v, true);
    }
    for (Var v : xs) {
      inner.put(v, true);
    }
    Map<Expr, Expr> memo = new IdentityHashMap<>();
    Map<Expr, Var> liftedAs = new IdentityHashMap<>();
    List<Var> consts = new ArrayList<>();
    for (Expr n : Exprs.topologicalOrder(raw.toArray(new Expr[0]))) {
      if (n instanceof Apply a) {
        boolean dep = false;
        for (Expr arg : a.args()) {
          dep |= inner.getOrDefault(arg, false);
        }
        if (dep) {
          inner.put(n, true);
          Expr[] args = new Expr[a.args().size()];
          for (int i = 0; i < args.length; i++) {
            Expr arg = a.arg(i);
            args[i] = inner.getOrDefault(arg, false) ? memo.get(arg) : lift(arg, liftedAs, consts, lifted);
          }
          memo.put(n, Apply.of(a.op(), List.of(args)));
        }
      }
      if (!inner.getOrDefault(n, false)) {
        inner.put(n, false);
      } else if (!(n instanceof Apply)) {
        memo.put(n, n);
      }
    }
    List<Expr> out = new ArrayList<>();
    for (Expr e : raw) {
      out.add(inner.get(e) ? memo.get(e) : lift(e, liftedAs, consts, lifted));
    }
    return new ScanBody(carries, xs, consts, out);
  }

  private static Expr lift(Expr outside, Map<Expr, Var> liftedAs, List<Var> consts, List<Expr> lifted) {
    if (outside instanceof Const) {
      return outside;
    }
    return liftedAs.computeIfAbsent(outside, e -> {
      Var p = placeholder("p" + consts.size(), e.shape(), e.dtype());
      consts.add(p);
      lifted.add(e);
      return p;
    });
  }

  /** {@return the placeholders a run binds, in order: carries, x slices, constants} */
  List<Var> parameters() {
    List<Var> p = new ArrayList<>(carries);
    p.addAll(xs);
    p.addAll(consts);
    return p;
  }

  /** {@return one step: the new carries then the per-step outputs} */
  synchronized List<Tensor> step(List<Tensor> args) {
    if (plan == null) {
      plan = Plan.of(outputs, parameters());
    }
    return plan.run(args);
  }

  /**
   * {@return output {@code output} of the run over {@code args}, computed once for all outputs: a run
   * keeps its other outputs for the sibling nodes that read them, and hands each out once only (a
   * plan may write into a tensor it was handed)}
   */
  synchronized Tensor output(boolean reverse, int length, Tensor[] args, int output,
      java.util.function.Supplier<Tensor[]> run) {
    Run r = last;
    if (r != null && r.reverse == reverse && r.length == length && sameArgs(r.args, args) && r.outputs[output] != null) {
      Tensor t = r.outputs[output];
      r.outputs[output] = null;
      return t;
    }
    Tensor[] all = run.get();
    Tensor t = all[output];
    all[output] = null;
    last = new Run(reverse, length, args.clone(), all);
    return t;
  }

  private static boolean sameArgs(Tensor[] a, Tensor[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /** {@return this step in float64: float placeholders widened, the outputs mapped by {@code widen}; built once} */
  synchronized ScanBody widened(java.util.function.UnaryOperator<List<Expr>> widen) {
    if (wide == null) {
      wide = new ScanBody(widen(carries), widen(xs), widen(consts), widen.apply(outputs));
    }
    return wide;
  }

  private static List<Var> widen(List<Var> vars) {
    return Custom.widen(vars);
  }

  synchronized ScanBody jvp(int argument, java.util.function.IntFunction<ScanBody> build) {
    return jvps.computeIfAbsent(argument, build::apply);
  }

  synchronized ScanBody trajectory(java.util.function.Supplier<ScanBody> build) {
    if (trajectory == null) {
      trajectory = build.get();
    }
    return trajectory;
  }

  synchronized ScanBody vjp(int output, java.util.function.IntFunction<ScanBody> build) {
    return vjps.computeIfAbsent(output, build::apply);
  }
}
