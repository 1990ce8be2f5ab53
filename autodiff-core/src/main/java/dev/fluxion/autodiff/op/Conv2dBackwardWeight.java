package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Adjoints.*;
import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.internal.ConvShapes;
import dev.fluxion.autodiff.tensor.internal.Convolutions;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * The weight adjoint of {@link Conv2d}: {@code (x [N, C, H, W], g [N, O, OH, OW]) → w̄ [O, C, KH, KW]}
 * with {@code <w̄, w> = <g, x ⋆ w>} for all {@code w}. Bilinear in {@code (x, g)}.
 *
 * @param weightShape the convolution's weight shape
 * @param geometry stride and padding
 */
public record Conv2dBackwardWeight(Shape weightShape, ConvGeometry geometry) implements Op {
  @Override
  public String name() {
    return "conv2dBackwardWeight";
  }

  @Override
  public String attributes() {
    return "weightShape=" + weightShape + ", " + geometry.describe();
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape y = ConvShapes.conv2d(args.get(0), weightShape, geometry);
    if (!y.equals(args.get(1))) {
      throw new IllegalArgumentException("conv2dBackwardWeight: cotangent " + args.get(1)
          + " does not match conv2d output " + y + " for input " + args.get(0) + " and weight " + weightShape);
    }
    return weightShape;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Convolutions.conv2dBackwardWeight(args.get(0), args.get(1), weightShape, geometry);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0
        ? conv2dBackwardWeight(xDot, x.get(1), weightShape, geometry)
        : conv2dBackwardWeight(x.get(0), xDot, weightShape, geometry);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0
        ? conv2dBackwardInput(x.get(1), yBar, x.get(0).shape(), geometry)
        : conv2d(x.get(0), yBar, geometry);
  }
}
