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
 * Average pooling {@code x [N, C, H, W] → y [N, C, OH, OW]}; linear, its adjoint
 * {@link AvgPool2dBackward} spreads each cotangent evenly over its window.
 *
 * @param geometry window and stride
 */
public record AvgPool2d(PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "avgPool2d";
  }

  @Override
  public String attributes() {
    return geometry.describe();
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The batch folded into the images' axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.unfold(Fx.apply(this, b.fold(x.get(0))));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return ConvShapes.pool2d(args.get(0), geometry);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Convolutions.avgPool2d(args.get(0), geometry);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return avgPool2d(xDot, geometry);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return avgPool2dBackward(yBar, x.get(0).shape(), geometry);
  }
}
