package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;

/** Shapes of batches: an example shape with a leading batch dimension, and the check of a batch against it. */
final class BatchShapes {
  private BatchShapes() {}

  /** {@return {@code [n, example...]}} */
  static Shape batched(int n, Shape example) {
    int[] d = new int[example.rank() + 1];
    d[0] = n;
    System.arraycopy(example.toArray(), 0, d, 1, example.rank());
    return Shape.of(d);
  }

  /**
   * Checks that the batch {@code [N, e...]} has examples of shape {@code example}.
   *
   * @throws IllegalArgumentException naming the batch and both shapes
   */
  /**
   * Checks that a batch has the parameters' dtype.
   *
   * @throws IllegalArgumentException naming {@code who}, the batch and both dtypes
   */
  static void checkDType(String who, String name, Tensor batch, DType expected) {
    if (batch.dtype() != expected) {
      throw new IllegalArgumentException(who + ": batch " + name + " is " + batch.dtype() + " but the parameters are "
          + expected + "; cast the data with Dataset.cast(" + expected + ") or the model with Trees.cast");
    }
  }

  static void checkExample(String name, Shape batch, Shape example) {
    Shape per = Shape.of(Arrays.copyOfRange(batch.toArray(), 1, batch.rank()));
    if (!per.equals(example)) {
      throw new IllegalArgumentException("batch " + name + " has examples of shape " + per + ", the model expects "
          + example);
    }
  }
}
