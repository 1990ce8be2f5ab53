package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Shape;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Pointwise} pass reads an input broadcast to its shape without a copy of the broadcast:
 * element {@code f} of the pass (row-major) is element {@code (f / repeat) % size} of the input. That
 * holds when the input's axes that are not 1, aligned to the pass's shape from the right, form one
 * contiguous block: {@code [64]} or {@code [1, 1, 64]} in {@code [32, 64, 64]} ({@code repeat} 1),
 * {@code [32, 64, 1]} in it ({@code repeat} 64), a layer norm's and a softmax's operands. Other
 * broadcasts stay copies.
 *
 * @param repeat how many consecutive elements of the pass read one input element, {@code >= 1}
 * @param size the input's number of elements, {@code >= 1}
 */
public record Spread(int repeat, int size) {

  /**
   * {@return the spread of an input of shape {@code in} over a pass of shape {@code target}, or null
   * if {@code in} does not broadcast to {@code target} that way (or needs no spreading: equal shapes,
   * one element)}
   */
  static @Nullable Spread of(Shape target, Shape in) {
    int r = target.rank();
    int k = in.rank();
    if (k > r || in.size() <= 1 || in.equals(target)) {
      return null;
    }
    int first = -1;
    int last = -1;
    for (int i = 0; i < r; i++) {
      int d = i < r - k ? 1 : in.dim(i - (r - k));
      int t = target.dim(i);
      if (d != 1 && d != t) {
        return null;
      }
      if (d != 1) {
        if (last >= 0 && last != i - 1) {
          return null;
        }
        first = first < 0 ? i : first;
        last = i;
      }
    }
    int repeat = 1;
    for (int i = last + 1; i < r; i++) {
      repeat *= target.dim(i);
    }
    return new Spread(repeat, in.size());
  }

  /** {@return whether a pass of shape {@code target} reads an input of shape {@code in} in place, by a {@link Spread}} */
  public static boolean fits(Shape target, Shape in) {
    return of(target, in) != null;
  }

  /**
   * {@code tile[i] = src[((base + i) / repeat) % size]} for {@code i < len}, both {@code double[]} or both
   * {@code float[]}: runs of the input copied, or runs of one element filled.
   */
  void fill(Object src, int base, Object tile, int len) {
    if (repeat == 1) {
      for (int i = 0, at = base % size; i < len; at = 0) {
        int run = Math.min(size - at, len - i);
        System.arraycopy(src, at, tile, i, run);
        i += run;
      }
      return;
    }
    for (int i = 0, f = base; i < len; ) {
      int run = Math.min(repeat - f % repeat, len - i);
      int j = (f / repeat) % size;
      if (tile instanceof double[] t) {
        Arrays.fill(t, i, i + run, ((double[]) src)[j]);
      } else {
        Arrays.fill((float[]) tile, i, i + run, ((float[]) src)[j]);
      }
      i += run;
      f += run;
    }
  }
}
