package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Adjoints.*;
import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.internal.ConvShapes;
import dev.fluxion.autodiff.tensor.internal.Convolutions;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * The input adjoint of {@link Conv2d}: {@code (g [N, O, OH, OW], w) → x̄ [N, C, H, W]} with
 * {@code <x̄, x> = <g, x ⋆ w>} for all {@code x}. Bilinear in {@code (g, w)}.
 *
 * @param inputShape the convolution's input shape
 * @param geometry stride and padding
 */
public record Conv2dBackwardInput(Shape inputShape, ConvGeometry geometry) implements Op {
  @Override
  public String name() {
    return "conv2dBackwardInput";
  }

  @Override
  public String attributes() {
    return "inputShape=" + inputShape + ", " + geometry.describe();
  }

  @Override
  public int arity() {
    return 2;
  }

  /** Batched cotangents with a shared kernel fold into the images' axis; a batched kernel: per example. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.batched(1) ? b.perExample(this, x)
        : b.unfold(Fx.apply(new Conv2dBackwardInput(b.folded(inputShape), geometry), b.fold(x.get(0)), x.get(1)));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape y = ConvShapes.conv2d(inputShape, args.get(1), geometry);
    if (!y.equals(args.get(0))) {
      throw new IllegalArgumentException("conv2dBackwardInput: cotangent " + args.get(0) + " does not match conv2d output "
          + y + " for input " + inputShape + " and weight " + args.get(1));
    }
    return inputShape;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Convolutions.conv2dBackwardInput(args.get(0), args.get(1), inputShape, geometry);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0
        ? conv2dBackwardInput(xDot, x.get(1), inputShape, geometry)
        : conv2dBackwardInput(x.get(0), xDot, inputShape, geometry);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0
        ? conv2d(yBar, x.get(1), geometry)
        : conv2dBackwardWeight(yBar, x.get(0), x.get(1).shape(), geometry);
  }
}
