package dev.fluxion.autodiff.tensor;

/**
 * Argument checks that raise {@link IllegalArgumentException} naming the argument, the library's
 * convention for bad input (never a {@code NullPointerException}). Exported API: {@code nn} and
 * custom ops ({@link dev.fluxion.autodiff.op.Op} implementations in other modules) check their
 * arguments with it, so their messages read like the core's.
 */
public final class Checks {
  private Checks() {}

  /**
   * {@return {@code value}, or throws {@code IllegalArgumentException("name is null")}}
   *
   * @param <T> the value type
   * @param value any reference, null rejected
   * @param name names the argument in the message
   * @throws IllegalArgumentException if {@code value} is null
   */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    return value;
  }

  /**
   * {@return {@code value}, or throws if it is NaN or infinite}
   *
   * @param value any double; NaN and infinities rejected
   * @param name names the argument in the message
   * @throws IllegalArgumentException if {@code value} is not finite
   */
  public static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " is not finite: " + value);
    }
    return value;
  }
}
