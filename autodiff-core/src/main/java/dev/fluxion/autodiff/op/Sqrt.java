package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;

/** Square root, domain {@code x >= 0}; derivative {@code 1/(2y)}. */
public final class Sqrt extends Unary {
  /** The op. */
  public static final Sqrt OP = new Sqrt();

  private Sqrt() {
    super("sqrt");
  }

  @Override
  protected double value(double x) {
    return Math.sqrt(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return reciprocal(y.times(2.0));
  }
}
