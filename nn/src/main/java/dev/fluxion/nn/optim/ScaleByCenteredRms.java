package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.CenteredRmsState;
import dev.fluxion.nn.tree.Trees;

/**
 * Centered RMSProp's direction (PyTorch, {@code centered=True}): {@code v = a v + (1-a) g^2},
 * {@code m = a m + (1-a) g}, {@code u = g / (sqrt(max(v - m^2, 0)) + eps)}.
 */
final class ScaleByCenteredRms implements GradientTransformation<CenteredRmsState> {
  private final double decay;
  private final double eps;

  ScaleByCenteredRms(double decay, double eps) {
    this.decay = decay;
    this.eps = eps;
  }

  @Override
  public CenteredRmsState init(Object params) {
    return new CenteredRmsState(Trees.zerosLike(params), Trees.zerosLike(params));
  }

  @Override
  public <P> Update<P, CenteredRmsState> update(P grads, CenteredRmsState state, P params) {
    Checks.notNull(state, "state");
    P nu = TreeMath.zip("grads", grads, "state.nu", state.nu(),
        (g, v) -> v.zipWith(g, (vi, gi) -> decay * vi + (1 - decay) * gi * gi));
    P mu = TreeMath.zip("grads", grads, "state.mu", state.mu(),
        (g, m) -> m.zipWith(g, (mi, gi) -> decay * mi + (1 - decay) * gi));
    P updates = TreeMath.zip("grads", grads, "nu", nu, "mu", mu,
        (g, v, m) -> g.div(v.zipWith(m, (vi, mi) -> Math.sqrt(Math.max(vi - mi * mi, 0)) + eps)));
    return new Update<>(updates, new CenteredRmsState(nu, mu));
  }
}
