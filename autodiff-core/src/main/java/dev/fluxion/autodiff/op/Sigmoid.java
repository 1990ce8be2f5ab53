package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;

/** Logistic sigmoid {@code 1/(1+e^-x)}, overflow-free; derivative {@code y(1-y)}. */
public final class Sigmoid extends Unary {
  /** The op. */
  public static final Sigmoid OP = new Sigmoid();

  private Sigmoid() {
    super("sigmoid");
  }

  @Override
  protected double value(double x) {
    return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return y.times(Fx.scalar(1.0).minus(y));
  }
}
