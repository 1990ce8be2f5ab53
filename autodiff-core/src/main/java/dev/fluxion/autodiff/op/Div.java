package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** Elementwise quotient {@code a / b}: {@code ∂/∂a = 1/b}, {@code ∂/∂b = -y/b}. */
public final class Div extends Binary {
  /** The op. */
  public static final Div OP = new Div();

  private Div() {
    super("div");
  }

  @Override
  public double scalar(double a, double b) {
    return a / b;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    return a.div(b);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? mul(xDot, reciprocal(b)) : mul(xDot, neg(y).div(b));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? mul(yBar, reciprocal(b)) : mul(yBar, neg(y).div(b));
  }
}
