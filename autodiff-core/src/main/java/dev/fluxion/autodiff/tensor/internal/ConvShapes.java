package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.Arrays;

/** Output shapes of 2-d convolution and pooling over NCHW tensors, with argument validation. */
public final class ConvShapes {
  private ConvShapes() {}

  /**
   * {@return the shape {@code [N, O, OH, OW]} of {@code conv2d(x, w)}, {@code OH = (H + 2ph - KH) / sh + 1}
   * and likewise {@code OW}}
   *
   * @param x the input shape {@code [N, C, H, W]}
   * @param w the weight shape {@code [O, C, KH, KW]}, {@code KH, KW >= 1}
   * @param stride {@code {sh, sw}}, each {@code >= 1}
   * @param padding {@code {ph, pw}}, each {@code >= 0} (zero padding on both sides)
   * @throws IllegalArgumentException naming the op and both shapes if the ranks, channels, stride,
   *     padding or kernel size are invalid, or the kernel does not fit the padded input
   */
  public static Shape conv2d(Shape x, Shape w, int[] stride, int[] padding) {
    Checks.notNull(x, "x");
    Checks.notNull(w, "w");
    String where = "conv2d: input " + x + " and weight " + w + ": ";
    if (x.rank() != 4 || w.rank() != 4) {
      throw new IllegalArgumentException(where + "input and weight must have rank 4 (NCHW and OCHW)");
    }
    checkPair(where, "stride", stride, 1);
    checkPair(where, "padding", padding, 0);
    if (x.dim(1) != w.dim(1)) {
      throw new IllegalArgumentException(where + "input channels " + x.dim(1) + " and " + w.dim(1) + " differ");
    }
    if (w.dim(2) < 1 || w.dim(3) < 1) {
      throw new IllegalArgumentException(where + "kernel size must be >= 1");
    }
    int oh = outSize(where, x.dim(2) + 2 * padding[0], w.dim(2), stride[0], "height");
    int ow = outSize(where, x.dim(3) + 2 * padding[1], w.dim(3), stride[1], "width");
    return Shape.of(x.dim(0), w.dim(0), oh, ow);
  }

  /**
   * {@return the shape {@code [N, C, OH, OW]} of a pooling of {@code x}, {@code OH = (H - kh) / sh + 1}
   * and likewise {@code OW}; no padding}
   *
   * @param x the input shape {@code [N, C, H, W]}
   * @param window {@code {kh, kw}}, each {@code >= 1} and at most {@code H}, {@code W}
   * @param stride {@code {sh, sw}}, each {@code >= 1}
   * @throws IllegalArgumentException naming the shape if the rank, window or stride are invalid
   */
  public static Shape pool2d(Shape x, int[] window, int[] stride) {
    return pool2d("pool2d", x, window, stride);
  }

  /**
   * {@return {@link #pool2d(Shape, int[], int[])}, with messages naming {@code op}}
   *
   * @param op the op's name, for messages
   * @param x the input shape {@code [N, C, H, W]}
   * @param window {@code {kh, kw}}, each {@code >= 1}
   * @param stride {@code {sh, sw}}, each {@code >= 1}
   * @throws IllegalArgumentException naming {@code op} and the shape if any is invalid
   */
  public static Shape pool2d(String op, Shape x, int[] window, int[] stride) {
    Checks.notNull(x, "x");
    String where = op + ": input " + x + ": ";
    if (x.rank() != 4) {
      throw new IllegalArgumentException(where + "input must have rank 4 (NCHW)");
    }
    checkPair(where, "window", window, 1);
    checkPair(where, "stride", stride, 1);
    int oh = outSize(where, x.dim(2), window[0], stride[0], "height");
    int ow = outSize(where, x.dim(3), window[1], stride[1], "width");
    return Shape.of(x.dim(0), x.dim(1), oh, ow);
  }

  /**
   * Throws naming {@code op} unless {@code actual} equals {@code expected}.
   *
   * @param op the op's name, for messages
   * @param what the argument's role, for messages
   * @param actual the argument's shape
   * @param expected the shape it must have
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void requireShape(String op, String what, Shape actual, Shape expected) {
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(op + ": " + what + " " + actual + " differs from the expected " + expected);
    }
  }

  private static void checkPair(String where, String name, int[] v, int min) {
    Checks.notNull(v, name);
    if (v.length != 2 || v[0] < min || v[1] < min) {
      throw new IllegalArgumentException(where + name + " " + Arrays.toString(v) + " must be two values >= " + min);
    }
  }

  private static int outSize(String where, int padded, int k, int s, String axis) {
    if (k > padded) {
      throw new IllegalArgumentException(where + "window " + axis + " " + k + " exceeds the (padded) input "
          + axis + " " + padded);
    }
    return (padded - k) / s + 1;
  }
}
