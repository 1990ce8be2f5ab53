package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Lu;
import java.util.List;

/**
 * {@code log |det A|} of a square {@code A [n, n]}, a scalar (the second half of NumPy's
 * {@code slogdet}), from the pivots of an LU decomposition in float64; {@code −∞} for a singular
 * {@code A}. Derivatives: {@code tr(A⁻¹ Ȧ)} forward, {@code ȳ A⁻ᵀ} backward, written with
 * {@code solve}, so every order follows.
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

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape a = args.get(0);
    if (a.rank() != 2 || a.dim(0) != a.dim(1)) {
      throw new IllegalArgumentException("logAbsDet: needs a square matrix [n, n], got " + a);
    }
    return Shape.scalar();
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor y = Tensor.scalar(Lu.of(a.toArray(), a.shape().dim(0)).logAbsDet());
    return a.dtype() == DType.FLOAT32 ? y.cast(DType.FLOAT32) : y;
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return sum(solve(x.get(0), xDot).times(identity(x.get(0))));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return transpose(solve(x.get(0), identity(x.get(0)))).times(yBar);
  }

  private static Expr identity(Expr a) {
    return constant(Tensor.eye(a.shape().dim(0)).cast(a.dtype()));
  }
}
