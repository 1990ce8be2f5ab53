package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;

/** Cosine; derivative {@code -sin x}. */
public final class Cos extends Unary {
  /** The op. */
  public static final Cos OP = new Cos();

  private Cos() {
    super("cos");
  }

  @Override
  protected double value(double x) {
    return Math.cos(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return neg(sin(x));
  }
}
