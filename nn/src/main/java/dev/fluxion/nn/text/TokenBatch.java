package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.Arrays;

/**
 * A batch of next-token examples: row {@code b} of {@code targets} is row {@code b} of
 * {@code inputs} shifted by one token, {@code targets[b][t] = inputs[b][t + 1]} for {@code t < T - 1}.
 *
 * <p>Token ids are int arrays for now; {@link #ofWindows} is the one place where windows become
 * batches, where int32 tensors will be made once the core has them.
 *
 * @param inputs {@code [b][T]} token ids {@code x = ids[i, i + T)}, one row per window
 * @param targets {@code [b][T]} token ids {@code y = ids[i + 1, i + T + 1)}
 */
public record TokenBatch(int[][] inputs, int[][] targets) {
  /**
   * Checks the shapes.
   *
   * @throws IllegalArgumentException if an array is null, the row counts differ or a row's length
   *     differs from the first input's
   */
  public TokenBatch {
    Checks.notNull(inputs, "inputs");
    Checks.notNull(targets, "targets");
    if (inputs.length != targets.length) {
      throw new IllegalArgumentException("TokenBatch: " + inputs.length + " input rows but " + targets.length
          + " target rows");
    }
    for (int b = 0; b < inputs.length; b++) {
      if (inputs[b].length != inputs[0].length || targets[b].length != inputs[0].length) {
        throw new IllegalArgumentException("TokenBatch: row " + b + " has " + inputs[b].length + " inputs and "
            + targets[b].length + " targets, expected " + inputs[0].length + " of each");
      }
    }
  }

  /** The batch of windows of {@code T + 1} tokens each: inputs the first {@code T}, targets the last {@code T}. */
  static TokenBatch ofWindows(int[][] windows) {
    int[][] x = new int[windows.length][];
    int[][] y = new int[windows.length][];
    for (int b = 0; b < windows.length; b++) {
      int t = windows[b].length - 1;
      x[b] = Arrays.copyOfRange(windows[b], 0, t);
      y[b] = Arrays.copyOfRange(windows[b], 1, t + 1);
    }
    return new TokenBatch(x, y);
  }

  /** {@return the number of rows {@code b}} */
  public int size() {
    return inputs.length;
  }

  /** {@return the context length {@code T} (0 for an empty batch)} */
  public int contextLength() {
    return inputs.length == 0 ? 0 : inputs[0].length;
  }
}
