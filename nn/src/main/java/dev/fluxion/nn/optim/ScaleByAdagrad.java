package dev.fluxion.nn.optim;

import static dev.fluxion.autodiff.expr.Fx.sqrt;

import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.OptimizerState.AdagradState;
import dev.fluxion.nn.tree.Trees;

/** Adagrad's direction (Duchi et al.; PyTorch): {@code s = s + g^2}, {@code u = g / (sqrt(s) + eps)}. */
final class ScaleByAdagrad implements GradientTransformation<AdagradState> {
  private final double initialAccumulator;
  private final double eps;

  ScaleByAdagrad(double initialAccumulator, double eps) {
    this.initialAccumulator = initialAccumulator;
    this.eps = eps;
  }

  @Override
  public AdagradState init(Object params) {
    return new AdagradState(Trees.map(params, leaf -> Fx.constant(Tensor.full(leaf.shape(), initialAccumulator).cast(leaf.dtype()))));
  }

  @Override
  public <P> Update<P, AdagradState> update(P grads, AdagradState state, P params) {
    Checks.notNull(state, "state");
    P sum = Leafwise.zip("grads", grads, "state.sumOfSquares", state.sumOfSquares(), (g, s) -> s.plus(g.times(g)));
    P updates = Trees.zipWith(grads, sum, (g, s) -> g.div(sqrt(s).plus(eps)));
    return new Update<>(updates, new AdagradState(sum));
  }
}
