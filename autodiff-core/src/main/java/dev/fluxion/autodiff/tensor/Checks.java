package dev.fluxion.autodiff.tensor;

/** Argument checks that raise {@link IllegalArgumentException} naming the argument. */
public final class Checks {
  private Checks() {}

  /**
   * Returns {@code value}, or throws {@code IllegalArgumentException("name is null")}.
   *
   * @throws IllegalArgumentException if {@code value} is null
   */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    return value;
  }

  /**
   * Returns {@code value}, or throws if it is NaN or infinite.
   *
   * @throws IllegalArgumentException if {@code value} is not finite
   */
  public static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " is not finite: " + value);
    }
    return value;
  }
}
