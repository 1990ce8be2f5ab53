package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.op.Syntax.Associativity;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

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

  @Override
  public Syntax syntax() {
    return Syntax.infix("/", "/", 2, Associativity.LEFT, Fx::div).withLabel("÷");
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(1).excludesZero()
        ? x.get(0).times(Interval.of(1 / x.get(1).hi(), 1 / x.get(1).lo())) : Interval.UNKNOWN;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(1).excludesZero() && x.get(0).known() ? null
        : "needs a divisor outside (-" + Interval.MARGIN + ", " + Interval.MARGIN + ")";
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.binary("div", TestDomain.REAL, TestDomain.POSITIVE, Fx::div));
  }
}
