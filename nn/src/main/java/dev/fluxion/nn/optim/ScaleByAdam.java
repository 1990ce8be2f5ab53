package dev.fluxion.nn.optim;

import static dev.fluxion.autodiff.expr.Fx.cast;
import static dev.fluxion.autodiff.expr.Fx.scalar;
import static dev.fluxion.autodiff.expr.Fx.sqrt;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.AdamState;
import dev.fluxion.nn.tree.Trees;

/**
 * Adam's direction (Kingma and Ba, Algorithm 1): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code u = (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)} with
 * {@code t = count + 1}. The counter and the corrections {@code 1-b^t} are float64, rounded once to
 * each leaf's dtype.
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
    double a1 = 1 - b1;
    double a2 = 1 - b2;
    P mu = Leafwise.zip("grads", grads, "state.mu", state.mu(), (g, m) -> m.times(b1).plus(g.times(a1)));
    P nu = Leafwise.zip("grads", grads, "state.nu", state.nu(), (g, v) -> v.times(b2).plus(g.times(a2).times(g)));
    Expr t = state.count().plus(1);
    Expr c1 = scalar(1).minus(scalar(b1).pow(t));
    Expr c2 = scalar(1).minus(scalar(b2).pow(t));
    P updates = Trees.zipWith(mu, nu, (m, v) -> m.div(cast(c1, m.dtype())).div(sqrt(v.div(cast(c2, v.dtype()))).plus(eps)));
    return new Update<>(updates, new AdamState(mu, nu, t));
  }
}
