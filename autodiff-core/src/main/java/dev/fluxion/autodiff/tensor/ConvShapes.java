package dev.fluxion.autodiff.tensor;

/** Output shapes of 2-d convolution and pooling over NCHW tensors, with argument validation. */
public final class ConvShapes {
  private ConvShapes() {}

  /**
   * {@return the shape {@code [N, O, OH, OW]} of {@code conv2d(x, w)}, {@code OH = (H + 2ph - KH) / sh + 1}
   * and likewise {@code OW}}
   *
   * @param x the input shape {@code [N, C, H, W]}
   * @param w the weight shape {@code [O, C, KH, KW]}, {@code KH, KW >= 1}
   * @param geometry stride and zero padding (on both sides)
   * @throws IllegalArgumentException naming the op and both shapes if the ranks, channels or kernel
   *     size are invalid, or the kernel does not fit the padded input
   */
  public static Shape conv2d(Shape x, Shape w, ConvGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(w, "w");
    Checks.notNull(geometry, "geometry");
    String where = "conv2d: input " + x + " and weight " + w + ": ";
    if (x.rank() != 4 || w.rank() != 4) {
      throw new IllegalArgumentException(where + "input and weight must have rank 4 (NCHW and OCHW)");
    }
    if (x.dim(1) != w.dim(1)) {
      throw new IllegalArgumentException(where + "input channels " + x.dim(1) + " and " + w.dim(1) + " differ");
    }
    if (w.dim(2) < 1 || w.dim(3) < 1) {
      throw new IllegalArgumentException(where + "kernel size must be >= 1");
    }
    int oh = outSize(where, x.dim(2) + 2 * geometry.padH(), w.dim(2), geometry.strideH(), "height");
    int ow = outSize(where, x.dim(3) + 2 * geometry.padW(), w.dim(3), geometry.strideW(), "width");
    return Shape.of(x.dim(0), w.dim(0), oh, ow);
  }

  /**
   * {@return the shape {@code [N, C, OH, OW]} of a pooling of {@code x}, {@code OH = (H - kh) / sh + 1}
   * and likewise {@code OW}; no padding}
   *
   * @param x the input shape {@code [N, C, H, W]}
   * @param geometry window (at most {@code H} by {@code W}) and stride
   * @throws IllegalArgumentException naming the shape if the rank is not 4 or the window exceeds the input
   */
  public static Shape pool2d(Shape x, PoolGeometry geometry) {
    return pool2d("pool2d", x, geometry);
  }

  static Shape pool2d(String op, Shape x, PoolGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(geometry, "geometry");
    String where = op + ": input " + x + ": ";
    if (x.rank() != 4) {
      throw new IllegalArgumentException(where + "input must have rank 4 (NCHW)");
    }
    int oh = outSize(where, x.dim(2), geometry.windowH(), geometry.strideH(), "height");
    int ow = outSize(where, x.dim(3), geometry.windowW(), geometry.strideW(), "width");
    return Shape.of(x.dim(0), x.dim(1), oh, ow);
  }

  /** Throws naming {@code op} unless {@code actual} equals {@code expected}. */
  static void requireShape(String op, String what, Shape actual, Shape expected) {
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(op + ": " + what + " " + actual + " differs from the expected " + expected);
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
