package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.TraceState;
import dev.fluxion.nn.tree.Trees;

/**
 * Momentum, Optax's {@code trace} (PyTorch SGD with dampening 0): {@code b = b mu + g}; {@code u = b},
 * or with Nesterov {@code u = b mu + g}.
 */
final class Momentum implements GradientTransformation<TraceState> {
  private final double decay;
  private final boolean nesterov;

  Momentum(double decay, boolean nesterov) {
    this.decay = decay;
    this.nesterov = nesterov;
  }

  @Override
  public TraceState init(Object params) {
    return new TraceState(Trees.zerosLike(params));
  }

  @Override
  public <P> Update<P, TraceState> update(P grads, TraceState state, P params) {
    Checks.notNull(state, "state");
    P trace = Leafwise.zip("grads", grads, "state.trace", state.trace(), (g, b) -> b.times(decay).plus(g));
    P updates = nesterov ? Trees.zipWith(grads, trace, (g, b) -> b.times(decay).plus(g)) : trace;
    return new Update<>(updates, new TraceState(trace));
  }
}
