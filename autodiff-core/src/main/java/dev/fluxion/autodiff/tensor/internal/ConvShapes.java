package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;

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
    if (x.rank() != 4 || w.rank() != 4) {
      throw new IllegalArgumentException(where(x, w) + "input and weight must have rank 4 (NCHW and OCHW)");
    }
    if (x.dim(1) != w.dim(1)) {
      throw new IllegalArgumentException(where(x, w) + "input channels " + x.dim(1) + " and " + w.dim(1) + " differ");
    }
    if (w.dim(2) < 1 || w.dim(3) < 1) {
      throw new IllegalArgumentException(where(x, w) + "kernel size must be >= 1");
    }
    int hp = x.dim(2) + 2 * geometry.padH();
    int wp = x.dim(3) + 2 * geometry.padW();
    if (w.dim(2) > hp || w.dim(3) > wp) {
      throw new IllegalArgumentException(where(x, w) + exceeds(hp, w.dim(2), wp, w.dim(3)));
    }
    int oh = (hp - w.dim(2)) / geometry.strideH() + 1;
    int ow = (wp - w.dim(3)) / geometry.strideW() + 1;
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

  /**
   * {@return {@link #pool2d(Shape, PoolGeometry)}, with messages naming {@code op}}
   *
   * @param op the op's name, for messages
   * @param x the input shape {@code [N, C, H, W]}
   * @param geometry the window and stride
   * @throws IllegalArgumentException naming {@code op} and the shape if they do not fit
   */
  public static Shape pool2d(String op, Shape x, PoolGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(geometry, "geometry");
    if (x.rank() != 4) {
      throw new IllegalArgumentException(op + ": input " + x + ": input must have rank 4 (NCHW)");
    }
    int kh = geometry.windowH();
    int kw = geometry.windowW();
    if (kh > x.dim(2) || kw > x.dim(3)) {
      throw new IllegalArgumentException(op + ": input " + x + ": " + exceeds(x.dim(2), kh, x.dim(3), kw));
    }
    int oh = (x.dim(2) - kh) / geometry.strideH() + 1;
    int ow = (x.dim(3) - kw) / geometry.strideW() + 1;
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

  /** The message prefix of a convolution error, built only when one is thrown. */
  private static String where(Shape x, Shape w) {
    return "conv2d: input " + x + " and weight " + w + ": ";
  }

  /** Names the first axis whose window {@code k} exceeds the (padded) input extent. */
  private static String exceeds(int h, int kh, int w, int kw) {
    return kh > h
        ? "window height " + kh + " exceeds the (padded) input height " + h
        : "window width " + kw + " exceeds the (padded) input width " + w;
  }
}
