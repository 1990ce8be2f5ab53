package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gradients over whole parameter trees: a scalar loss of a params record yields a gradient
 * record of the same type (JAX's {@code grad} over pytrees). The tree is flattened once; leaf
 * {@code i} becomes a variable labelled {@code params.<path>}, and gradient {@code i} is rebuilt
 * into the tree with its {@link TreeDef}.
 */
public final class TreeGrad {
  private TreeGrad() {}

  /**
   * A loss value and its gradient tree.
   *
   * @param value the rank-0 loss
   * @param grads the gradient, a tree of the parameters' type with constant leaves
   * @param <P> the parameter tree
   */
  public record Result<P>(Tensor value, P grads) {}

  /**
   * {@return {@code loss(params)} and its gradient with respect to every leaf of {@code params}; leaves
   * the loss does not use get zeros}
   *
   * @param loss builds a rank-0 expression from a (traced) params tree
   * @param <P> the parameter record type
   * @param params the parameter record
   * @throws IllegalArgumentException if the loss is not rank 0 or a leaf is not a constant
   */
  public static <P> Result<P> valueAndGrad(Function<P, Expr> loss, P params) {
    Checks.notNull(loss, "loss");
    Flat<P> flat = Trees.flatten(Checks.notNull(params, "params"));
    List<Tensor> values = flat.values();
    List<Var> vars = flat.variables("params");
    Expr l = Checks.notNull(loss.apply(flat.def().unflatten(vars)), "loss result");
    Map<String, Tensor> at = new LinkedHashMap<>();
    for (int i = 0; i < vars.size(); i++) {
      at.put(vars.get(i).name(), values.get(i));
    }
    ValueAndGrad r = AD.valueAndGrad(l, Bindings.of(at));
    List<Expr> grads = new ArrayList<>(vars.size());
    for (Var v : vars) {
      Tensor g = r.gradient().get(v.name());
      grads.add(Fx.constant(g == null ? Tensor.zeros(v.shape()) : g));
    }
    return new Result<>(r.value(), flat.def().unflatten(grads));
  }

  /**
   * {@return the gradient tree of {@code loss} at {@code params}; see {@link #valueAndGrad}}
   *
   * @param <P> the parameter record type
   * @param loss builds a rank-0 expression from a (traced) params tree
   * @param params the parameter record
   */
  public static <P> P grad(Function<P, Expr> loss, P params) {
    return valueAndGrad(loss, params).grads();
  }
}
