package dev.fluxion.nn.optim;

/** Why a full-batch minimizer stopped; {@link #converged()} tells success from the rest. */
public enum StopReason {
  /** The gradient's largest component fell to the tolerance. */
  GRADIENT_TOLERANCE(true),
  /** The loss decreased by less than the relative tolerance in one iteration. */
  VALUE_TOLERANCE(true),
  /** The Commons Math convergence checker accepted the point. */
  CHECKER(true),
  /** The iteration limit was reached first. */
  MAX_ITERATIONS(false),
  /** No step along the search direction decreased the loss within the line search's budget. */
  LINE_SEARCH_FAILED(false);

  private final boolean converged;

  StopReason(boolean converged) {
    this.converged = converged;
  }

  /** {@return whether this reason means a (local) minimum was reached to tolerance} */
  public boolean converged() {
    return converged;
  }
}
