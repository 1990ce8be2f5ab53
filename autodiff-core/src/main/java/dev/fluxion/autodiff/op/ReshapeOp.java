package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The same elements in a new shape of equal size; linear, its adjoint reshapes back.
 *
 * @param target the output shape
 */
public record ReshapeOp(Shape target) implements Op {
  @Override
  public String name() {
    return "reshape";
  }

  @Override
  public String attributes() {
    return "shape=" + target;
  }

  @Override
  public int arity() {
    return 1;
  }

  /** Any dtype: int32 indices reshape too. */
  @Override
  public DType inferDType(List<DType> args) {
    return args.get(0);
  }

  /** The batch axis kept in front of the new shape. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return reshape(x.get(0), b.withBatch(target));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    if (args.get(0).size() != target.size()) {
      throw new IllegalArgumentException("reshape: cannot reshape " + args.get(0) + " to " + target);
    }
    return target;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).reshape(target);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return reshape(xDot, target);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return reshape(yBar, x.get(0).shape());
  }

  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return zerosOfY == null ? null : reshape(zerosOfY, x.get(0).shape());
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("reshape", TestDomain.REAL, a -> reshape(Sample.atLeast(a, 2), -1)));
  }
}
