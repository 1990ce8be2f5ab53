package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;

/** Tangent; derivative {@code 1 + y^2}. */
public final class Tan extends Unary {
  /** The op. */
  public static final Tan OP = new Tan();

  private Tan() {
    super("tan");
  }

  @Override
  protected double value(double x) {
    return Math.tan(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return y.times(y).plus(1.0);
  }
}
