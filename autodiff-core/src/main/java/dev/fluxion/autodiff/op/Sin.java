package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;

/** Sine; derivative {@code cos x}. */
public final class Sin extends Unary {
  /** The op. */
  public static final Sin OP = new Sin();

  private Sin() {
    super("sin");
  }

  @Override
  protected double value(double x) {
    return Math.sin(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return cos(x);
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("sin", Fx::sin));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.SYMMETRIC_UNIT;
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("sin", TestDomain.REAL, Fx::sin));
  }
}
