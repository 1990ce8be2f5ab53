package dev.fluxion.nn.optim;

import static dev.fluxion.nn.optim.FullBatchProblems.item;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FullBatchProblems.Decay;
import dev.fluxion.nn.optim.FullBatchProblems.Point;
import dev.fluxion.nn.optim.FullBatchProblems.Vec;
import dev.fluxion.nn.tree.TreeGrad;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LbfgsTest {
  @Nested
  class Rosenbrock {
    @Test
    void shouldReachTheMinimumOfTheTwoDimensionalFunctionInUnderOneHundredIterations() {
      Minimum<Point> m = Lbfgs.of().minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(),
          MinimizeOptions.defaults());
      assertTrue(m.converged(), "stopped: " + m.reason());
      assertEquals(1, item(m.params().x()), 1e-6);
      assertEquals(1, item(m.params().y()), 1e-6);
      assertTrue(m.iterations() < 100, "iterations " + m.iterations());
      assertTrue(m.value() < 1e-12, "value " + m.value());
    }

    @Test
    void shouldReachTheMinimumOfTheTwentyDimensionalChainedFunction() {
      Minimum<Vec> m = Lbfgs.of().minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(20),
          MinimizeOptions.defaults());
      assertTrue(m.converged(), "stopped: " + m.reason());
      double[] x = Trees.value(m.params().x()).toArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(1, x[i], 1e-6, "x[" + i + "]");
      }
      assertTrue(m.iterations() < 200, "iterations " + m.iterations());
    }

    @Test
    void shouldMinimizeAnExpressionOverNamedVariablesLikeTheRecord() {
      Expr f = FullBatchProblems.rosenbrock(new Point(Fx.variable("x"), Fx.variable("y")));
      Minimum<Map<String, Expr>> named = Lbfgs.of().minimize(f,
          Map.of("x", Tensor.scalar(-1.2), "y", Tensor.scalar(1.0)), MinimizeOptions.defaults());
      Minimum<Point> record = Lbfgs.of().minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(),
          MinimizeOptions.defaults());
      assertEquals(item(record.params().x()), item(named.params().get("x")));
      assertEquals(item(record.params().y()), item(named.params().get("y")));
      assertEquals(record.iterations(), named.iterations());
    }

    @Test
    void shouldGiveTheSameBitsTwice() {
      Minimum<Vec> a = Lbfgs.of().minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(6),
          MinimizeOptions.defaults());
      Minimum<Vec> b = Lbfgs.of().minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(6),
          MinimizeOptions.defaults());
      assertEquals(Trees.tensors(a.params()), Trees.tensors(b.params()));
      assertEquals(a.iterations(), b.iterations());
      assertEquals(a.evaluations(), b.evaluations());
    }

    @Test
    void shouldStopAtTheIterationLimitAndSaySo() {
      Minimum<Point> m = Lbfgs.of().minimize(FullBatchProblems::rosenbrock, FullBatchProblems.rosenbrockStart(),
          MinimizeOptions.defaults().withMaxIterations(5));
      assertEquals(StopReason.MAX_ITERATIONS, m.reason());
      assertFalse(m.converged());
      assertEquals(5, m.iterations());
      assertTrue(m.value() < 24.2, "the loss decreased from 24.2: " + m.value());
    }
  }

  @Nested
  class PureUpdate {
    @Test
    void shouldMatchMinimizeBitForBitWhenLoopedByHand() {
      Lbfgs lbfgs = Lbfgs.of(5);
      Point params = FullBatchProblems.rosenbrockStart();
      var objective = Objective.of(FullBatchProblems::rosenbrock, params);
      TreeGrad.Result<Point> vg = objective.valueAndGrad(params);
      Point grads = vg.grads();
      double value = vg.value().item();
      LbfgsState state = lbfgs.init(params);
      for (int i = 0; i < 12; i++) {
        var u = lbfgs.update(grads, state, params, value, objective);
        params = Optimizers.applyUpdates(params, u.updates());
        state = u.state();
        value = state.loss();
        grads = state.grads(objective.layout());
      }
      Minimum<Point> m = lbfgs.minimize(objective, FullBatchProblems.rosenbrockStart(),
          MinimizeOptions.defaults().withMaxIterations(12));
      assertEquals(Trees.tensors(m.params()), Trees.tensors(params));
      assertEquals(m.value(), value);
      assertEquals(12, state.steps());
      assertEquals(5, state.storedPairs());
    }

    @Test
    void shouldReturnAStateWhoseValueAndGradientAreThoseOfTheNewParameters() {
      Lbfgs lbfgs = Lbfgs.of();
      Point params = FullBatchProblems.rosenbrockStart();
      var objective = Objective.of(FullBatchProblems::rosenbrock, params);
      var vg = objective.valueAndGrad(params);
      var u = lbfgs.update(vg.grads(), lbfgs.init(params), params, vg.value().item(), objective);
      Point next = Optimizers.applyUpdates(params, u.updates());
      var direct = TreeGrad.valueAndGrad(FullBatchProblems::rosenbrock, next);
      assertEquals(direct.value().item(), u.state().loss(), 1e-12);
      assertEquals(item(direct.grads().x()), item(u.state().grads(objective.layout()).x()), 1e-9);
      assertTrue(u.state().lineSearch().wolfe(), "strong Wolfe conditions hold: " + u.state().lineSearch());
      assertTrue(u.state().loss() < vg.value().item());
    }

    @Test
    void shouldResumeFromACheckpointOfItsStateBitForBit() {
      Lbfgs lbfgs = Lbfgs.of(3);
      Vec start = FullBatchProblems.rosenbrockStart(4);
      var objective = Objective.of(FullBatchProblems::rosenbrock, start);
      Run whole = run(lbfgs, objective, start, lbfgs.init(start), 10);
      Run half = run(lbfgs, objective, start, lbfgs.init(start), 5);
      LbfgsState restored = Trees.fromTensors(lbfgs.init(start), Trees.tensors(half.state()));
      assertEquals(5, restored.steps());
      assertEquals(3, restored.storedPairs());
      Run resumed = run(lbfgs, objective, half.params(), restored, 5);
      assertEquals(Trees.tensors(whole.params()), Trees.tensors(resumed.params()));
      assertEquals(Trees.tensors(whole.state()), Trees.tensors(resumed.state()));
    }

    @Test
    void shouldRejectGradientsOfAnotherShape() {
      Lbfgs lbfgs = Lbfgs.of();
      Vec params = FullBatchProblems.rosenbrockStart(4);
      var objective = Objective.of(FullBatchProblems::rosenbrock, params);
      Vec wrong = new Vec(Fx.constant(Tensor.vector(1, 2, 3)));
      var e = assertThrows(IllegalArgumentException.class,
          () -> lbfgs.update(wrong, lbfgs.init(params), params, 1.0, objective));
      assertTrue(e.getMessage().contains("x") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void shouldRejectANonFiniteValue() {
      Lbfgs lbfgs = Lbfgs.of();
      Point params = FullBatchProblems.rosenbrockStart();
      var objective = Objective.of(FullBatchProblems::rosenbrock, params);
      var e = assertThrows(IllegalArgumentException.class,
          () -> lbfgs.update(params, lbfgs.init(params), params, Double.NaN, objective));
      assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
  }

  /** Parameters and state after a hand-written loop. */
  private record Run(Vec params, LbfgsState state) {}

  private static Run run(Lbfgs lbfgs, Objective<Vec> objective, Vec params, LbfgsState state, int steps) {
    for (int i = 0; i < steps; i++) {
      var vg = objective.valueAndGrad(params);
      var u = lbfgs.update(vg.grads(), state, params, vg.value().item(), objective);
      params = Optimizers.applyUpdates(params, u.updates());
      state = u.state();
    }
    return new Run(params, state);
  }

  @Nested
  class ExponentialFit {
    @Test
    void shouldRecoverTheParametersOfTheSyntheticDecay() {
      Minimum<Decay> m = Lbfgs.of().minimize(FullBatchProblems::leastSquares, FullBatchProblems.decayStart(),
          MinimizeOptions.defaults());
      assertTrue(m.converged(), "stopped: " + m);
      assertEquals(FullBatchProblems.A, item(m.params().a()), 0.03);
      assertEquals(FullBatchProblems.B, item(m.params().b()), 0.03);
      assertEquals(FullBatchProblems.C, item(m.params().c()), 0.03);
      double[] ac = FullBatchProblems.linearPartAt(item(m.params().b()));
      assertEquals(ac[0], item(m.params().a()), 1e-7, "a is the closed-form least-squares a at the fitted b");
      assertEquals(ac[1], item(m.params().c()), 1e-7, "c is the closed-form least-squares c at the fitted b");
    }
  }

  @Nested
  class BadInput {
    @Test
    void shouldRejectParametersWithoutLeaves() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Lbfgs.of().minimize((List<Expr> p) -> Fx.scalar(0), List.of(), MinimizeOptions.defaults()));
      assertTrue(e.getMessage().contains("no leaves"), e.getMessage());
    }

    @Test
    void shouldRejectANonScalarLoss() {
      Function<Vec, Expr> loss = v -> v.x().times(2);
      var e = assertThrows(IllegalArgumentException.class,
          () -> Lbfgs.of().minimize(loss, FullBatchProblems.rosenbrockStart(4), MinimizeOptions.defaults()));
      assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void shouldRejectANaNStart() {
      Point nan = new Point(Fx.scalar(Double.NaN), Fx.scalar(1));
      var e = assertThrows(IllegalArgumentException.class,
          () -> Lbfgs.of().minimize(FullBatchProblems::rosenbrock, nan, MinimizeOptions.defaults()));
      assertTrue(e.getMessage().contains("start") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void shouldNameTheLeafWhoseGradientIsNotFinite() {
      Function<Vec, Expr> loss = v -> Fx.sum(Fx.sqrt(v.x()));
      var e = assertThrows(IllegalArgumentException.class,
          () -> Lbfgs.of().minimize(loss, new Vec(Fx.constant(Tensor.vector(1, 0))), MinimizeOptions.defaults()));
      assertTrue(e.getMessage().contains("gradient at x[1] is Infinity"), e.getMessage());
    }

    @Test
    void shouldRejectAStateFromAnotherProblem() {
      Lbfgs lbfgs = Lbfgs.of();
      Vec small = FullBatchProblems.rosenbrockStart(2);
      var smallObjective = Objective.of(FullBatchProblems::rosenbrock, small);
      var vg = smallObjective.valueAndGrad(small);
      LbfgsState used = lbfgs.update(vg.grads(), lbfgs.init(small), small, vg.value().item(), smallObjective).state();
      Vec large = FullBatchProblems.rosenbrockStart(4);
      var objective = Objective.of(FullBatchProblems::rosenbrock, large);
      var lg = objective.valueAndGrad(large);
      var e = assertThrows(IllegalArgumentException.class,
          () -> lbfgs.update(lg.grads(), used, large, lg.value().item(), objective));
      assertTrue(e.getMessage().contains("length 2") && e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void shouldRejectBadSettings() {
      assertThrows(IllegalArgumentException.class, () -> Lbfgs.of(0));
      assertThrows(IllegalArgumentException.class, () -> Lbfgs.of().withLineSearch(0.9, 0.1, 20));
      assertThrows(IllegalArgumentException.class, () -> MinimizeOptions.defaults().withMaxIterations(0));
      assertThrows(IllegalArgumentException.class, () -> MinimizeOptions.defaults().withGradientTolerance(-1));
    }

    @Test
    void shouldReportALineSearchThatFindsNoFiniteDecrease() {
      // A log barrier 1e-12 left of the start x = 2: every step the search can try leaves its domain (NaN).
      Function<Vec, Expr> loss = v -> Fx.sum(Fx.square(v.x())).plus(Fx.sum(Fx.log(v.x().minus(2 - 1e-12))));
      Minimum<Vec> m = Lbfgs.of().minimize(loss, new Vec(Fx.constant(Tensor.vector(2.0))), MinimizeOptions.defaults());
      assertEquals(StopReason.LINE_SEARCH_FAILED, m.reason(), m.toString());
      assertFalse(m.converged());
      assertArrayEquals(new double[] {2.0}, Trees.value(m.params().x()).toArray(), "the start is returned unchanged");
      assertEquals(0, m.iterations());
      assertEquals(21, m.evaluations());
    }
  }
}
