package dev.fluxion.autodiff.expr;

import static dev.fluxion.autodiff.expr.Fx.apply;

import dev.fluxion.autodiff.op.AvgPool2dBackward;
import dev.fluxion.autodiff.op.Conv2dBackwardInput;
import dev.fluxion.autodiff.op.Conv2dBackwardWeight;
import dev.fluxion.autodiff.op.ConvGeometry;
import dev.fluxion.autodiff.op.MaxPool2dGather;
import dev.fluxion.autodiff.op.MaxPool2dScatter;
import dev.fluxion.autodiff.op.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * Factories for the adjoint primitives that derivative rules of convolution and pooling build;
 * users rarely call them directly.
 */
public final class Adjoints {
  private Adjoints() {}

  /** The input cotangent of {@code conv2d}: {@code g [N, O, OH, OW]}, {@code w} → {@code [inputShape]}. */
  public static Expr conv2dBackwardInput(Expr g, Expr w, Shape inputShape, ConvGeometry geometry) {
    return apply(new Conv2dBackwardInput(inputShape, geometry), g, w);
  }

  /** The weight cotangent of {@code conv2d}: {@code x}, {@code g [N, O, OH, OW]} → {@code [weightShape]}. */
  public static Expr conv2dBackwardWeight(Expr x, Expr g, Shape weightShape, ConvGeometry geometry) {
    return apply(new Conv2dBackwardWeight(weightShape, geometry), x, g);
  }

  /** {@code g} (pooled shape) added at each window's argmax of {@code x}. */
  public static Expr maxPool2dScatter(Expr x, Expr g, PoolGeometry geometry) {
    return apply(new MaxPool2dScatter(geometry), x, g);
  }

  /** {@code g} (shape of {@code x}) read at each window's argmax of {@code x}. */
  public static Expr maxPool2dGather(Expr x, Expr g, PoolGeometry geometry) {
    return apply(new MaxPool2dGather(geometry), x, g);
  }

  /** The adjoint of average pooling: {@code g} spread evenly over each window of {@code inputShape}. */
  public static Expr avgPool2dBackward(Expr g, Shape inputShape, PoolGeometry geometry) {
    return apply(new AvgPool2dBackward(inputShape, geometry), g);
  }
}
