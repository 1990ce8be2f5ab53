package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.EmptyState;
import java.util.function.BinaryOperator;

/** A transformation whose updates are a pure function of the gradients and the parameters. */
final class StatelessTransformation implements GradientTransformation<EmptyState> {
  private final BinaryOperator<Object> rule;

  /** {@code rule(grads, params)} must return a tree of the gradients' type. */
  StatelessTransformation(BinaryOperator<Object> rule) {
    this.rule = rule;
  }

  @Override
  public EmptyState init(Object params) {
    Checks.notNull(params, "params");
    return new EmptyState();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <P> Update<P, EmptyState> update(P grads, EmptyState state, P params) {
    Checks.notNull(grads, "grads");
    Checks.notNull(state, "state");
    return new Update<>((P) rule.apply(grads, params), state);
  }
}
