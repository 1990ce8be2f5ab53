package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.op.Syntax.Associativity;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** Elementwise product {@code a * b}: {@code ∂/∂a = b}, {@code ∂/∂b = a}. */
public final class Mul extends Binary {
  /** The op. */
  public static final Mul OP = new Mul();

  private Mul() {
    super("mul");
  }

  @Override
  public double scalar(double a, double b) {
    return a * b;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    return a.times(b);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? mul(xDot, b) : mul(xDot, a);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? mul(yBar, b) : mul(yBar, a);
  }

  @Override
  public Syntax syntax() {
    return Syntax.infix("*", "×", 2, Associativity.ASSOCIATIVE, Fx::mul);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).times(x.get(1));
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.binary("mul", TestDomain.REAL, TestDomain.REAL, Fx::mul));
  }

  @Override
  public boolean commutative() {
    return true;
  }
}
