package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.MatrixShapes;
import java.util.List;

/**
 * {@code X = T⁻¹ B} for a triangular {@code T [n, n]} (its lower triangle, or its upper one, diagonal
 * included; the other entries are never read) and {@code B [n, m]}, by substitution in float64 (float32
 * arguments widened, the result rounded once): SciPy's {@code solve_triangular}, JAX's
 * {@code triangular_solve}. Derivatives, with {@code M} the mask of the triangle read:
 * {@code Ẋ = T⁻¹ (Ḃ − (M ⊙ Ṫ) X)}; {@code B̄ = T⁻ᵀ X̄} (the other triangle's solve),
 * {@code T̄ = −M ⊙ (B̄ Xᵀ)}, written with this op, so every order follows. A zero on the diagonal is an
 * error naming it. Stacks {@code T [..., n, n]}, {@code B [..., n, m]} with the same leading (batch)
 * dimensions solve each system on its own; batch dimensions do not broadcast.
 *
 * @param lower whether {@code T}'s lower triangle is read (else its upper one)
 */
public record TriangularSolve(boolean lower) implements Op {
  @Override
  public String name() {
    return "triangularSolve";
  }

  @Override
  public String attributes() {
    return lower ? "lower" : "upper";
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
   * @throws IllegalArgumentException if a diagonal entry is 0
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor tt = args.get(0);
    int n = tt.shape().dim(-1);
    int m = args.get(1).shape().dim(-1);
    double[] t = tt.toArray();
    double[] b = args.get(1).toArray();
    double[] x = new double[b.length];
    for (int e = 0; e < MatrixShapes.count(tt.shape()); e++) {
      int to = e * n * n;
      int bo = e * n * m;
      for (int i = 0; i < n; i++) {
        if (t[to + i * n + i] == 0) {
          throw new IllegalArgumentException("triangularSolve: diagonal entry " + i + " of " + n + " is 0"
              + MatrixShapes.element(tt.shape(), e));
        }
      }
      for (int c = 0; c < m; c++) {
        for (int s = 0; s < n; s++) {
          int i = lower ? s : n - 1 - s;
          double v = b[bo + i * m + c];
          for (int r = 0; r < s; r++) {
            int j = lower ? r : n - 1 - r;
            v -= t[to + i * n + j] * x[bo + j * m + c];
          }
          x[bo + i * m + c] = v / t[to + i * n + i];
        }
      }
    }
    Tensor y = Tensor.of(x, args.get(1).shape());
    return tt.dtype() == DType.FLOAT32 ? y.cast(DType.FLOAT32) : y;
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    if (i == 1) {
      return triangularSolve(x.get(0), xDot, lower);
    }
    return neg(triangularSolve(x.get(0), matmul(xDot.times(mask(x.get(0))), y), lower));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr bBar = triangularSolve(transpose(x.get(0)), yBar, !lower);
    return i == 1 ? bBar : neg(matmul(bBar, transpose(y)).times(mask(x.get(0))));
  }

  /** {@return 1 on the triangle read (diagonal included), 0 elsewhere: {@code [n, n]} in {@code t}'s dtype} */
  private Expr mask(Expr t) {
    int n = t.shape().dim(-1);
    double[] m = new double[n * n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        m[r * n + c] = (lower ? c <= r : c >= r) ? 1 : 0;
      }
    }
    return constant(Tensor.of(m, n, n).cast(t.dtype()));
  }
}
