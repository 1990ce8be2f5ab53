package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;

/** A loss of a batch: {@code (outputs [N, ...], targets [N, ...]) -> rank-0 expression}. */
@FunctionalInterface
public interface Loss {
  /**
   * {@return the scalar loss of {@code outputs} against {@code targets}}
   *
   * @param outputs the model's outputs
   * @param targets shape the loss expects, e.g. {@code [N]} class labels or {@code [N, ...]} like {@code outputs}
   */
  Expr apply(Expr outputs, Expr targets);
}
