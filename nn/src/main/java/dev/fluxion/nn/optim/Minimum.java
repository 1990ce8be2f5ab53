package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;

/**
 * The result of a full-batch minimization ({@link Lbfgs#minimize}, the Commons Math adapter).
 *
 * @param params the parameters reached, a tree like the start
 * @param value the loss there
 * @param gradientNorm the largest absolute gradient component there ({@code NaN} if not computed)
 * @param iterations the iterations made, {@code >= 0}
 * @param evaluations the loss-and-gradient evaluations made
 * @param reason why the minimizer stopped
 * @param <P> the parameter tree type
 */
public record Minimum<P>(P params, double value, double gradientNorm, int iterations, int evaluations,
    StopReason reason) {
  /** Validates the components. */
  public Minimum {
    Checks.notNull(params, "params");
    Checks.notNull(reason, "reason");
  }

  /** {@return whether a minimum was reached to tolerance (see {@link StopReason#converged()})} */
  public boolean converged() {
    return reason.converged();
  }
}
