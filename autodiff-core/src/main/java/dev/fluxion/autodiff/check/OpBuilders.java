package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Ops;
import dev.fluxion.autodiff.op.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The standard op builders for random expressions: one per {@link Sample} of the registered ops
 * ({@link Ops#samples()}), in registry order, each keeping its arguments in the sample's test
 * domains by construction (checked again by {@link Intervals}):
 *
 * <ul>
 *   <li>{@code REAL}: as is;
 *   <li>{@code POSITIVE}: {@code softplus(a) + 0.5} (e.g. {@code log(softplus(a) + 0.5)});
 *   <li>{@code BOUNDED}: {@code tanh(a)} (e.g. {@code exp(tanh(a))});
 *   <li>{@code AWAY_FROM_ZERO}: {@code ±(softplus(a) + 0.1)} on a random side of the kink;
 *   <li>{@code ABOVE_FIRST}: {@code first + softplus(a) + 0.1} (e.g. {@code maximum(a, a + softplus(b) + 0.1)}).
 * </ul>
 *
 * <p>{@code where} takes a random constant mask (its condition is never a function of the
 * variables, so its discontinuity is never crossed). A reducing {@code max} has no sample: no
 * construction rules out ties (it is checked with distinct inputs in the op table instead).
 */
public final class OpBuilders {
  private static final List<OpBuilder> STANDARD = Ops.samples().stream().map(OpBuilders::builder).toList();

  private OpBuilders() {}

  /** {@return every standard builder} */
  public static List<OpBuilder> standard() {
    return STANDARD;
  }

  private static OpBuilder builder(Sample s) {
    return new OpBuilder(s.name(), s.arity(), s.weight(), (args, rng) -> {
      List<Expr> inDomain = new ArrayList<>(args.size());
      for (int i = 0; i < args.size(); i++) {
        inDomain.add(wrap(s.domains().get(i), args.get(i), args.get(0), rng));
      }
      return s.build().apply(inDomain, rng);
    });
  }

  private static Expr wrap(Sample.TestDomain d, Expr x, Expr first, SplittableRandom rng) {
    return switch (d) {
      case REAL -> x;
      case POSITIVE -> positive(x);
      case BOUNDED -> tanh(x);
      case AWAY_FROM_ZERO -> oneSide(x, rng);
      case ABOVE_FIRST -> first.plus(softplus(x).plus(0.1));
    };
  }

  /** {@code softplus(x) + 0.5 >= 0.5}. */
  private static Expr positive(Expr x) {
    return softplus(x).plus(0.5);
  }

  private static Expr oneSide(Expr x, SplittableRandom rng) {
    Expr p = softplus(x).plus(0.1);
    return rng.nextBoolean() ? p : neg(p);
  }
}
