package dev.fluxion.autodiff.check;

/** The comparisons {@link GradCheck} can run. */
public enum CheckKind {
  /** The function's value at the point is finite (always checked). */
  VALUE("finite value"),
  /** Reverse mode {@code u^T J} (random {@code u}) against central differences of {@code <u, f>}. */
  REVERSE_VS_FD("reverse mode vs finite differences"),
  /** Forward mode {@code J v} (random {@code v}) against central differences of {@code f} along {@code v}. */
  FORWARD_VS_FD("forward mode vs finite differences"),
  /** Forward against reverse mode by the adjoint identity {@code <u, J v> = <J^T u, v>}. */
  ADJOINT("forward vs reverse mode (adjoint identity)"),
  /** The evaluated {@code vjpExpr} and {@code jvpExpr} against numeric {@code vjp} and {@code jvp}. */
  SYMBOLIC("symbolic vs numeric first derivatives"),
  /** {@code hvp} against central differences of the gradient along {@code v}. */
  HVP_VS_FD("Hessian-vector product vs finite differences of the gradient"),
  /** The symbolic second derivative {@code ∇(∇f · v)} against {@code hvp}. */
  SYMBOLIC_SECOND("symbolic second derivative vs Hessian-vector product"),
  /**
   * For a function that computes in float32: its value and the derivatives the other checks
   * compute (reverse, forward, Hessian-vector), evaluated in float32, against its float64 twin at
   * the tolerance {@link Options#float32Rtol()} (always run on such a function, like the value).
   */
  FLOAT32("float32 result vs the float64 twin");

  private final String description;

  CheckKind(String description) {
    this.description = description;
  }

  /** {@return what the check compares, in words} */
  public String description() {
    return description;
  }
}
