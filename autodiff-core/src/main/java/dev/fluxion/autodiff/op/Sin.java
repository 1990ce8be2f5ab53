package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;

/** Sine; derivative {@code cos x}. */
public final class Sin extends Unary {
  /** The op. */
  public static final Sin OP = new Sin();

  private Sin() {
    super("sin");
  }

  @Override
  protected double value(double x) {
    return Math.sin(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return cos(x);
  }
}
