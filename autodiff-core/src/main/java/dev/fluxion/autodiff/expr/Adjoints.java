package dev.fluxion.autodiff.expr;

import static dev.fluxion.autodiff.expr.Fx.apply;

import dev.fluxion.autodiff.op.AvgPool2dBackward;
import dev.fluxion.autodiff.op.Conv2dBackwardInput;
import dev.fluxion.autodiff.op.Conv2dBackwardWeight;
import dev.fluxion.autodiff.op.MaxPool2dGather;
import dev.fluxion.autodiff.op.MaxPool2dScatter;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * Factories for the adjoint primitives that derivative rules of convolution and pooling build;
 * users rarely call them directly.
 */
public final class Adjoints {
  private Adjoints() {}

  /**
   * {@return the input cotangent of {@code conv2d}: {@code g [N, O, OH, OW]}, {@code w} → {@code [inputShape]}}
   *
   * @param g the cotangent of the output
   * @param w the weight, shape {@code [O, C, KH, KW]}
   * @param inputShape the shape of one example
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr conv2dBackwardInput(Expr g, Expr w, Shape inputShape, ConvGeometry geometry) {
    return apply(new Conv2dBackwardInput(inputShape, geometry), g, w);
  }

  /**
   * {@return the weight cotangent of {@code conv2d}: {@code x}, {@code g [N, O, OH, OW]} → {@code [weightShape]}}
   *
   * @param x the input, shape {@code [N, C, H, W]}
   * @param g the cotangent of the output
   * @param weightShape the shape of the weight
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr conv2dBackwardWeight(Expr x, Expr g, Shape weightShape, ConvGeometry geometry) {
    return apply(new Conv2dBackwardWeight(weightShape, geometry), x, g);
  }

  /**
   * {@return {@code g} (pooled shape) added at each window's argmax of {@code x}}
   *
   * @param x the pooled input, shape {@code [N, C, H, W]}
   * @param g the cotangent of the output
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr maxPool2dScatter(Expr x, Expr g, PoolGeometry geometry) {
    return apply(new MaxPool2dScatter(geometry), x, g);
  }

  /**
   * {@return {@code g} (shape of {@code x}) read at each window's argmax of {@code x}}
   *
   * @param x the pooled input, shape {@code [N, C, H, W]}
   * @param g the cotangent of the output
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr maxPool2dGather(Expr x, Expr g, PoolGeometry geometry) {
    return apply(new MaxPool2dGather(geometry), x, g);
  }

  /**
   * {@return the adjoint of average pooling: {@code g} spread evenly over each window of {@code inputShape}}
   *
   * @param g the cotangent of the output
   * @param inputShape the shape of one example
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr avgPool2dBackward(Expr g, Shape inputShape, PoolGeometry geometry) {
    return apply(new AvgPool2dBackward(inputShape, geometry), g);
  }
}
