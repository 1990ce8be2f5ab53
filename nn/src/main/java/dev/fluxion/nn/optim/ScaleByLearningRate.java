package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.CountState;
import dev.fluxion.nn.tree.Trees;

/**
 * {@code u = -lr(count) * g}, with the step {@code count} counted in the state (float64); the rate is
 * rounded once to each leaf's dtype.
 */
final class ScaleByLearningRate implements GradientTransformation<CountState> {
  private final Schedule learningRate;

  ScaleByLearningRate(Schedule learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public CountState init(Object params) {
    Checks.notNull(params, "params");
    return new CountState(TreeMath.count(0));
  }

  @Override
  public <P> Update<P, CountState> update(P grads, CountState state, P params) {
    Checks.notNull(grads, "grads");
    Expr count = Checks.notNull(state, "state").count();
    Expr scale = Fx.neg(ScheduleOp.at("learning rate", learningRate, count));
    P updates = Trees.map(grads, g -> g.times(Fx.cast(scale, g.dtype())));
    return new Update<>(updates, new CountState(count.plus(1)));
  }
}
