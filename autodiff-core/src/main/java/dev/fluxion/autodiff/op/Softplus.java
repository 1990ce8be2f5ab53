package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;

/** Softplus {@code ln(1+e^x)}, overflow-free; derivative {@code sigmoid(x)}. */
public final class Softplus extends Unary {
  /** The op. */
  public static final Softplus OP = new Softplus();

  private Softplus() {
    super("softplus");
  }

  @Override
  protected double value(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return sigmoid(x);
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("softplus", Fx::softplus));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).monotone(this::value);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("softplus", TestDomain.REAL, Fx::softplus));
  }
}
