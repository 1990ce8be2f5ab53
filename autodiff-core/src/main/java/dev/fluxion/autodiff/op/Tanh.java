package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;

/** Hyperbolic tangent; derivative {@code 1 - y^2}. */
public final class Tanh extends Unary {
  /** The op. */
  public static final Tanh OP = new Tanh();

  private Tanh() {
    super("tanh");
  }

  @Override
  protected double value(double x) {
    return Math.tanh(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return Fx.scalar(1.0).minus(y.times(y));
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("tanh", Fx::tanh));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).monotone(this::value);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("tanh", TestDomain.REAL, Fx::tanh));
  }
}
