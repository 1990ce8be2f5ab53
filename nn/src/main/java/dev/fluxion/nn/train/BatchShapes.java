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
   * A compiled plan's batch: its size and the dtypes of {@code x} and {@code y}.
   *
   * @param n the batch size
   * @param x the inputs' dtype: the parameters' or int32 (token ids)
   * @param y the targets' dtype: the parameters' or int32 (class labels)
   */
  record Kind(int n, DType x, DType y) {}

  /**
   * {@return the batch's dtype: the parameters' or int32 (indices, e.g. token ids or labels)}
   *
   * @throws IllegalArgumentException naming {@code who}, the batch and both dtypes otherwise
   */
  static DType checkDType(String who, String name, Tensor batch, DType expected) {
    if (batch.dtype() != expected && batch.dtype() != DType.INT32) {
      throw new IllegalArgumentException(who + ": batch " + name + " is " + batch.dtype() + " but the parameters are "
          + expected + "; cast the data with Dataset.cast(" + expected + ") or the model with Trees.cast"
          + " (int32 batches hold indices)");
    }
    return batch.dtype();
  }

  static void checkExample(String name, Shape batch, Shape example) {
    Shape per = Shape.of(Arrays.copyOfRange(batch.toArray(), 1, batch.rank()));
    if (!per.equals(example)) {
      throw new IllegalArgumentException("batch " + name + " has examples of shape " + per + ", the model expects "
          + example);
    }
  }
}
