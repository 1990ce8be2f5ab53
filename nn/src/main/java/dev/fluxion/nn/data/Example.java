package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * One example: features {@code x} and a target {@code y}.
 *
 * @param x the features, any shape (e.g. {@code [28, 28]} or {@code [2]})
 * @param y the target: a scalar class label (rank 0, an integer stored as a double), a one-hot
 *     vector {@code [classes]} or a regression vector
 */
public record Example(Tensor x, Tensor y) {
  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a component is null
   */
  public Example {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
  }
}
