package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Lu;
import dev.fluxion.autodiff.tensor.internal.MatrixShapes;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code log |det A|} of a square {@code A [n, n]}, a scalar (the second half of NumPy's
 * {@code slogdet}), from the pivots of an LU decomposition in float64; {@code −∞} for a singular
 * {@code A}. A stack {@code [..., n, n]} gives one value per matrix, shape {@code [...]}. Derivatives:
 * {@code tr(A⁻¹ Ȧ)} forward, {@code ȳ A⁻ᵀ} backward, written with {@code solve}, so every order follows.
 */
public final class LogAbsDet implements Op {
  /** The op. */
  public static final LogAbsDet OP = new LogAbsDet();

  private LogAbsDet() {}

  @Override
  public String name() {
    return "logAbsDet";
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The op takes leading batch dimensions itself: every argument with the batch axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return shape(name(), args.get(0));
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return perMatrix(args.get(0), Lu::logAbsDet);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr eye = constant(Tensor.eye(xDot.shape().dim(-1)).cast(xDot.dtype()));
    return sum(solve(x.get(0), xDot).times(eye), new int[] {-2, -1}, false);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return transpose(inverse(x.get(0))).times(reshape(yBar, withUnitMatrix(y.shape())));
  }

  /** {@return the batch shape {@code [...]} of a stack of square matrices {@code [..., n, n]}} */
  static Shape shape(String op, Shape a) {
    MatrixShapes.square(op, a);
    return MatrixShapes.batch(a);
  }

  /** {@return {@code f} of each matrix's LU decomposition, shape {@code [...]}, in {@code a}'s dtype} */
  static Tensor perMatrix(Tensor a, ToDoubleFunction<Lu> f) {
    int n = a.shape().dim(-1);
    double[] v = a.toArray();
    double[] out = new double[MatrixShapes.count(a.shape())];
    for (int e = 0; e < out.length; e++) {
      out[e] = f.applyAsDouble(Lu.of(v, e * n * n, n));
    }
    Tensor y = Tensor.of(out, MatrixShapes.batch(a.shape()));
    return a.dtype() == DType.FLOAT32 ? y.cast(DType.FLOAT32) : y;
  }

  /** {@return {@code batch ++ [1, 1]}} */
  private static int[] withUnitMatrix(Shape batch) {
    int[] d = java.util.Arrays.copyOf(batch.toArray(), batch.rank() + 2);
    d[batch.rank()] = 1;
    d[batch.rank() + 1] = 1;
    return d;
  }
}
