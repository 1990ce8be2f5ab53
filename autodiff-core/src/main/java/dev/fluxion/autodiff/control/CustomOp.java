package dev.fluxion.autodiff.control;

import static dev.fluxion.autodiff.expr.Fx.sum;
import static dev.fluxion.autodiff.expr.Fx.zeros;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One application of a {@link Custom.CustomFunction}: its value is the function's body over the
 * arguments (a compiled plan of the body), its derivatives the user's rule ({@link Custom}).
 */
final class CustomOp implements BodyOp {
  private final String name;
  private final long id;
  private final List<Var> params;
  private final Expr body;
  private final Plan plan;
  private final Custom.@Nullable JvpRule jvpRule;
  private final Custom.@Nullable VjpRule vjpRule;

  CustomOp(String name, long id, List<Var> params, Expr body, Custom.@Nullable JvpRule jvpRule,
      Custom.@Nullable VjpRule vjpRule) {
    this.name = name;
    this.id = id;
    this.params = List.copyOf(params);
    this.body = body;
    this.plan = Plan.of(List.of(body), this.params);
    this.jvpRule = jvpRule;
    this.vjpRule = vjpRule;
  }

  @Override
  public CustomOp widened(java.util.function.UnaryOperator<List<Expr>> widen) {
    return new CustomOp(name, id, Custom.widen(params), widen.apply(List.of(body)).get(0), jvpRule, vjpRule);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int arity() {
    return params.size();
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Custom.checkShapes(name + ": argument", "the function was", args, 0, params);
    return body.shape();
  }

  @Override
  public DType inferDType(List<DType> args) {
    for (int i = 0; i < params.size(); i++) {
      if (args.get(i) != params.get(i).dtype()) {
        throw new IllegalArgumentException(name + ": argument " + i + " is " + args.get(i) + ", the function was"
            + " built for " + params.get(i).dtype());
      }
    }
    return body.dtype();
  }

  /** One custom function over the batch ({@link CustomBatching}): its body and its rule batched. */
  @Override
  public Expr batch(List<Expr> x, dev.fluxion.autodiff.op.Batch b) {
    return CustomBatching.batch(name, params, body, jvpRule, vjpRule, x, b);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return plan.run(args).get(0);
  }

  /**
   * {@inheritDoc} A custom-JVP rule applied to {@code xDot} in place {@code i} and zeros elsewhere.
   *
   * @throws IllegalArgumentException for a custom-VJP function (no forward rule), or if the rule's
   *     tangent has another shape than the output
   */
  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    if (jvpRule == null) {
      throw new IllegalArgumentException(name + ": a customVjp function has no forward-mode rule (as jax.custom_vjp);"
          + " differentiate it in reverse mode, or give it a customJvp rule");
    }
    Expr t = jvpRule.apply(List.copyOf(x), tangents(x, i, xDot));
    if (t == null || !t.shape().equals(y.shape())) {
      throw new IllegalArgumentException(name + ": the JVP rule returned " + (t == null ? "null" : "shape " + t.shape())
          + " for an output of shape " + y.shape());
    }
    return t;
  }

  /**
   * {@inheritDoc} A custom-VJP rule's cotangent {@code i}; for a custom-JVP function the transpose of
   * its rule: {@code ∂/∂t Σ yBar · rule(x, t e_i)}, with {@code t} then set to zero (a rule linear in
   * the tangents does not read it).
   *
   * @throws IllegalArgumentException if the rule gives the wrong number of cotangents or one of the wrong shape
   */
  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    if (vjpRule != null) {
      List<@Nullable Expr> c = vjpRule.apply(List.copyOf(x), y, yBar);
      if (c == null || c.size() != x.size()) {
        throw new IllegalArgumentException(name + ": the VJP rule returned " + (c == null ? "null" : c.size()
            + " cotangents") + " for " + x.size() + " arguments");
      }
      Expr ci = c.get(i);
      if (ci != null && !ci.shape().equals(x.get(i).shape())) {
        throw new IllegalArgumentException(name + ": the VJP rule's cotangent " + i + " has shape " + ci.shape()
            + ", the argument " + x.get(i).shape());
      }
      return ci;
    }
    Var t = new Var("%custom" + id + ".t" + i, x.get(i).shape(), x.get(i).dtype());
    Expr linear = jvp(i, x, y, t);
    Expr transposed = AD.gradExpr(sum(yBar.times(linear)), t.name());
    return Exprs.substitute(transposed, Map.of(t.name(), zeros(t.shape(), t.dtype())));
  }

  /** {@return {@code xDot} in place {@code i}, zeros of each other argument's shape elsewhere} */
  private static List<Expr> tangents(List<Expr> x, int i, Expr xDot) {
    List<Expr> t = new ArrayList<>();
    for (int j = 0; j < x.size(); j++) {
      t.add(j == i ? xDot : zeros(x.get(j).shape(), x.get(j).dtype()));
    }
    return List.copyOf(t);
  }
}
