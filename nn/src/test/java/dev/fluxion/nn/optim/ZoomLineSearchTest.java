package dev.fluxion.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FullBatchProblems.Vec;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ZoomLineSearchTest {
  private static final double C1 = 1e-4;

  /** Searches f from x = 0 along d = +1 with curvature constant c2 and first trial a0. */
  private static ZoomLineSearch.Result search(Function<Vec, Expr> f, double c2, double a0) {
    Vec start = new Vec(Fx.constant(Tensor.vector(0.0)));
    Objective<Vec> objective = Objective.of(f, start);
    Objective.FlatValue at0 = objective.evaluate(new double[] {0});
    return new ZoomLineSearch(C1, c2, 20).search(objective, new double[] {0}, at0.value(),
        at0.gradient().toArray(), new double[] {1}, a0);
  }

  /** Both strong Wolfe conditions for the accepted step. */
  private static void assertWolfe(ZoomLineSearch.Result r, double f0, double slope0, double c2) {
    assertTrue(r.wolfe(), "wolfe");
    double a = r.stepSize();
    assertTrue(r.at().value() <= f0 + C1 * a * slope0, "sufficient decrease at a = " + a);
    assertTrue(Math.abs(r.at().gradient().get(0)) <= c2 * Math.abs(slope0), "curvature at a = " + a);
  }

  @Nested
  class Quadratic {
    private final Function<Vec, Expr> f = v -> Fx.sum(Fx.square(v.x().minus(3)));

    @Test
    void shouldAcceptTheFirstStepWhenItSatisfiesBothConditions() {
      ZoomLineSearch.Result r = search(f, 0.9, 1);
      assertEquals(1, r.stepSize());
      assertEquals(1, r.evaluations());
      assertWolfe(r, 9, -6, 0.9);
    }

    @Test
    void shouldGrowThenZoomToTheMinimizerForATightCurvatureCondition() {
      ZoomLineSearch.Result r = search(f, 0.1, 1);
      assertWolfe(r, 9, -6, 0.1);
      assertEquals(3, r.stepSize(), 1e-9, "cubic interpolation is exact on a quadratic");
      assertEquals(3, r.x()[0], 1e-9);
    }
  }

  @Nested
  class NonFinite {
    @Test
    void shouldTreatANonFiniteTrialAsTooFar() {
      // -log(3.5 - x) + (x - 3)^2 is NaN beyond x = 3.5; the first trial x = 10 is.
      Function<Vec, Expr> f = v -> Fx.sum(Fx.square(v.x().minus(3)).minus(Fx.log(v.x().unaryMinus().plus(3.5))));
      Vec start = new Vec(Fx.constant(Tensor.vector(0.0)));
      Objective.FlatValue at0 = Objective.of(f, start).evaluate(new double[] {0});
      ZoomLineSearch.Result r = search(f, 0.9, 10);
      assertWolfe(r, at0.value(), at0.gradient().get(0), 0.9);
      assertTrue(r.x()[0] < 3.5, "x = " + r.x()[0]);
      assertTrue(r.evaluations() > 1);
    }

    @Test
    void shouldReportNoDecreaseWhenEveryTrialIsNonFinite() {
      Function<Vec, Expr> f = v -> Fx.sum(Fx.square(v.x().minus(3)).minus(Fx.log(v.x().unaryMinus().plus(1e-12))));
      ZoomLineSearch.Result r = search(f, 0.9, 1);
      assertFalse(r.decreased());
      assertFalse(r.wolfe());
      assertEquals(0, r.stepSize());
      assertEquals(20, r.evaluations());
    }
  }
}
