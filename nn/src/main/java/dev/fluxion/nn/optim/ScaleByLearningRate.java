package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.CountState;

/** {@code u = -lr(t) * g}, with the step {@code t} counted in the state. */
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
    long step = Checks.notNull(state, "state").steps();
    double lr = rate(learningRate, step);
    P updates = TreeMath.map(grads, g -> g.times(-lr));
    return new Update<>(updates, new CountState(TreeMath.count(step + 1)));
  }

  /** {@code learningRate.at(step)}, checked to be finite and {@code >= 0}. */
  static double rate(Schedule learningRate, long step) {
    double lr = learningRate.at(step);
    if (!(Double.isFinite(lr) && lr >= 0)) {
      throw new IllegalArgumentException("learning rate at step " + step + " must be finite and >= 0: " + lr);
    }
    return lr;
  }
}
