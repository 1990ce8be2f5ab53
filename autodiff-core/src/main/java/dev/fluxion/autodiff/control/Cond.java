package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.op.Op;
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
import org.jspecify.annotations.Nullable;

/**
 * A conditional in the graph, JAX's {@code lax.cond}: {@code pred ≠ 0 ? onTrue(operands) :
 * onFalse(operands)}, where only the branch taken runs (unlike {@code where}, which computes both:
 * a branch that would fail or cost much is never evaluated). Its derivatives are conditionals of the
 * branches' symbolic derivatives on the same predicate, so every order works; the predicate has no
 * derivative. The branches read only their operands (an outside variable is an error: pass it as an
 * operand) and must return the same shape and dtype.
 */
public final class Cond implements BodyOp {
  private static final AtomicLong IDS = new AtomicLong();
  private final long id;
  private final List<Var> params;
  private final Expr onTrue;
  private final Expr onFalse;
  private final Plan truePlan;
  private final Plan falsePlan;

  private Cond(long id, List<Var> params, Expr onTrue, Expr onFalse) {
    this.id = id;
    this.params = List.copyOf(params);
    this.onTrue = onTrue;
    this.onFalse = onFalse;
    this.truePlan = Plan.of(List.of(onTrue), this.params);
    this.falsePlan = Plan.of(List.of(onFalse), this.params);
  }

  /**
   * {@return {@code onTrue(operands)} where {@code pred ≠ 0}, else {@code onFalse(operands)}, one node}
   *
   * @param pred a scalar (rank 0), float; NaN is an error at evaluation
   * @param onTrue the branch taken when {@code pred ≠ 0}, from placeholders of the operands
   * @param onFalse the other branch, of the same output shape and dtype
   * @param operands at least one, any shapes
   * @throws IllegalArgumentException if {@code pred} is not a float scalar, there are no operands, a
   *     branch reads a variable from outside, or the branches' outputs differ in shape or dtype
   */
  public static Expr cond(Expr pred, Custom.Fn onTrue, Custom.Fn onFalse, Expr... operands) {
    Checks.notNull(pred, "pred");
    Checks.notNull(onTrue, "onTrue");
    Checks.notNull(onFalse, "onFalse");
    Checks.notNull(operands, "operands");
    if (pred.shape().rank() != 0 || !pred.dtype().isFloat()) {
      throw new IllegalArgumentException("cond: the predicate must be a float scalar, got " + pred.shape() + " "
          + pred.dtype());
    }
    if (operands.length == 0) {
      throw new IllegalArgumentException("cond: needs at least one operand");
    }
    long id = IDS.incrementAndGet();
    List<Var> params = new ArrayList<>();
    for (int i = 0; i < operands.length; i++) {
      Expr a = Checks.notNull(operands[i], "operands[" + i + "]");
      params.add(new Var("%cond" + id + ".x" + i, a.shape(), a.dtype()));
    }
    Expr t = branch("onTrue", onTrue.apply(List.copyOf(params)), params);
    Expr f = branch("onFalse", onFalse.apply(List.copyOf(params)), params);
    if (!t.shape().equals(f.shape()) || t.dtype() != f.dtype()) {
      throw new IllegalArgumentException("cond: the branches return " + t.shape() + " " + t.dtype() + " and "
          + f.shape() + " " + f.dtype() + "; they must agree");
    }
    Expr[] args = new Expr[operands.length + 1];
    args[0] = pred;
    System.arraycopy(operands, 0, args, 1, operands.length);
    return Fx.apply(new Cond(id, params, t, f), args);
  }

  private static Expr branch(String which, @Nullable Expr body, List<Var> params) {
    return Custom.readingOnly("cond: the " + which + " branch", body, params, "pass it as an operand");
  }

  @Override
  public Cond widened(java.util.function.UnaryOperator<List<Expr>> widen) {
    List<Expr> both = widen.apply(List.of(onTrue, onFalse));
    return new Cond(id, Custom.widen(params), both.get(0), both.get(1));
  }

  @Override
  public String name() {
    return "cond";
  }

  @Override
  public int arity() {
    return params.size() + 1;
  }

  /**
   * A shared predicate picks a branch for the whole batch: one conditional of the batched branches. A
   * batched predicate may pick differently per example, and only the branch taken may run, so it runs
   * per example (JAX computes both branches and selects instead).
   */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    if (b.batched(0)) {
      return b.perExample(this, x);
    }
    long nid = IDS.incrementAndGet();
    Map<String, Expr> batched = new HashMap<>();
    List<Var> ps = Custom.batchedPlaceholders("%cond" + nid + ".", params, x, 1, b, batched);
    return Fx.apply(new Cond(nid, ps, Vmap.batch(onTrue, batched), Vmap.batch(onFalse, batched)),
        x.toArray(Expr[]::new));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Custom.checkShapes("cond: operand", "the branches were", args, 1, params);
    return onTrue.shape();
  }

  @Override
  public DType inferDType(List<DType> args) {
    return onTrue.dtype();
  }

  /**
   * {@inheritDoc} Runs the branch the predicate picks, only that one.
   *
   * @throws IllegalArgumentException if the predicate is NaN
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    double p = args.get(0).item();
    if (Double.isNaN(p)) {
      throw new IllegalArgumentException("cond: the predicate is NaN");
    }
    return (p != 0 ? truePlan : falsePlan).run(args.subList(1, args.size())).get(0);
  }

  /** {@inheritDoc} A conditional of the branches' tangents; none for the predicate. */
  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    if (i == 0) {
      return null;
    }
    Var p = params.get(i - 1);
    Var t = new Var("%cond" + id + ".t" + i, p.shape(), p.dtype());
    return derived(t, tangent(onTrue, p, t), tangent(onFalse, p, t), x, xDot);
  }

  /** {@inheritDoc} A conditional of the branches' cotangents; none for the predicate. */
  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    if (i == 0) {
      return null;
    }
    Var p = params.get(i - 1);
    Var b = new Var("%cond" + id + ".b" + i, y.shape(), y.dtype());
    return derived(b, cotangent(onTrue, p, b), cotangent(onFalse, p, b), x, yBar);
  }

  /** {@return a conditional over the same predicate, the operands and one more argument {@code extra}} */
  private Expr derived(Var extraParam, Expr whenTrue, Expr whenFalse, List<Expr> x, Expr extra) {
    List<Var> ps = new ArrayList<>(params);
    ps.add(extraParam);
    Expr[] args = x.toArray(new Expr[x.size() + 1]);
    args[x.size()] = extra;
    return Fx.apply(new Cond(IDS.incrementAndGet(), ps, whenTrue, whenFalse), args);
  }

  private static Expr tangent(Expr body, Var p, Var t) {
    return Exprs.variables(body).containsKey(p.name()) ? AD.jvpExpr(body, Map.of(p.name(), t)) : Fx.zerosLike(body);
  }

  private static Expr cotangent(Expr body, Var p, Var b) {
    Expr c = AD.vjpExpr(body, b).get(p.name());
    return c == null ? Fx.zerosLike(p) : c;
  }
}
