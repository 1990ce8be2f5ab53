package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.transform.Vmap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Rematerialization, JAX's {@code checkpoint} ({@code remat}): a function whose intermediates are
 * recomputed in the backward pass instead of stored. The function is one node holding its body, run by a
 * plan of its own, so the graph around it sees only its arguments and its result: a compiled training
 * step keeps those alive for the backward pass, not the body's activations. Its cotangents are one more
 * such node, which runs the body forward again and then its reverse sweep (the body's symbolic
 * vector-Jacobian product), and gives every argument's cotangent from that one run; its tangents are
 * nodes of the body's symbolic JVP. The rules are checkpoints themselves, so every order works (a Hessian
 * through a checkpoint recomputes at each level). Under {@code vmap} the body is batched inside the node.
 *
 * <p>The body may read only its arguments (an outside variable is an error: pass it as an argument).
 */
public final class Checkpoint implements BodyOp {
  private static final AtomicLong IDS = new AtomicLong();
  private final long id;
  private final List<Var> params;
  private final Expr body;
  private final Plan plan;
  private @Nullable Object[] lastVjp;

  private Checkpoint(long id, List<Var> params, Expr body) {
    this.id = id;
    this.params = List.copyOf(params);
    this.body = body;
    this.plan = Plan.of(List.of(body), this.params);
  }

  /**
   * {@return {@code f(args)} as one node whose intermediates the backward pass recomputes}
   *
   * @param f the function, from placeholders of the arguments, reading only them
   * @param args at least one, any shapes and dtypes
   * @throws IllegalArgumentException if there are no arguments or {@code f} reads a variable from outside
   */
  public static Expr checkpoint(Custom.Fn f, Expr... args) {
    Checks.notNull(f, "f");
    Checks.notNull(args, "args");
    if (args.length == 0) {
      throw new IllegalArgumentException("checkpoint: needs at least one argument");
    }
    long id = IDS.incrementAndGet();
    List<Var> params = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      Expr a = Checks.notNull(args[i], "args[" + i + "]");
      params.add(new Var("%ckpt" + id + ".x" + i, a.shape(), a.dtype()));
    }
    Expr body = Custom.readingOnly("checkpoint: the function", f.apply(List.copyOf(params)), params,
        "pass it as an argument");
    return Fx.apply(new Checkpoint(id, params, body), args);
  }

  /**
   * {@return {@code f} as a function whose intermediates the backward pass recomputes: each application is
   * {@link #checkpoint(Custom.Fn, Expr...)} of it}
   *
   * @param f a function of one expression, reading nothing else
   */
  public static UnaryOperator<Expr> checkpoint(UnaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return x -> checkpoint(a -> f.apply(a.get(0)), x);
  }

  @Override
  public Checkpoint widened(UnaryOperator<List<Expr>> widen) {
    return new Checkpoint(id, Custom.widen(params), widen.apply(List.of(body)).get(0));
  }

  @Override
  public String name() {
    return "checkpoint";
  }

  @Override
  public int arity() {
    return params.size();
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Custom.checkShapes("checkpoint: argument", "the function was", args, 0, params);
    return body.shape();
  }

  @Override
  public DType inferDType(List<DType> args) {
    return body.dtype();
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return plan.run(args).get(0);
  }

  /** {@inheritDoc} A checkpoint of the body's tangent in argument {@code i}. */
  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Var p = params.get(i);
    if (!p.dtype().isFloat() || !Exprs.variables(body).containsKey(p.name())) {
      return null;
    }
    Var t = new Var("%ckpt" + id + ".t" + i, p.shape(), p.dtype());
    return derived(t, AD.jvpExpr(body, Map.of(p.name(), t)), x, xDot);
  }

  /**
   * {@inheritDoc} Every argument's cotangent comes from one checkpoint of the body's reverse sweep (the
   * sweep asks for them one after the other with the same cotangent, so they share it): the float
   * arguments' cotangents of one dtype, flattened and joined; each argument's is its part.
   */
  @Override
  public synchronized @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Var p = params.get(i);
    if (!p.dtype().isFloat()) {
      return null;
    }
    Object[] memo = lastVjp;
    if (memo == null || memo[0] != y || memo[1] != yBar) {
      memo = new Object[] {y, yBar, cotangents(x, yBar)};
      lastVjp = memo;
    }
    @SuppressWarnings("unchecked")
    Map<Integer, Expr> parts = (Map<Integer, Expr>) memo[2];
    return parts.get(i);
  }

  /** {@return the float arguments' cotangents by position, from one backward node per dtype} */
  private Map<Integer, Expr> cotangents(List<Expr> x, Expr yBar) {
    Var b = new Var("%ckpt" + id + ".b", body.shape(), body.dtype());
    Map<String, Expr> all = AD.vjpExpr(body, b);
    Map<Integer, Expr> out = new HashMap<>();
    for (DType d : List.of(DType.FLOAT64, DType.FLOAT32)) {
      List<Integer> which = new ArrayList<>();
      List<Expr> flat = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        Var p = params.get(i);
        Expr c = all.get(p.name());
        if (p.dtype() == d && c != null) {
          which.add(i);
          flat.add(Fx.reshape(c, Shape.of(p.shape().size())));
        }
      }
      if (which.isEmpty()) {
        continue;
      }
      Expr joined = flat.size() == 1 ? flat.get(0) : Fx.concat(0, flat.toArray(Expr[]::new));
      Expr node = derived(b, joined, x, yBar);
      int offset = 0;
      for (int i : which) {
        Shape s = params.get(i).shape();
        Expr part = which.size() == 1 ? node
            : Fx.slice(node, new int[] {offset}, new int[] {offset + s.size()}, new int[] {1});
        out.put(i, Fx.reshape(part, s));
        offset += s.size();
      }
    }
    return out;
  }

  /** {@return a checkpoint over the arguments and one more, {@code extra}, of the derived {@code derivedBody}} */
  private Expr derived(Var extraParam, Expr derivedBody, List<Expr> x, Expr extra) {
    List<Var> ps = new ArrayList<>(params);
    ps.add(extraParam);
    Expr[] args = x.toArray(new Expr[x.size() + 1]);
    args[x.size()] = extra;
    return Fx.apply(new Checkpoint(IDS.incrementAndGet(), ps, derivedBody), args);
  }

  /** The body batched inside one checkpoint: the batched arguments' placeholders gain the batch axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    long nid = IDS.incrementAndGet();
    Map<String, Expr> batched = new HashMap<>();
    List<Var> ps = Custom.batchedPlaceholders("%ckpt" + nid + ".", params, x, 0, b, batched);
    return Fx.apply(new Checkpoint(nid, ps, Vmap.batch(body, batched)), x.toArray(Expr[]::new));
  }
}
