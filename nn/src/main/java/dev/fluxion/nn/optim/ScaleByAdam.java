package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.nn.optim.OptimizerState.AdamState;
import dev.fluxion.nn.tree.Trees;

/**
 * Adam's direction (Kingma and Ba, Algorithm 1): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code u = (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
final class ScaleByAdam implements GradientTransformation<AdamState> {
  private final double b1;
  private final double b2;
  private final double eps;

  ScaleByAdam(double b1, double b2, double eps) {
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
  }

  @Override
  public AdamState init(Object params) {
    return new AdamState(Trees.zerosLike(params), Trees.zerosLike(params), TreeMath.count(0));
  }

  @Override
  public <P> Update<P, AdamState> update(P grads, AdamState state, P params) {
    Checks.notNull(state, "state");
    long t = state.steps() + 1;
    P mu = TreeMath.zip("grads", grads, "state.mu", state.mu(),
        (g, m) -> Fused.linear(b1, m, 1 - b1, g));
    P nu = TreeMath.zip("grads", grads, "state.nu", state.nu(),
        (g, v) -> Fused.linearSquare(b2, v, 1 - b2, g));
    double c1 = 1 - Math.pow(b1, t);
    double c2 = 1 - Math.pow(b2, t);
    P updates = TreeMath.zip("mu", mu, "nu", nu,
        (m, v) -> Fused.adamDirection(m, v, c1, c2, eps));
    return new Update<>(updates, new AdamState(mu, nu, TreeMath.count(t)));
  }
}
