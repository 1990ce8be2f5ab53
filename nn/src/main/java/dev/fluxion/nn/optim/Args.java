package dev.fluxion.nn.optim;

/** Hyperparameter checks that raise {@link IllegalArgumentException} naming the parameter. */
final class Args {
  private Args() {}

  /** {@code value}, if finite. */
  static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite: " + value);
    }
    return value;
  }

  /** {@code value}, if finite and {@code >= 0}. */
  static double nonNegative(double value, String name) {
    if (!(finite(value, name) >= 0)) {
      throw new IllegalArgumentException(name + " must be >= 0: " + value);
    }
    return value;
  }

  /** {@code value}, if finite and {@code > 0}. */
  static double positive(double value, String name) {
    if (!(finite(value, name) > 0)) {
      throw new IllegalArgumentException(name + " must be > 0: " + value);
    }
    return value;
  }

  /** {@code value}, if in {@code [0, 1)}. */
  static double decay(double value, String name) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1): " + value);
    }
    return value;
  }
}
