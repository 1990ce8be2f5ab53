package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.nn.optim.OptimizerState.TraceState;
import dev.fluxion.nn.tree.Trees;

/**
 * Momentum (PyTorch SGD with dampening 0): {@code b = mu b + g}; {@code u = b}, or with Nesterov
 * {@code u = g + mu b}.
 */
final class Trace implements GradientTransformation<TraceState> {
  private final double decay;
  private final boolean nesterov;

  Trace(double decay, boolean nesterov) {
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
    P trace = TreeMath.zip("grads", grads, "state.trace", state.trace(),
        (g, b) -> Fused.scaledPlus(b, decay, g));
    P updates = nesterov
        ? TreeMath.zip("grads", grads, "trace", trace, (g, b) -> Fused.scaledPlus(b, decay, g))
        : trace;
    return new Update<>(updates, new TraceState(trace));
  }
}
