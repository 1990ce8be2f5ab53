package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Tangent; derivative {@code 1 + y^2}. */
public final class Tan extends Unary {
  /** The op. */
  public static final Tan OP = new Tan();

  private Tan() {
    super("tan");
  }

  @Override
  protected double value(double x) {
    return Math.tan(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return y.times(y).plus(1.0);
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("tan", Fx::tan));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).magnitude() < Math.PI / 2 ? x.get(0).monotone(this::value) : Interval.UNKNOWN;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).magnitude() <= 1.3 ? null : "needs an argument within ±1.3";
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("tan", TestDomain.BOUNDED, Fx::tan));
  }
}
