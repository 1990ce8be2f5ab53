package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;

/** Cosine; derivative {@code -sin x}. */
public final class Cos extends Unary {
  /** The op. */
  public static final Cos OP = new Cos();

  private Cos() {
    super("cos");
  }

  @Override
  protected double value(double x) {
    return Math.cos(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return neg(sin(x));
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("cos", Fx::cos));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.SYMMETRIC_UNIT;
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("cos", TestDomain.REAL, Fx::cos));
  }
}
