package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * The Cholesky factor {@code L} (lower triangular, positive diagonal, {@code L Lᵀ = S}) of the symmetric
 * part {@code S = (A + Aᵀ)/2} of a square {@code A [n, n]}, in float64 (float32 arguments widened, the
 * result rounded once). Reading {@code S}, not one triangle, makes the value and its derivatives agree
 * in every direction, symmetric or not (JAX symmetrizes the tangent the same way). Derivatives, with
 * {@code Φ(X)} the lower triangle of {@code X} with its diagonal halved: {@code L̇ = L Φ(L⁻¹ Ṡ L⁻ᵀ)};
 * {@code Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)} (Murray 2016), written with {@code solve}, so every order follows.
 * A matrix whose {@code S} is not positive definite is an error naming the column.
 */
public final class Cholesky implements Op {
  /** The op. */
  public static final Cholesky OP = new Cholesky();

  private Cholesky() {}

  @Override
  public String name() {
    return "cholesky";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape a = args.get(0);
    if (a.rank() != 2 || a.dim(0) != a.dim(1)) {
      throw new IllegalArgumentException("cholesky: needs a square matrix [n, n], got " + a);
    }
    return a;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the symmetric part is not positive definite
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    int n = a.shape().dim(0);
    double[] v = a.toArray();
    double[] l = new double[n * n];
    for (int j = 0; j < n; j++) {
      double d = v[j * n + j];
      for (int k = 0; k < j; k++) {
        d -= l[j * n + k] * l[j * n + k];
      }
      if (!(d > 0)) {
        throw new IllegalArgumentException("cholesky: the matrix is not positive definite (pivot " + j + " of " + n
            + " is " + d + ")");
      }
      double djj = Math.sqrt(d);
      l[j * n + j] = djj;
      for (int i = j + 1; i < n; i++) {
        double s = (v[i * n + j] + v[j * n + i]) / 2;
        for (int k = 0; k < j; k++) {
          s -= l[i * n + k] * l[j * n + k];
        }
        l[i * n + j] = s / djj;
      }
    }
    Tensor y = Tensor.of(l, a.shape());
    return a.dtype() == DType.FLOAT32 ? y.cast(DType.FLOAT32) : y;
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr sDot = xDot.plus(transpose(xDot)).times(0.5);
    Expr m = solve(y, sDot);
    Expr inner = transpose(solve(y, transpose(m)));
    return matmul(y, inner.times(phi(y)));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr q = matmul(transpose(y), yBar).times(phi(y));
    Expr r = solve(transpose(y), q);
    Expr p = transpose(solve(transpose(y), transpose(r)));
    return p.plus(transpose(p)).times(0.5);
  }

  /** {@return the mask of {@code Φ}: 1 below the diagonal, ½ on it, 0 above, in {@code l}'s shape and dtype} */
  private static Expr phi(Expr l) {
    int n = l.shape().dim(0);
    double[] m = new double[n * n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c <= r; c++) {
        m[r * n + c] = r == c ? 0.5 : 1;
      }
    }
    return constant(Tensor.of(m, n, n).cast(l.dtype()));
  }
}
