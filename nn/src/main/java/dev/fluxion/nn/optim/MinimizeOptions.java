package dev.fluxion.nn.optim;

/**
 * Stopping rules of a full-batch minimizer.
 *
 * @param maxIterations the most iterations (each one line search), {@code >= 1}
 * @param gradientTolerance stop when {@code max_i |g_i| <= gradientTolerance}; finite, {@code >= 0}
 * @param valueTolerance stop when one iteration lowers the loss by at most
 *     {@code valueTolerance * max(|f|, 1)}; finite, {@code >= 0} ({@code 0} disables the rule)
 */
public record MinimizeOptions(int maxIterations, double gradientTolerance, double valueTolerance) {
  /** Validates the options. */
  public MinimizeOptions {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    Args.nonNegative(gradientTolerance, "gradientTolerance");
    Args.nonNegative(valueTolerance, "valueTolerance");
  }

  /** {@return 500 iterations, gradient tolerance {@code 1e-9}, no value tolerance} */
  public static MinimizeOptions defaults() {
    return new MinimizeOptions(500, 1e-9, 0);
  }

  /**
   * {@return these options with another iteration limit}
   *
   * @param n the most iterations, {@code >= 1}
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public MinimizeOptions withMaxIterations(int n) {
    return new MinimizeOptions(n, gradientTolerance, valueTolerance);
  }

  /**
   * {@return these options with another gradient tolerance}
   *
   * @param tol the largest gradient component accepted at a minimum, finite, {@code >= 0}
   * @throws IllegalArgumentException if {@code tol} is out of its domain
   */
  public MinimizeOptions withGradientTolerance(double tol) {
    return new MinimizeOptions(maxIterations, tol, valueTolerance);
  }

  /**
   * {@return these options with another relative value tolerance}
   *
   * @param tol the relative decrease below which to stop, finite, {@code >= 0}
   * @throws IllegalArgumentException if {@code tol} is out of its domain
   */
  public MinimizeOptions withValueTolerance(double tol) {
    return new MinimizeOptions(maxIterations, gradientTolerance, tol);
  }
}
