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
 * 2-D cross-correlation {@code y = x ⋆ w}: {@code x [N, C, H, W]}, {@code w [O, C, KH, KW]} →
 * {@code y [N, O, OH, OW]}. Bilinear: the cotangents are the two adjoint convolutions
 * {@link Conv2dBackwardInput} and {@link Conv2dBackwardWeight}, whose own rules cycle back here.
 *
 * @param geometry stride and padding
 */
public record Conv2d(ConvGeometry geometry) implements Op {
  @Override
  public String name() {
    return "conv2d";
  }

  @Override
  public String attributes() {
    return geometry.describe();
  }

  @Override
  public int arity() {
    return 2;
  }

  /** A batch of inputs with a shared kernel is one convolution of the folded images; a batched kernel: per example. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.batched(1) ? b.perExample(this, x) : b.unfold(Fx.apply(this, b.fold(x.get(0)), x.get(1)));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return ConvShapes.conv2d(args.get(0), args.get(1), geometry);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Convolutions.conv2d(args.get(0), args.get(1), geometry);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0 ? conv2d(xDot, x.get(1), geometry) : conv2d(x.get(0), xDot, geometry);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0
        ? conv2dBackwardInput(yBar, x.get(1), x.get(0).shape(), geometry)
        : conv2dBackwardWeight(x.get(0), yBar, x.get(1).shape(), geometry);
  }
}
