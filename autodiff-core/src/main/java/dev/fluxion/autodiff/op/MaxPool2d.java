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
 * Max pooling {@code x [N, C, H, W] → y [N, C, OH, OW]}. The derivative flows to each window's
 * argmax (the first maximal element in row-major window order on ties): the tangent is gathered
 * there ({@link MaxPool2dGather}) and the cotangent scattered back ({@link MaxPool2dScatter}).
 *
 * @param geometry window and stride
 */
public record MaxPool2d(PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "maxPool2d";
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
    return Convolutions.maxPool2d(args.get(0), geometry);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return maxPool2dGather(x.get(0), xDot, geometry);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return maxPool2dScatter(x.get(0), yBar, geometry);
  }

  /** Two maximal elements in one window are a kink (a tie). */
  @Override
  public int kinkAt(List<Expr> x, List<Tensor> values) {
    return Kinks.firstPoolTie(values.get(0), geometry);
  }
}
