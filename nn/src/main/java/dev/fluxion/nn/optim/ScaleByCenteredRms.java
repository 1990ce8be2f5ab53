package dev.fluxion.nn.optim;

import static dev.fluxion.autodiff.expr.Fx.maximum;
import static dev.fluxion.autodiff.expr.Fx.sqrt;
import static dev.fluxion.autodiff.expr.Fx.zeros;

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
    double a = 1 - decay;
    P nu = Leafwise.zip("grads", grads, "state.nu", state.nu(), (g, v) -> v.times(decay).plus(g.times(a).times(g)));
    P mu = Leafwise.zip("grads", grads, "state.mu", state.mu(), (g, m) -> m.times(decay).plus(g.times(a)));
    P updates = Trees.zipWith(grads, nu, mu,
        (g, v, m) -> g.div(sqrt(maximum(v.minus(m.times(m)), zeros(v.shape(), v.dtype()))).plus(eps)));
    return new Update<>(updates, new CenteredRmsState(nu, mu));
  }
}
