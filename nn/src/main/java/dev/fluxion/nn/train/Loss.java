package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;

/** A loss of a batch: {@code (outputs [N, ...], targets [N, ...]) -> rank-0 expression}. */
@FunctionalInterface
public interface Loss {
  /**
   * {@return the scalar loss of {@code outputs} against {@code targets}}
   *
   * @param outputs the model's outputs
   * @param targets the targets
   */
  Expr apply(Expr outputs, Expr targets);
}
