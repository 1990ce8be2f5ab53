package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.Checks;

/**
 * The two results of {@link Fx#eigh}, {@code (A + Aᵀ)/2 = V diag(w) Vᵀ} (JAX's {@code EighResult}).
 *
 * @param eigenvalues {@code w [..., n]}, ascending
 * @param eigenvectors {@code V [..., n, n]}, orthonormal columns, column {@code j} belonging to {@code w_j},
 *     each signed so that its component of largest magnitude is positive
 */
public record EighResult(Expr eigenvalues, Expr eigenvectors) {
  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if one is null
   */
  public EighResult {
    Checks.notNull(eigenvalues, "eigenvalues");
    Checks.notNull(eigenvectors, "eigenvectors");
  }
}
