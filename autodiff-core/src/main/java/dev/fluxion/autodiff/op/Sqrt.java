package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Square root, domain {@code x >= 0}; derivative {@code 1/(2y)}. */
public final class Sqrt extends Unary {
  /** The op. */
  public static final Sqrt OP = new Sqrt();

  private Sqrt() {
    super("sqrt");
  }

  @Override
  protected double value(double x) {
    return Math.sqrt(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return reciprocal(y.times(2.0));
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("sqrt", Fx::sqrt)).withLabel("√");
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).lo() >= 0 ? x.get(0).monotone(this::value) : Interval.UNKNOWN;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAtLeast(Interval.MARGIN);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("sqrt", TestDomain.POSITIVE, Fx::sqrt));
  }
}
