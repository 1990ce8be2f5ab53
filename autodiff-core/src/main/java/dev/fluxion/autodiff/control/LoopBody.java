package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The graphs of a {@link WhileLoop}, built once on placeholder variables and compiled into plans:
 * the condition {@code (carries, constants) → scalar} and the body {@code (carries, constants) → new
 * carries}. Its result nodes share one run through a small cache keyed by the identity of the
 * argument tensors, which hands each result out once, as {@link ScanBody} does.
 */
final class LoopBody {
  private static final AtomicLong IDS = new AtomicLong();

  final List<Var> carries;
  final List<Var> consts;
  final Expr cond;
  final List<Expr> next;
  final int maxIterations;
  private @Nullable Plan condPlan;
  private @Nullable Plan bodyPlan;
  private final Map<Integer, LoopBody> jvps = new HashMap<>();
  private @Nullable LoopBody wide;
  private @Nullable Tensor[] lastArgs;
  private @Nullable Tensor[] lastResults;

  LoopBody(List<Var> carries, List<Var> consts, Expr cond, List<Expr> next, int maxIterations) {
    this.carries = List.copyOf(carries);
    this.consts = List.copyOf(consts);
    this.cond = cond;
    this.next = List.copyOf(next);
    this.maxIterations = maxIterations;
  }

  /** {@return a placeholder variable named uniquely for loop graphs} */
  static Var placeholder(String role, Shape shape, DType dtype) {
    return new Var("%while" + IDS.incrementAndGet() + "." + role, shape, dtype);
  }

  /** {@return the placeholders a run binds, in order: carries, then constants} */
  List<Var> parameters() {
    List<Var> p = new ArrayList<>(carries);
    p.addAll(consts);
    return p;
  }

  /**
   * {@return result {@code output} (a final carry) of the run over {@code args}, computed once for all
   * results: a run keeps its other results for the sibling nodes that read them, and hands each out
   * once only (a plan may write into a tensor it was handed)}
   */
  synchronized Tensor output(Tensor[] args, int output) {
    Tensor[] r = lastResults;
    if (r != null && r[output] != null && sameArgs(lastArgs, args)) {
      Tensor t = r[output];
      r[output] = null;
      return t;
    }
    Tensor[] all = run(args);
    Tensor t = all[output];
    all[output] = null;
    lastArgs = args.clone();
    lastResults = all;
    return t;
  }

  private static boolean sameArgs(@Nullable Tensor[] a, Tensor[] b) {
    if (a == null || a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /** The final carries: the body applied while the condition is nonzero, at most {@code maxIterations} times. */
  private Tensor[] run(Tensor[] args) {
    Plan test = condPlan;
    Plan body = bodyPlan;
    if (test == null || body == null) {
      condPlan = test = Plan.of(List.of(cond), parameters());
      bodyPlan = body = Plan.of(next, parameters());
    }
    int k = carries.size();
    List<Tensor> state = new ArrayList<>(List.of(args));
    for (int n = 0; ; n++) {
      double p = test.run(state).get(0).item();
      if (Double.isNaN(p)) {
        throw new IllegalArgumentException("whileLoop: the condition is NaN after " + n + " iterations ("
            + describe() + ")");
      }
      if (p == 0) {
        break;
      }
      if (n == maxIterations) {
        throw new IllegalArgumentException("whileLoop: still running after maxIterations = " + maxIterations
            + " iterations (" + describe() + "); raise maxIterations if the loop needs more, else check the condition");
      }
      List<Tensor> c = body.run(state);
      for (int j = 0; j < k; j++) {
        state.set(j, c.get(j));
      }
    }
    return state.subList(0, k).toArray(new Tensor[0]);
  }

  /** {@return the loop named by its carries and its condition, shortened} */
  String describe() {
    StringBuilder s = new StringBuilder("carries");
    for (Var c : carries) {
      s.append(' ').append(c.shape()).append(' ').append(c.dtype());
    }
    String text = Exprs.print(cond);
    return s.append(", condition ").append(text.length() > 160 ? text.substring(0, 157) + "..." : text).toString();
  }

  /** {@return this loop in float64: float placeholders widened, condition and body mapped by {@code widen}; built once} */
  synchronized LoopBody widened(UnaryOperator<List<Expr>> widen) {
    if (wide == null) {
      List<Expr> graphs = new ArrayList<>();
      graphs.add(cond);
      graphs.addAll(next);
      List<Expr> w = widen.apply(graphs);
      wide = new LoopBody(Custom.widen(carries), Custom.widen(consts), w.get(0), w.subList(1, w.size()), maxIterations);
    }
    return wide;
  }

  /**
   * {@return the loop carrying the carries' tangents beside the carries, built once per argument: carries
   * {@code (c, ċ)}, constants {@code (k, k̇_i)} if argument {@code i} is a constant; the same condition, so
   * the trip count is the primal one}
   */
  synchronized LoopBody jvp(int i) {
    return jvps.computeIfAbsent(i, this::buildJvp);
  }

  private LoopBody buildJvp(int i) {
    int k = carries.size();
    Map<String, Expr> tangents = new LinkedHashMap<>();
    List<Var> cs = new ArrayList<>(carries);
    for (Var c : carries) {
      Var d = placeholder("d" + c.name(), c.shape(), c.dtype());
      cs.add(d);
      tangents.put(c.name(), d);
    }
    List<Var> ks = new ArrayList<>(consts);
    if (i >= k) {
      Var p = consts.get(i - k);
      Var d = placeholder("d" + p.name(), p.shape(), p.dtype());
      ks.add(d);
      tangents.put(p.name(), d);
    }
    List<Expr> outs = new ArrayList<>(next);
    for (Expr e : next) {
      Map<String, Expr> used = new LinkedHashMap<>(tangents);
      used.keySet().retainAll(Exprs.variables(e).keySet());
      outs.add(used.isEmpty() ? Fx.zerosLike(e) : AD.jvpExpr(e, used));
    }
    return new LoopBody(cs, ks, cond, outs, maxIterations);
  }
}
