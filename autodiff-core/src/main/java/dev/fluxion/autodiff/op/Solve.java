package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Lu;
import dev.fluxion.autodiff.tensor.internal.MatrixShapes;
import java.util.List;

/**
 * {@code X = A⁻¹ B}, the solution of {@code A X = B}, for a square {@code A [n, n]} and {@code B [n, m]}
 * (NumPy's and JAX's {@code solve}), by LU decomposition with partial pivoting in float64 (float32
 * arguments are widened and the result rounded once). Stacks {@code A [..., n, n]}, {@code B [..., n, m]}
 * with the same leading (batch) dimensions solve each system on its own, one after the other; batch
 * dimensions do not broadcast. Derivatives: {@code Ẋ = A⁻¹ (Ḃ − Ȧ X)};
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

  /** The op takes leading batch dimensions itself: every argument with the batch axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    MatrixShapes.system(name(), args.get(0), args.get(1));
    return args.get(1);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code A} (or a matrix of the stack) is exactly singular
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    int n = a.shape().dim(-1);
    int m = b.shape().dim(-1);
    double[] av = a.toArray();
    double[] bv = b.toArray();
    double[] xv = new double[bv.length];
    for (int e = 0; e < MatrixShapes.count(a.shape()); e++) {
      Lu lu = Lu.of(av, e * n * n, n);
      int k = lu.zeroPivot();
      if (k >= 0) {
        throw new IllegalArgumentException("solve: the matrix is singular (LU pivot " + k + " of " + n + " is 0)"
            + MatrixShapes.element(a.shape(), e));
      }
      lu.solve(bv, e * n * m, m, xv);
    }
    Tensor x = Tensor.of(xv, b.shape());
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
