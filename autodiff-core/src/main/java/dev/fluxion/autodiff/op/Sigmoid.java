package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.internal.Scalars;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/** Logistic sigmoid {@code 1/(1+e^-x)}, overflow-free; derivative {@code y(1-y)}. */
public final class Sigmoid extends Unary {
  /** The op. */
  public static final Sigmoid OP = new Sigmoid();

  private Sigmoid() {
    super("sigmoid");
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).sigmoid();
  }

  @Override
  protected double value(double x) {
    return Scalars.sigmoid(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return y.times(Fx.scalar(1.0).minus(y));
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("sigmoid", Fx::sigmoid));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return Interval.UNIT;
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("sigmoid", TestDomain.REAL, Fx::sigmoid));
  }
}
