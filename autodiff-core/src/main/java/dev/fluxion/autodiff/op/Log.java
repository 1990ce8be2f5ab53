package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;

/** Natural logarithm, domain {@code x > 0}; derivative {@code 1/x}. */
public final class Log extends Unary {
  /** The op. */
  public static final Log OP = new Log();

  private Log() {
    super("log");
  }

  @Override
  protected double value(double x) {
    return Math.log(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return reciprocal(x);
  }
}
