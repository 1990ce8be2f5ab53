package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.MatrixShapes;
import dev.fluxion.autodiff.tensor.internal.SymmetricEigen;
import java.util.Arrays;
import java.util.List;

/**
 * One result of the eigendecomposition {@code S = V diag(w) Vᵀ} of the symmetric part
 * {@code S = (A + Aᵀ)/2} of a square {@code A [n, n]}, or of each matrix of a stack {@code [..., n, n]}
 * (NumPy's {@code eigh}; batch dimensions are independent): the eigenvalues {@code w [..., n]} in
 * ascending order, or the orthonormal eigenvectors {@code V [..., n, n]}, column {@code j} belonging to
 * {@code w_j} and signed so that its component of largest magnitude (the first of several equal ones) is
 * positive. A node has one result, so each result is its own node (as each result of a scan is), and each
 * node runs its own decomposition: the cyclic Jacobi method in float64 ({@code tensor.internal.SymmetricEigen};
 * float32 arguments widened, results rounded once). A matrix with a non-finite entry gives NaN.
 *
 * <p>Derivatives (Giles 2008, JAX's {@code eigh_jvp_rule}), with {@code Ṡ = (Ȧ + Ȧᵀ)/2},
 * {@code P = Vᵀ Ṡ V} and {@code F_ij = 1/(w_j − w_i)} off the diagonal, 0 on it: {@code ẇ = diag(P)},
 * {@code V̇ = V (F ⊙ P)}; {@code Ā = V diag(w̄) Vᵀ} for the eigenvalues and
 * {@code Ā = sym(V (F ⊙ (Vᵀ V̄)) Vᵀ)} for the eigenvectors. They are written with this op, {@code matmul}
 * and elementwise ops, so every order follows.
 *
 * <p>Repeated eigenvalues: the eigenvalues' first derivatives need no {@code F} and stay finite (their
 * second derivatives go through the eigenvectors'). The eigenvectors of a repeated eigenvalue are not
 * determined, so they have no derivative: {@code F_ij} is {@code +∞} wherever
 * {@code (w_j − w_i)² <= (16 n ε)² Σ_k w_k²} ({@code ε} the dtype's epsilon, a gap rounding cannot tell
 * from zero), and eigenvector derivatives there come out non-finite ({@code ∞} or NaN, which
 * {@code NonFinite} reports) rather than as large numbers made of rounding errors.
 *
 * @param vectors whether the result is the eigenvectors {@code [..., n, n]} (else the eigenvalues {@code [..., n]})
 */
public record Eigh(boolean vectors) implements Op {
  /** The eigenvalues, {@code [..., n]}. */
  public static final Eigh VALUES = new Eigh(false);
  /** The eigenvectors, {@code [..., n, n]}. */
  public static final Eigh VECTORS = new Eigh(true);

  /** Eigenvalue gaps up to this many {@code n ε ‖w‖} count as zero for the eigenvector derivatives. */
  private static final double GAP = 16;

  @Override
  public String name() {
    return "eigh";
  }

  @Override
  public String attributes() {
    return vectors ? "vectors" : "values";
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
    Shape a = args.get(0);
    MatrixShapes.square(name(), a);
    return vectors ? a : Shape.of(Arrays.copyOf(a.toArray(), a.rank() - 1));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the Jacobi iteration does not converge (not seen for finite input)
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    int n = a.shape().dim(-1);
    double[] av = a.toArray();
    double[] w = new double[MatrixShapes.count(a.shape()) * n];
    double[] v = vectors ? new double[av.length] : null;
    for (int e = 0; e * n < w.length; e++) {
      SymmetricEigen.decompose(av, e, n, w, v);
    }
    Tensor y = v != null ? Tensor.of(v, a.shape()) : Tensor.of(w, inferShape(List.of(a.shape())));
    return a.dtype() == DType.FLOAT32 ? y.cast(DType.FLOAT32) : y;
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    if (!vectors) {
      Expr v = Fx.apply(VECTORS, x.get(0));
      return sum(v.times(matmul(xDot, v)), new int[] {-2}, false);
    }
    Expr sDot = xDot.plus(transpose(xDot)).times(0.5);
    Expr p = matmul(transpose(y), matmul(sDot, y));
    return matmul(y, gaps(eigvalsh(x.get(0))).times(p));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    if (!vectors) {
      Expr v = Fx.apply(VECTORS, x.get(0));
      return matmul(v.times(reshape(yBar, withAxis(yBar.shape(), -2))), transpose(v));
    }
    Expr g = matmul(matmul(y, gaps(eigvalsh(x.get(0))).times(matmul(transpose(y), yBar))), transpose(y));
    return g.plus(transpose(g)).times(0.5);
  }

  /** {@return {@code F [..., n, n]}: {@code 1/(w_j − w_i)} off the diagonal ({@code +∞} for a tie), 0 on it} */
  private static Expr gaps(Expr w) {
    int n = w.shape().dim(-1);
    Expr column = reshape(w, withAxis(w.shape(), -1));
    Expr d = reshape(w, withAxis(w.shape(), -2)).minus(column);
    double scale = GAP * n * w.dtype().epsilon();
    Expr tied = le(square(d), sum(square(column), new int[] {-2, -1}, true).times(scale * scale));
    Expr eye = constant(Tensor.eye(n).cast(w.dtype()));
    Expr off = constant(Tensor.ones(n, n).minus(Tensor.eye(n)).cast(w.dtype()));
    return off.div(d.times(scalar(1.0).minus(tied)).plus(eye));
  }

  /** {@return {@code s} with an axis of length 1 inserted before its last axis ({@code -2}) or after it ({@code -1})} */
  private static Shape withAxis(Shape s, int where) {
    int[] d = Arrays.copyOf(s.toArray(), s.rank() + 1);
    if (where == -2) {
      d[s.rank()] = d[s.rank() - 1];
      d[s.rank() - 1] = 1;
    } else {
      d[s.rank()] = 1;
    }
    return Shape.of(d);
  }
}
