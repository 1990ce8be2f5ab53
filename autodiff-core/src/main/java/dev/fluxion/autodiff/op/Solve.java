package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Lu;
import java.util.List;

/**
 * {@code X = A⁻¹ B}, the solution of {@code A X = B}, for a square {@code A [n, n]} and {@code B [n, m]}
 * (NumPy's and JAX's {@code solve}), by LU decomposition with partial pivoting in float64 (float32
 * arguments are widened and the result rounded once). Derivatives: {@code Ẋ = A⁻¹ (Ḃ − Ȧ X)};
 * {@code B̄ = A⁻ᵀ X̄}, {@code Ā = −B̄ Xᵀ} — written with {@code solve} itself, so every order follows.
 * An exactly singular {@code A} (a zero pivot) is an error; a nearly singular one gives large values,
 * as in NumPy.
 */
public final class Solve implements Op {
  /** The op. */
  public static final Solve OP = new Solve();

  private Solve() {}

  @Override
  public String name() {
    return "solve";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape a = args.get(0);
    Shape b = args.get(1);
    if (a.rank() != 2 || a.dim(0) != a.dim(1) || b.rank() != 2 || b.dim(0) != a.dim(0)) {
      throw new IllegalArgumentException("solve: needs a square matrix A [n, n] and B [n, m], got " + a + " and " + b);
    }
    return b;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code A} is exactly singular
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    int n = a.shape().dim(0);
    Lu lu = Lu.of(a.toArray(), n);
    int k = lu.zeroPivot();
    if (k >= 0) {
      throw new IllegalArgumentException("solve: the matrix is singular (LU pivot " + k + " of " + n + " is 0)");
    }
    Tensor x = Tensor.of(lu.solve(b.toArray(), b.shape().dim(1)), b.shape());
    return a.dtype() == DType.FLOAT32 ? x.cast(DType.FLOAT32) : x;
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0 ? neg(solve(x.get(0), matmul(xDot, y))) : solve(x.get(0), xDot);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr bBar = solve(transpose(x.get(0)), yBar);
    return i == 0 ? neg(matmul(bBar, transpose(y))) : bBar;
  }
}
