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

  @Override
  public Syntax syntax() {
    return Syntax.infix("^", "^", 4, Associativity.RIGHT, Fx::pow)
        .withSpellings(Spelling.binary("pow", Fx::pow));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).lo() > 0
        ? x.get(1).times(x.get(0).monotone(Math::log)).monotone(Math::exp) : Interval.UNKNOWN;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).lo() >= Interval.MARGIN && x.get(1).known() ? null
        : "needs a base >= " + Interval.MARGIN + " and a bounded exponent";
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.binary("pow", TestDomain.POSITIVE, TestDomain.BOUNDED, Fx::pow));
  }
}
