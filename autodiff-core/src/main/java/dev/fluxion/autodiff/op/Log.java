package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Natural logarithm, domain {@code x > 0}; derivative {@code 1/x}. */
public final class Log extends Unary {
  /** The op. */
  public static final Log OP = new Log();

  private Log() {
    super("log");
  }

  @Override
  protected double value(double x) {
    return Math.log(x);
  }

  @Override
  protected Expr derivative(Expr x, Expr y) {
    return reciprocal(x);
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary("ln", Fx::log), Spelling.unary("log", Fx::log)).withMathSymbol("ln");
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).lo() > 0 ? x.get(0).monotone(this::value) : Interval.UNKNOWN;
  }

  @Override
  public @Nullable String unsafe(Apply node, List<Interval> x) {
    return x.get(0).whyNotAtLeast(Interval.MARGIN);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("log", TestDomain.POSITIVE, Fx::log));
  }
}
