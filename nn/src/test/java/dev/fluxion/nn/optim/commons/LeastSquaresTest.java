package dev.fluxion.nn.optim.commons;

import static dev.fluxion.nn.optim.FullBatchProblems.item;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FlatParams;
import dev.fluxion.nn.optim.FullBatchProblems;
import dev.fluxion.nn.optim.FullBatchProblems.Decay;
import dev.fluxion.nn.optim.Lbfgs;
import dev.fluxion.nn.optim.MinimizeOptions;
import dev.fluxion.nn.optim.Minimum;
import dev.fluxion.nn.optim.StopReason;
import dev.fluxion.nn.tree.Trees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeastSquaresTest {
  @Nested
  class ExponentialFit {
    @Test
    void shouldRecoverTheKnownParametersAndTheClosedFormLinearPart() {
      Minimum<Decay> m = LeastSquares.levenbergMarquardt(FullBatchProblems::residuals, FullBatchProblems.decayStart());
      assertTrue(m.converged(), "stopped: " + m);
      assertEquals(FullBatchProblems.A, item(m.params().a()), 0.03);
      assertEquals(FullBatchProblems.B, item(m.params().b()), 0.03);
      assertEquals(FullBatchProblems.C, item(m.params().c()), 0.03);
      double[] ac = FullBatchProblems.linearPartAt(item(m.params().b()));
      assertEquals(ac[0], item(m.params().a()), 1e-8, "a is the closed-form least-squares a at the fitted b");
      assertEquals(ac[1], item(m.params().c()), 1e-8, "c is the closed-form least-squares c at the fitted b");
      assertTrue(m.gradientNorm() < 1e-8, "J'r = " + m.gradientNorm());
    }

    @Test
    void shouldAgreeWithLbfgsOnTheSameLoss() {
      Minimum<Decay> lm = LeastSquares.levenbergMarquardt(FullBatchProblems::residuals, FullBatchProblems.decayStart());
      Minimum<Decay> lbfgs = Lbfgs.of().minimize(FullBatchProblems::leastSquares, FullBatchProblems.decayStart(),
          MinimizeOptions.defaults());
      assertEquals(lm.value(), lbfgs.value(), 1e-12);
      assertEquals(item(lm.params().a()), item(lbfgs.params().a()), 1e-6);
      assertEquals(item(lm.params().b()), item(lbfgs.params().b()), 1e-6);
      assertEquals(item(lm.params().c()), item(lbfgs.params().c()), 1e-6);
      assertTrue(lm.iterations() < lbfgs.iterations(), "LM " + lm.iterations() + ", L-BFGS " + lbfgs.iterations());
    }

    @Test
    void shouldFitNamedVariablesOfAnExpression() {
      Expr r = FullBatchProblems.residuals(new Decay(Fx.variable("a"), Fx.variable("b"), Fx.variable("c")));
      Map<String, Tensor> start = new LinkedHashMap<>();
      start.put("a", Tensor.scalar(1));
      start.put("b", Tensor.scalar(0.5));
      start.put("c", Tensor.scalar(0));
      Minimum<Map<String, Expr>> named = LeastSquares.levenbergMarquardt(r, start);
      Minimum<Decay> record = LeastSquares.levenbergMarquardt(FullBatchProblems::residuals, FullBatchProblems.decayStart());
      assertEquals(item(record.params().b()), item(named.params().get("b")));
      assertEquals(List.of("a", "b", "c"), List.copyOf(named.params().keySet()));
    }

    @Test
    void shouldGiveTheSameBitsTwice() {
      Minimum<Decay> a = LeastSquares.levenbergMarquardt(FullBatchProblems::residuals, FullBatchProblems.decayStart());
      Minimum<Decay> b = LeastSquares.levenbergMarquardt(FullBatchProblems::residuals, FullBatchProblems.decayStart());
      assertEquals(Trees.tensors(a.params()), Trees.tensors(b.params()));
    }

    @Test
    void shouldStopAtTheEvaluationLimitAndSaySo() {
      Minimum<Decay> m = LeastSquares.levenbergMarquardt(FullBatchProblems::residuals, FullBatchProblems.decayStart(),
          new LevenbergMarquardtOptimizer(), 2);
      assertEquals(StopReason.MAX_ITERATIONS, m.reason());
    }
  }

  @Nested
  class Jacobian {
    @Test
    void shouldEqualJacrevInBothModes() {
      Decay at = new Decay(Fx.scalar(2), Fx.scalar(0.7), Fx.scalar(-0.3));
      FlatParams<Decay> layout = FlatParams.of(at);
      List<Var> leaves = layout.variables("");
      List<String> names = leaves.stream().map(Var::name).toList();
      Expr r = FullBatchProblems.residuals(layout.def().unflatten(leaves));
      Bindings b = Bindings.of("a", 2).with("b", 0.7).with("c", -0.3);
      double[] x = layout.toArray(at);
      for (CompiledResiduals.Mode mode : CompiledResiduals.Mode.values()) {
        double[][] jac = new CompiledResiduals<>(layout, leaves, r, mode).jacobian(x);
        for (int k = 0; k < 3; k++) {
          double[] column = AD.jacrev(r, b, names.get(k)).toArray();
          for (int i = 0; i < column.length; i++) {
            assertEquals(column[i], jac[i][k], 1e-12, mode + " J[" + i + "][" + k + "]");
          }
        }
      }
    }

    @Test
    void shouldPickForwardModeForTallJacobians() {
      assertEquals(CompiledResiduals.Mode.FORWARD, CompiledResiduals.cheapest(40, 3));
      assertEquals(CompiledResiduals.Mode.REVERSE, CompiledResiduals.cheapest(3, 40));
    }
  }

  @Nested
  class BadInput {
    @Test
    void shouldRejectNonFiniteResidualsAtTheStart() {
      Decay nan = new Decay(Fx.scalar(Double.NaN), Fx.scalar(1), Fx.scalar(0));
      var e = assertThrows(IllegalArgumentException.class,
          () -> LeastSquares.levenbergMarquardt(FullBatchProblems::residuals, nan));
      assertTrue(e.getMessage().contains("residual 0 is NaN"), e.getMessage());
    }

    @Test
    void shouldRejectResidualsThatDependOnNoParameter() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> LeastSquares.levenbergMarquardt((Decay d) -> Fx.constant(Tensor.vector(1, 2)),
              FullBatchProblems.decayStart()));
      assertTrue(e.getMessage().contains("no parameter"), e.getMessage());
    }

    @Test
    void shouldRejectEmptyParameters() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> LeastSquares.levenbergMarquardt(Fx.variable("x", 2), Map.of()));
      assertTrue(e.getMessage().contains("no leaves"), e.getMessage());
    }

    @Test
    void shouldRejectAStartOfAnotherShape() {
      Expr r = Fx.variable("x", 2).minus(Fx.constant(Tensor.vector(1, 2)));
      var e = assertThrows(IllegalArgumentException.class,
          () -> LeastSquares.levenbergMarquardt(r, Map.of("x", Tensor.vector(0, 0, 0))));
      assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void shouldCopyTheStartRatherThanAliasIt() {
      double[] data = {0, 0};
      Tensor start = Tensor.vector(data);
      Expr r = Fx.variable("x", 2).minus(Fx.constant(Tensor.vector(1, 2)));
      Minimum<Map<String, Expr>> m = LeastSquares.levenbergMarquardt(r, Map.of("x", start));
      assertArrayEquals(new double[] {1, 2}, Trees.value(m.params().get("x")).toArray(), 1e-12);
      assertArrayEquals(new double[] {0, 0}, start.toArray());
    }
  }
}
