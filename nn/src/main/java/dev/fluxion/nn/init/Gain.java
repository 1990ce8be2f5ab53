package dev.fluxion.nn.init;

import dev.fluxion.autodiff.tensor.Checks;

/**
 * Recommended gains for variance-scaling initializers, as PyTorch's {@code calculate_gain}:
 * the factor that keeps activations' variance stable through the nonlinearity.
 */
public final class Gain {
  private Gain() {}

  /** {@return {@code 1}: identity, and convolutions without a nonlinearity} */
  public static double linear() {
    return 1;
  }

  /** {@return {@code 1}: the logistic sigmoid} */
  public static double sigmoid() {
    return 1;
  }

  /** {@return {@code 5/3}: tanh} */
  public static double tanh() {
    return 5.0 / 3;
  }

  /** {@return {@code √2}: ReLU} */
  public static double relu() {
    return Math.sqrt(2);
  }

  /**
   * {@return {@code √(2 / (1 + a²))}: leaky ReLU with negative slope {@code a}}
   *
   * @param negativeSlope {@code a}, finite
   * @throws IllegalArgumentException if {@code a} is not finite
   */
  public static double leakyRelu(double negativeSlope) {
    Checks.finite(negativeSlope, "negativeSlope");
    return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
  }

  /** {@return {@code 3/4}: SELU (as PyTorch, chosen for self-normalizing networks with LeCun-style init)} */
  public static double selu() {
    return 0.75;
  }
}
