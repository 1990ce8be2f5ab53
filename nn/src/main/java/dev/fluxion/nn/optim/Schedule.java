package dev.fluxion.nn.optim;

/**
 * A learning-rate (or any hyperparameter) schedule: a pure function of the step, {@code step >= 0}.
 * Implementations live in {@code Schedules}.
 */
@FunctionalInterface
public interface Schedule {
  /** The value at {@code step} (0-based). */
  double at(long step);

  /** The same value at every step. */
  static Schedule constant(double value) {
    return step -> value;
  }
}
