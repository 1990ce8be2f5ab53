package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import org.jspecify.annotations.Nullable;

/** Sign: -1, 0 or 1; piecewise constant, so its derivative is zero. */
public final class Sign extends Unary {
  /** The op. */
  public static final Sign OP = new Sign();

  private Sign() {
    super("sign");
  }

  @Override
  protected double value(double x) {
    return Math.signum(x);
  }

  @Override
  protected @Nullable Expr derivative(Expr x, Expr y) {
    return null;
  }

  @Override
  protected boolean isMask() {
    return true;
  }
}
