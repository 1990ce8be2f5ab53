package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.MatrixShapes;
import java.util.List;

/**
 * The Cholesky factor {@code L} (lower triangular, positive diagonal, {@code L Lᵀ = S}) of the symmetric
 * part {@code S = (A + Aᵀ)/2} of a square {@code A [n, n]}, in float64 (float32 arguments widened, the
 * result rounded once). Reading {@code S}, not one triangle, makes the value and its derivatives agree
 * in every direction, symmetric or not (JAX symmetrizes the tangent the same way). Derivatives, with
 * {@code Φ(X)} the lower triangle of {@code X} with its diagonal halved: {@code L̇ = L Φ(L⁻¹ Ṡ L⁻ᵀ)};
 * {@code Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)} (Murray 2016), written with {@code solve}, so every order follows.
 * A matrix whose {@code S} is not positive definite is an error naming the column. A stack
 * {@code [..., n, n]} is factored matrix by matrix, one after the other.
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

  /** The op takes leading batch dimensions itself: every argument with the batch axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    MatrixShapes.square(name(), args.get(0));
    return args.get(0);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the symmetric part is not positive definite
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    int n = a.shape().dim(-1);
    double[] v = a.toArray();
    double[] l = new double[v.length];
    for (int e = 0; e < MatrixShapes.count(a.shape()); e++) {
      int j = factor(v, l, e * n * n, n);
      if (j >= 0) {
        throw new IllegalArgumentException("cholesky: the matrix is not positive definite (pivot " + j + " of " + n
            + " is not positive)" + MatrixShapes.element(a.shape(), e));
      }
    }
    Tensor y = Tensor.of(l, a.shape());
    return a.dtype() == DType.FLOAT32 ? y.cast(DType.FLOAT32) : y;
  }

  /**
   * {@return -1 once the factor of the matrix at {@code v[o:]} is written to {@code l[o:]}, or the first
   * column whose pivot is not positive}
   */
  private static int factor(double[] v, double[] l, int o, int n) {
    for (int j = 0; j < n; j++) {
      double d = v[o + j * n + j];
      for (int k = 0; k < j; k++) {
        d -= l[o + j * n + k] * l[o + j * n + k];
      }
      if (!(d > 0)) {
        return j;
      }
      double djj = Math.sqrt(d);
      l[o + j * n + j] = djj;
      for (int i = j + 1; i < n; i++) {
        double s = (v[o + i * n + j] + v[o + j * n + i]) / 2;
        for (int k = 0; k < j; k++) {
          s -= l[o + i * n + k] * l[o + j * n + k];
        }
        l[o + i * n + j] = s / djj;
      }
    }
    return -1;
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

  /** {@return the mask of {@code Φ}: 1 below the diagonal, ½ on it, 0 above: {@code [n, n]} in {@code l}'s dtype} */
  private static Expr phi(Expr l) {
    int n = l.shape().dim(-1);
    double[] m = new double[n * n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c <= r; c++) {
        m[r * n + c] = r == c ? 0.5 : 1;
      }
    }
    return constant(Tensor.of(m, n, n).cast(l.dtype()));
  }
}
