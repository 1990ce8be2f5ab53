package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Adjoints.*;
import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.internal.ConvShapes;
import dev.fluxion.autodiff.tensor.internal.Convolutions;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * The adjoint of {@link AvgPool2d}: {@code g [pooled shape] → [input shape]}, each value spread
 * evenly over its window; linear, its adjoint is the average pooling.
 *
 * @param inputShape the pooling's input shape
 * @param geometry window and stride
 */
public record AvgPool2dBackward(Shape inputShape, PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "avgPool2dBackward";
  }

  @Override
  public String attributes() {
    return "inputShape=" + inputShape + ", " + geometry.describe();
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The batch folded into the images' axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.unfold(Fx.apply(new AvgPool2dBackward(b.folded(inputShape), geometry), b.fold(x.get(0))));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape pooled = ConvShapes.pool2d(inputShape, geometry);
    if (!pooled.equals(args.get(0))) {
      throw new IllegalArgumentException("avgPool2dBackward: cotangent " + args.get(0) + " does not match pooled shape "
          + pooled + " of input " + inputShape);
    }
    return inputShape;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Convolutions.avgPool2dBackward(args.get(0), inputShape, geometry);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return avgPool2dBackward(xDot, inputShape, geometry);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return avgPool2d(yBar, geometry);
  }
}
