package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.op.Syntax.Associativity;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** Sum {@code a + b}; linear in each argument. */
public final class Add extends Binary {
  /** The op. */
  public static final Add OP = new Add();

  private Add() {
    super("add");
  }

  @Override
  public double scalar(double a, double b) {
    return a + b;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    return a.plus(b);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0 ? xDot : xDot;
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0 ? yBar : yBar;
  }

  @Override
  public Syntax syntax() {
    return Syntax.infix("+", "+", 1, Associativity.ASSOCIATIVE, Fx::add);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).plus(x.get(1));
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.binary("add", TestDomain.REAL, TestDomain.REAL, Fx::add));
  }

  @Override
  public boolean commutative() {
    return true;
  }
}
