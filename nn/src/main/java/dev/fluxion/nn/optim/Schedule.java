package dev.fluxion.nn.optim;

/**
 * A learning-rate (or any hyperparameter) schedule: a pure function of the step, {@code step >= 0}.
 * Implementations live in {@code Schedules}.
 */
@FunctionalInterface
public interface Schedule {
  /**
   * {@return the value at {@code step} (0-based)}
   *
   * @param step the step
   */
  double at(long step);

  /**
   * {@return the same value at every step}
   *
   * @param value the value
   */
  static Schedule constant(double value) {
    return step -> value;
  }
}
