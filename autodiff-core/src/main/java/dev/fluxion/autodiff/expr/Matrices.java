package dev.fluxion.autodiff.expr;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.MatrixShapes;
import java.util.Arrays;

/** The linear-algebra helpers of {@link Fx} that take more than one node: vector right-hand sides, the inverse. */
final class Matrices {
  private Matrices() {}

  /** {@code solve}'s op applied to {@code a} and {@code b}, a stack of vectors {@code [..., n]} taken as columns. */
  static Expr solve(Op op, Expr a, Expr b) {
    if (!MatrixShapes.vectors(op.name(), a.shape(), b.shape())) {
      return apply(op, a, b);
    }
    int[] column = Arrays.copyOf(b.shape().toArray(), b.shape().rank() + 1);
    column[column.length - 1] = 1;
    return reshape(apply(op, a, reshape(b, Shape.of(column))), b.shape());
  }

  /** {@code solve(a, I)} with {@code I} broadcast to {@code a}'s stack. */
  static Expr inverse(Expr a) {
    int n = MatrixShapes.square("inverse", a.shape());
    return Fx.solve(a, broadcastTo(constant(Tensor.eye(n).cast(a.dtype())), a.shape()));
  }
}
