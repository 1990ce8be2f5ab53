package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;

/** {@code e^x}; derivative {@code y}. */
public final class Exp extends Unary {
  /** The op. */
  public static final Exp OP = new Exp();

  private Exp() {
    super("exp");
  }

  @Override
  protected double value(double x) {
    return Math.exp(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return y;
  }
}
