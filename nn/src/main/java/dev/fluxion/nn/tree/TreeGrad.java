package dev.fluxion.nn.tree;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Gradients over whole parameter trees: a scalar loss of a params record yields a gradient
 * record of the same type (JAX's {@code grad} over pytrees).
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
    P traced = Trees.trace(Checks.notNull(params, "params"), "%p.");
    Expr l = Checks.notNull(loss.apply(traced), "loss result");
    Map<String, Tensor> values = new LinkedHashMap<>();
    Trees.tensors(params).forEach((path, t) -> values.put("%p." + path, t));
    Bindings at = Bindings.of(values);
    ValueAndGrad r = AD.valueAndGrad(l, at);
    P grads = Trees.mapWithPath(params, (path, leaf) -> {
      Tensor g = r.gradient().get("%p." + path);
      return Fx.constant(g == null ? Tensor.zeros(leaf.shape()) : g);
    });
    return new Result<>(r.value(), grads);
  }

  /**
   * {@return the gradient tree of {@code loss} at {@code params}; see {@link #valueAndGrad}}
   *
   * @param <P> the parameter record type
   * @param loss the loss
   * @param params the parameter record
   */
  public static <P> P grad(Function<P, Expr> loss, P params) {
    return valueAndGrad(loss, params).grads();
  }
}
