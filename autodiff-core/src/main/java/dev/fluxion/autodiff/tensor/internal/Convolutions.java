package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * 2-D convolution and pooling of NCHW tensors, with the adjoints their derivative rules use.
 * Shapes are validated by the internal {@code ConvShapes}; the kernels are im2col + GEMM and direct
 * loops. Strides, padding and windows come as {@link ConvGeometry} and {@link PoolGeometry} values ({@code sh},
 * {@code ph}, {@code kh} below are their {@code strideH}, {@code padH}, {@code windowH}).
 *
 * <p>Every result has its operands' dtype; operands of different dtypes are an
 * {@link IllegalArgumentException} naming both. float32 runs on {@code float} storage without
 * widened copies: the convolutions and their adjoints accumulate in float32 (the float GEMM, like
 * {@link Tensor#matmul}), while pooling and its adjoints give exactly the float32 rounding of the
 * float64 kernel on the widened inputs (a window mean or an overlapping scatter sums in
 * {@code double} and rounds once).
 */
public final class Convolutions {
  private Convolutions() {}

  /**
   * The 2-d cross-correlation {@code y[n,o,i,j] = sum_{c,ki,kj} x[n,c,i*sh+ki-ph,j*sw+kj-pw] w[o,c,ki,kj]}
   * of an NCHW input {@code x}, zero-padded.
   *
   * @param w the weight {@code [O, C, KH, KW]}; {@code x} is {@code [N, C, H, W]}
   * @param geometry stride {@code (sh, sw)} and zero padding {@code (ph, pw)}
   * @param x the input, shape {@code [N, C, H, W]}
   * @return {@code [N, O, OH, OW]}, {@code OH = (H + 2ph - KH) / sh + 1}, likewise {@code OW}
   * @throws IllegalArgumentException naming both shapes if they or the arguments are invalid
   */
  public static Tensor conv2d(Tensor x, Tensor w, ConvGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(w, "w");
    Widen.float32("conv2d", x, w);
    ConvShapes.conv2d(x.shape(), w.shape(), geometry);
    return ConvKernels.forward(x, w, geometry);
  }

  /**
   * The adjoint of {@link #conv2d conv2d} in its input: {@code xBar = col2im(w^T @ yBar)}.
   *
   * @param yBar the output cotangent {@code [N, O, OH, OW]}
   * @param w the weight {@code [O, C, KH, KW]}
   * @param inputShape the input shape {@code [N, C, H, W]}
   * @param geometry stride and padding, as in the forward call
   * @return {@code xBar} of shape {@code inputShape}
   * @throws IllegalArgumentException if the shapes are invalid or {@code yBar} does not have the output shape
   */
  public static Tensor conv2dBackwardInput(Tensor yBar, Tensor w, Shape inputShape, ConvGeometry geometry) {
    Checks.notNull(yBar, "yBar");
    Checks.notNull(w, "w");
    Widen.float32("conv2dBackwardInput", yBar, w);
    Shape y = ConvShapes.conv2d(Checks.notNull(inputShape, "inputShape"), w.shape(), geometry);
    ConvShapes.requireShape("conv2dBackwardInput", "cotangent", yBar.shape(), y);
    return ConvKernels.backwardInput(yBar, w, inputShape, geometry);
  }

  /**
   * The adjoint of {@link #conv2d conv2d} in its weight: {@code wBar[o,c,ki,kj] = sum_{n,i,j} yBar[n,o,i,j] x[n,c,i*sh+ki-ph,j*sw+kj-pw]}.
   *
   * @param x the input {@code [N, C, H, W]}
   * @param yBar the output cotangent {@code [N, O, OH, OW]}
   * @param weightShape the weight shape {@code [O, C, KH, KW]}
   * @param geometry stride and padding, as in the forward call
   * @return {@code wBar} of shape {@code weightShape}
   * @throws IllegalArgumentException if the shapes are invalid or {@code yBar} does not have the output shape
   */
  public static Tensor conv2dBackwardWeight(Tensor x, Tensor yBar, Shape weightShape, ConvGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(yBar, "yBar");
    Widen.float32("conv2dBackwardWeight", x, yBar);
    Shape y = ConvShapes.conv2d(x.shape(), Checks.notNull(weightShape, "weightShape"), geometry);
    ConvShapes.requireShape("conv2dBackwardWeight", "cotangent", yBar.shape(), y);
    return ConvKernels.backwardWeight(x, yBar, weightShape, geometry);
  }

  /**
   * 2-d max pooling {@code y[n,c,i,j] = max_{ki,kj} x[n,c,i*sh+ki,j*sw+kj]} of an NCHW tensor {@code x}, no padding.
   *
   * @param geometry window (within {@code H} by {@code W}) and stride
   * @param x the input, shape {@code [N, C, H, W]}
   * @return {@code [N, C, OH, OW]}, {@code OH = (H - kh) / sh + 1}, likewise {@code OW}
   * @throws IllegalArgumentException naming the shape if it or the arguments are invalid
   */
  public static Tensor maxPool2d(Tensor x, PoolGeometry geometry) {
    Checks.notNull(x, "x");
    ConvShapes.pool2d("maxPool2d", x.shape(), geometry);
    return PoolKernels.maxForward(x, geometry);
  }

  /**
   * The adjoint of {@link #maxPool2d}: each {@code yBar} value added at
   * its window's argmax, the first maximal element in row-major window order.
   *
   * @param yBar the output cotangent {@code [N, C, OH, OW]}
   * @param geometry window and stride, as in the forward call
   * @param x the input, shape {@code [N, C, H, W]}
   * @return {@code xBar} of {@code x}'s shape {@code [N, C, H, W]}
   * @throws IllegalArgumentException if the shapes or arguments are invalid
   */
  public static Tensor maxPool2dBackward(Tensor x, Tensor yBar, PoolGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(yBar, "yBar");
    Widen.float32("maxPool2dBackward", x, yBar);
    Shape y = ConvShapes.pool2d("maxPool2dBackward", x.shape(), geometry);
    ConvShapes.requireShape("maxPool2dBackward", "cotangent", yBar.shape(), y);
    return PoolKernels.maxScatter(x, yBar, geometry);
  }

  /**
   * The tangent of {@link #maxPool2d}: {@code out = g} at each window's argmax.
   *
   * @param g a tensor of {@code x}'s shape {@code [N, C, H, W]}
   * @param geometry window and stride, as in the forward call
   * @param x the input, shape {@code [N, C, H, W]}
   * @return {@code [N, C, OH, OW]}
   * @throws IllegalArgumentException if the shapes or arguments are invalid
   */
  public static Tensor maxPool2dGather(Tensor x, Tensor g, PoolGeometry geometry) {
    Checks.notNull(x, "x");
    Checks.notNull(g, "g");
    Widen.float32("maxPool2dGather", x, g);
    ConvShapes.pool2d("maxPool2dGather", x.shape(), geometry);
    ConvShapes.requireShape("maxPool2dGather", "tangent", g.shape(), x.shape());
    return PoolKernels.maxGather(x, g, geometry);
  }

  /**
   * 2-d average pooling {@code y[n,c,i,j] = mean_{ki,kj} x[n,c,i*sh+ki,j*sw+kj]} of an NCHW tensor {@code x}, no padding.
   *
   * @param geometry window (within {@code H} by {@code W}) and stride
   * @param x the input, shape {@code [N, C, H, W]}
   * @return {@code [N, C, OH, OW]}
   * @throws IllegalArgumentException naming the shape if it or the arguments are invalid
   */
  public static Tensor avgPool2d(Tensor x, PoolGeometry geometry) {
    Checks.notNull(x, "x");
    ConvShapes.pool2d("avgPool2d", x.shape(), geometry);
    return PoolKernels.avgForward(x, geometry);
  }

  /**
   * The adjoint of {@link #avgPool2d}: each {@code yBar} value divided by {@code kh*kw} and added over its window.
   *
   * @param yBar the output cotangent {@code [N, C, OH, OW]}
   * @param inputShape the input shape {@code [N, C, H, W]}
   * @param geometry window and stride, as in the forward call
   * @return {@code xBar} of shape {@code inputShape}
   * @throws IllegalArgumentException if the shapes or arguments are invalid
   */
  public static Tensor avgPool2dBackward(Tensor yBar, Shape inputShape, PoolGeometry geometry) {
    Checks.notNull(yBar, "yBar");
    Shape y = ConvShapes.pool2d("avgPool2dBackward", Checks.notNull(inputShape, "inputShape"), geometry);
    ConvShapes.requireShape("avgPool2dBackward", "cotangent", yBar.shape(), y);
    return PoolKernels.avgBackward(yBar, inputShape, geometry);
  }
}
