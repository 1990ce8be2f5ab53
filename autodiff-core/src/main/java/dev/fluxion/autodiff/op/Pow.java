package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** Power {@code a^b}: {@code ∂/∂a = b a^(b-1)}; {@code ∂/∂b = y ln a} (domain {@code a > 0} for that one). */
public final class Pow extends Binary {
  /** The op. */
  public static final Pow OP = new Pow();

  private Pow() {
    super("pow");
  }

  @Override
  public double scalar(double a, double b) {
    return Math.pow(a, b);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    return a.pow(b);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? mul(xDot, b.times(pow(a, b.minus(1.0)))) : mul(xDot, y.times(log(a)));
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? mul(yBar, b.times(pow(a, b.minus(1.0)))) : mul(yBar, y.times(log(a)));
  }
}
