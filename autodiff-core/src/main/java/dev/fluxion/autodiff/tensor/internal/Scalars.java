package dev.fluxion.autodiff.tensor.internal;

/**
 * The scalar kernels that {@code Tensor}'s elementwise methods and the ops' scalar kernels share,
 * so that each formula is written once.
 */
public final class Scalars {
  private Scalars() {}

  /**
   * {@return the logistic sigmoid {@code 1 / (1 + e^-x)}, in {@code [0, 1]}, without overflow for
   * any {@code x} (NaN gives NaN)}
   *
   * @param x any number
   */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /**
   * {@return {@code max(x, 0)}; NaN gives NaN, {@code -0.0} gives {@code 0.0}}
   *
   * @param x any number
   */
  public static double relu(double x) {
    return Math.max(x, 0.0);
  }

  /**
   * {@return the unit step {@code x > 0 ? 1 : 0}, NaN for NaN, without a branch:
   * {@code max(signum(x), 0.0)}}
   */
  public static double stepOf(double x) {
    return Math.max(Math.signum(x), 0.0);
  }
}
