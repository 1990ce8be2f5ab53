package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code ln(1 + x)}, domain {@code x > -1}, accurate for tiny {@code x} ({@code log1p(1e-17) =
 * 1e-17} where {@code log(1 + x)} gives 0); derivative {@code 1/(1 + x)}.
 */
public final class Log1p extends Unary {
  /** The op. */
  public static final Log1p OP = new Log1p();

  private Log1p() {
    super("log1p");
  }

  @Override
  protected double value(double x) {
    return Math.log1p(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return reciprocal(x.plus(1.0));
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("log1p", Fx::log1p));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).lo() > -1 ? x.get(0).monotone(this::value) : Interval.UNKNOWN;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAtLeast(-1 + Interval.MARGIN);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("log1p", TestDomain.POSITIVE, Fx::log1p));
  }
}
