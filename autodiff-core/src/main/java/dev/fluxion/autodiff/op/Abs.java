package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;

/** Absolute value; derivative {@code sign(x)}, with {@code |x|'(0) = 0} by convention. */
public final class Abs extends Unary {
  /** The op. */
  public static final Abs OP = new Abs();

  private Abs() {
    super("abs");
  }

  @Override
  protected double value(double x) {
    return Math.abs(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return sign(x);
  }

  @Override
  protected boolean isMask() {
    return true;
  }

  @Override
  protected Expr cutOff(Expr x) {
    return eq(x, zeros(x.shape()));
  }
}
