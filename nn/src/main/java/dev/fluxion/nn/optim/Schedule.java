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
   * @param step the optimizer step, 0-based, {@code >= 0}
   */
  double at(long step);

  /**
   * {@return the same value at every step}
   *
   * @param value any double; an optimizer checks what it needs (e.g. finite, {@code >= 0})
   */
  static Schedule constant(double value) {
    return step -> value;
  }
}
