package dev.fluxion.nn.optim;

import static dev.fluxion.autodiff.expr.Fx.sqrt;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.RmsState;
import dev.fluxion.nn.tree.Trees;

/** RMSProp's direction (PyTorch): {@code v = a v + (1-a) g^2}, {@code u = g / (sqrt(v) + eps)}. */
final class ScaleByRms implements GradientTransformation<RmsState> {
  private final double decay;
  private final double eps;

  ScaleByRms(double decay, double eps) {
    this.decay = decay;
    this.eps = eps;
  }

  @Override
  public RmsState init(Object params) {
    return new RmsState(Trees.zerosLike(params));
  }

  @Override
  public <P> Update<P, RmsState> update(P grads, RmsState state, P params) {
    Checks.notNull(state, "state");
    double a = 1 - decay;
    P nu = Leafwise.zip("grads", grads, "state.nu", state.nu(), (g, v) -> v.times(decay).plus(g.times(a).times(g)));
    P updates = Trees.zipWith(grads, nu, (g, v) -> g.div(sqrt(v).plus(eps)));
    return new Update<>(updates, new RmsState(nu));
  }
}
