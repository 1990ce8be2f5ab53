package dev.fluxion.examples;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Unary;

/**
 * A user-defined elementwise op with a deliberately wrong rule, for the {@code gradcheck}
 * example: its value is softplus {@code ln(1 + e^x)}, but its stated derivative is
 * {@code 1.01 · sigmoid(x)} instead of {@code sigmoid(x)}, a 1% error.
 *
 * <p>Extending {@link Unary} is all a custom elementwise op needs: the scalar kernel and the
 * local derivative; both AD rules follow from it. Forward and reverse mode therefore agree with
 * each other (the adjoint identity holds), and only finite differences expose the error.
 */
final class MySoftplus extends Unary {
  /** The op. */
  static final MySoftplus OP = new MySoftplus();

  private MySoftplus() {
    super("mySoftplus");
  }

  /** {@code mySoftplus(x)}, elementwise. */
  static Expr mySoftplus(Expr x) {
    return Fx.apply(OP, x);
  }

  @Override
  protected double value(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return Fx.sigmoid(x).times(1.01);
  }
}
