package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * A mini-batch: examples stacked along a new leading axis.
 *
 * @param x the features {@code [b, ...]}
 * @param y the targets {@code [b, ...]} (e.g. {@code [b]} labels or {@code [b, classes]} one-hot)
 */
public record Batch(Tensor x, Tensor y) {
  /**
   * Validates that both components are non-null, of rank {@code >= 1}, with the same batch size.
   *
   * @throws IllegalArgumentException naming both shapes if they do not agree
   */
  public Batch {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
    if (x.rank() < 1 || y.rank() < 1 || x.shape().dim(0) != y.shape().dim(0)) {
      throw new IllegalArgumentException("batch: x " + x.shape() + " and y " + y.shape()
          + " must share a leading batch axis");
    }
  }

  /** {@return the number of examples {@code b} (the leading dimension)} */
  public int size() {
    return x.shape().dim(0);
  }
}
