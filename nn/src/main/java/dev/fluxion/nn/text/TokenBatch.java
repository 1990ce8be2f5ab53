package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * A batch of next-token examples as int32 tensors {@code [b, T]}: row {@code r} of {@code targets}
 * is row {@code r} of {@code inputs} shifted by one token ({@code targets[r, t] = inputs[r, t + 1]} for
 * {@code t < T - 1}), ready for a model's {@code x} and a loss's labels.
 *
 * @param inputs int32 {@code [b, T]}, token ids {@code x = ids[i, i + T)}, one row per window
 * @param targets int32 {@code [b, T]}, token ids {@code y = ids[i + 1, i + T + 1)}
 */
public record TokenBatch(Tensor inputs, Tensor targets) {
  /**
   * Checks the dtypes and shapes.
   *
   * @throws IllegalArgumentException if a tensor is not int32 of rank 2, or the shapes differ
   */
  public TokenBatch {
    Checks.notNull(inputs, "inputs");
    Checks.notNull(targets, "targets");
    if (inputs.dtype() != DType.INT32 || targets.dtype() != DType.INT32 || inputs.rank() != 2
        || !inputs.shape().equals(targets.shape())) {
      throw new IllegalArgumentException("TokenBatch: inputs and targets must be int32 [b, T] of one shape, got "
          + inputs.dtype() + " " + inputs.shape() + " and " + targets.dtype() + " " + targets.shape());
    }
  }

  /** The batch of windows of {@code T + 1} tokens each: inputs the first {@code T}, targets the last {@code T}. */
  static TokenBatch ofWindows(int[][] windows) {
    int b = windows.length;
    int t = b == 0 ? 0 : windows[0].length - 1;
    int[] x = new int[b * t];
    int[] y = new int[b * t];
    for (int r = 0; r < b; r++) {
      System.arraycopy(windows[r], 0, x, r * t, t);
      System.arraycopy(windows[r], 1, y, r * t, t);
    }
    return new TokenBatch(Tensor.of(x, Shape.of(b, t)), Tensor.of(y, Shape.of(b, t)));
  }

  /** {@return the number of rows {@code b}} */
  public int size() {
    return inputs.shape().dim(0);
  }

  /** {@return the context length {@code T}} */
  public int contextLength() {
    return inputs.shape().dim(1);
  }

  /**
   * {@return a copy of input row {@code r}}
   *
   * @param r in {@code [0, size())}
   */
  public int[] input(int r) {
    return row(inputs, r);
  }

  /**
   * {@return a copy of target row {@code r}}
   *
   * @param r in {@code [0, size())}
   */
  public int[] target(int r) {
    return row(targets, r);
  }

  private static int[] row(Tensor t, int r) {
    if (r < 0 || r >= t.shape().dim(0)) {
      throw new IllegalArgumentException("TokenBatch: row " + r + " is out of range [0, " + t.shape().dim(0) + ")");
    }
    return t.gather(Tensor.of(new int[] {r}), 0).toIntArray();
  }
}
