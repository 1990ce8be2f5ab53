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
import org.jspecify.annotations.Nullable;

/**
 * {@code (x, g [pooled shape]) → x̄ [shape of x]}: each {@code g} value added at its window's
 * argmax in {@code x}. Linear in {@code g} (adjoint: {@link MaxPool2dGather}); the argmax
 * positions are piecewise constant in {@code x}, so {@code x} gets no derivative.
 *
 * @param geometry window and stride
 */
public record MaxPool2dScatter(PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "maxPool2dScatter";
  }

  @Override
  public String attributes() {
    return geometry.describe();
  }

  @Override
  public int arity() {
    return 2;
  }

  /** The batch folded into the images' axis of both arguments. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.unfold(Fx.apply(this, b.fold(b.lead(x, 0)), b.fold(b.lead(x, 1))));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape pooled = ConvShapes.pool2d(args.get(0), geometry);
    if (!pooled.equals(args.get(1))) {
      throw new IllegalArgumentException("maxPool2dScatter: cotangent " + args.get(1) + " does not match pooled shape "
          + pooled + " of input " + args.get(0));
    }
    return args.get(0);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Convolutions.maxPool2dBackward(args.get(0), args.get(1), geometry);
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0 ? null : maxPool2dScatter(x.get(0), xDot, geometry);
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0 ? null : maxPool2dGather(x.get(0), yBar, geometry);
  }
}
