package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A random 0/1 mask with {@code P(1) = keep}, a pure function of a rank-0 seed argument and a
 * stream number: the same seed gives the same mask; a compiled step binds a new seed per batch.
 * Piecewise constant, so its derivative is zero.
 *
 * @param shape the mask's shape
 * @param keep the probability of a 1, in {@code (0, 1]}
 * @param stream distinguishes masks drawn from one seed
 * @param dtype the mask's dtype (that of the tensor it masks)
 */
record RandomMask(Shape shape, double keep, long stream, DType dtype) implements Op {
  @Override
  public String name() {
    return "randomMask";
  }

  @Override
  public String attributes() {
    return "shape=" + shape + ", keep=" + keep + ", stream=" + stream + ", dtype=" + dtype;
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    if (args.get(0).rank() != 0) {
      throw new IllegalArgumentException("randomMask: the seed must be rank 0, got " + args.get(0));
    }
    return shape;
  }

  @Override
  public DType inferDType(List<DType> args) {
    return dtype;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Key key = Key.of(Double.doubleToLongBits(args.get(0).item())).fold(stream);
    return Tensor.uniform(key, shape, 0, 1).lt(Tensor.scalar(keep)).cast(dtype);
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return null;
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return null;
  }
}
