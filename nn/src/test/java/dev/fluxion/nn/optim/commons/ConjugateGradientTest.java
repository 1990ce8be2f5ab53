package dev.fluxion.nn.optim.commons;

import static dev.fluxion.nn.optim.FullBatchProblems.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FullBatchProblems;
import dev.fluxion.nn.optim.FullBatchProblems.Point;
import dev.fluxion.nn.optim.FullBatchProblems.Vec;
import dev.fluxion.nn.optim.Minimum;
import dev.fluxion.nn.optim.Objective;
import dev.fluxion.nn.optim.StopReason;
import dev.fluxion.nn.tree.Trees;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConjugateGradientTest {
  @Nested
  class Rosenbrock {
    @Test
    void shouldConvergeWithPolakRibiere() {
      Minimum<Point> m = ConjugateGradient.minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart());
      assertTrue(m.converged(), "stopped: " + m);
      assertEquals(1, item(m.params().x()), 1e-6);
      assertEquals(1, item(m.params().y()), 1e-6);
    }

    @Test
    void shouldConvergeWithFletcherReevesOnNamedVariables() {
      Expr x = Fx.variable("x");
      Expr y = Fx.variable("y");
      Expr f = FullBatchProblems.rosenbrock(new Point(x, y));
      Map<String, Tensor> start = new LinkedHashMap<>();
      start.put("x", Tensor.scalar(-1.2));
      start.put("y", Tensor.scalar(1.0));
      Minimum<Map<String, Expr>> m = ConjugateGradient.minimize(f, start, Formula.FLETCHER_REEVES);
      assertTrue(m.converged(), "stopped: " + m);
      assertEquals(1, item(m.params().get("x")), 1e-6);
      assertEquals(1, item(m.params().get("y")), 1e-6);
    }

    @Test
    void shouldGiveTheSameBitsTwice() {
      Minimum<Vec> a = ConjugateGradient.minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(4));
      Minimum<Vec> b = ConjugateGradient.minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(4));
      assertEquals(Trees.tensors(a.params()), Trees.tensors(b.params()));
      assertEquals(a.evaluations(), b.evaluations());
    }

    @Test
    void shouldReturnTheBestPointWhenTheBudgetRunsOut() {
      Point start = FullBatchProblems.rosenbrockStart();
      Minimum<Point> m = ConjugateGradient.minimize(Objective.of(FullBatchProblems::rosenbrock, start), start,
          Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-14, 1e-20), 30);
      assertEquals(StopReason.MAX_ITERATIONS, m.reason());
      assertFalse(m.converged());
      assertTrue(m.value() < 24.2, "the best point is below the start: " + m.value());
      assertEquals(m.value(), Trees.value(FullBatchProblems.rosenbrock(m.params())).item(), 1e-12);
    }
  }

  @Nested
  class BadInput {
    @Test
    void shouldRejectANaNStart() {
      Point nan = new Point(Fx.scalar(1), Fx.scalar(Double.NaN));
      var e = assertThrows(IllegalArgumentException.class,
          () -> ConjugateGradient.minimize(FullBatchProblems::rosenbrock, nan));
      assertTrue(e.getMessage().contains("start") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void shouldRejectANonScalarLoss() {
      Function<Vec, Expr> loss = v -> Fx.square(v.x());
      var e = assertThrows(IllegalArgumentException.class,
          () -> ConjugateGradient.minimize(loss, FullBatchProblems.rosenbrockStart(3)));
      assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void shouldRejectAVariableMissingFromTheStart() {
      Expr f = Fx.square(Fx.variable("x")).plus(Fx.variable("z"));
      var e = assertThrows(IllegalArgumentException.class,
          () -> ConjugateGradient.minimize(f, Map.of("x", Tensor.scalar(1)), Formula.POLAK_RIBIERE));
      assertTrue(e.getMessage().contains("z"), e.getMessage());
    }

    @Test
    void shouldRejectAStartOfAnotherShape() {
      Expr f = Fx.sum(Fx.square(Fx.variable("x", 2)));
      var e = assertThrows(IllegalArgumentException.class,
          () -> ConjugateGradient.minimize(f, Map.of("x", Tensor.vector(1, 2, 3)), Formula.POLAK_RIBIERE));
      assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    }
  }
}
