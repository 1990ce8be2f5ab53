package dev.fluxion.nn.optim;

import static dev.fluxion.nn.optim.Fixtures.GRADS;
import static dev.fluxion.nn.optim.Fixtures.THETA0;
import static dev.fluxion.nn.optim.Fixtures.assertParams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.Fixtures.Params;
import dev.fluxion.nn.optim.OptimizerState.AdamState;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.OptimizerState.CountState;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TransformationsTest {
  private static final Params G1 = GRADS.get(0);

  private static <S> Params updates(GradientTransformation<S> t, Params grads) {
    return t.update(grads, t.init(THETA0), THETA0).updates();
  }

  @Nested
  class Stateless {
    @Test
    void shouldReturnTheGradientsUnchangedFromIdentity() {
      assertSame(G1, updates(Transformations.identity(), G1));
    }

    @Test
    void shouldScale() {
      // -2 g1 = [-1, 2, -4]
      assertParams(updates(Transformations.scale(-2), G1), -1, 2, -4, 0);
    }

    @Test
    void shouldClipEachElement() {
      // g1 = [0.5, -1, 2] clipped to [-0.75, 0.75]
      assertParams(updates(Transformations.clipByValue(0.75), G1), 0.5, -0.75, 0.75, 0);
    }

    @Test
    void shouldRescaleOnlyWhenTheGlobalNormIsTooLarge() {
      // |g1| = sqrt(0.25 + 1 + 4) = sqrt(5.25); clipped to norm 1: g1 / sqrt(5.25)
      double n = Math.sqrt(5.25);
      assertParams(updates(Transformations.clipByGlobalNorm(1), G1), 0.5 / n, -1 / n, 2 / n, 1e-15);
      assertEquals(Trees.tensors(G1), Trees.tensors(updates(Transformations.clipByGlobalNorm(3), G1)));
    }

    @Test
    void shouldAddWeightDecay() {
      // g1 + 0.1 theta0 = [0.5 + 0.1, -1 - 0.2, 2 + 0.05]
      assertParams(updates(Transformations.addDecayedWeights(0.1), G1), 0.6, -1.2, 2.05, 1e-15);
    }
  }

  @Nested
  class Counting {
    @Test
    void shouldCountStepsAndAskTheScheduleFromZero() {
      var t = Transformations.scaleByLearningRate(step -> step + 1.0);
      CountState s = t.init(THETA0);
      var u0 = t.update(G1, s, THETA0);
      var u1 = t.update(G1, u0.state(), THETA0);
      assertEquals(2, u1.state().steps());
      // -lr(0) g1 = -g1, then -lr(1) g1 = -2 g1
      assertParams(u0.updates(), -0.5, 1, -2, 0);
      assertParams(u1.updates(), -1, 2, -4, 0);
    }

    @Test
    void shouldKeepAdamsCountAsAScalarLeaf() {
      var t = Transformations.scaleByAdam(0.9, 0.999, 1e-8);
      AdamState s = t.update(G1, t.init(THETA0), THETA0).state();
      assertEquals(1, s.steps());
      assertEquals(Tensor.scalar(1), Trees.value(s.count()));
      assertEquals(Params.class, s.mu().getClass());
    }

    @Test
    void shouldHoldOneStatePerLink() {
      var t = Transformations.chain(Transformations.clipByGlobalNorm(1), Transformations.scaleByAdam(0.9, 0.99, 1e-8),
          Transformations.scaleByLearningRate(0.1));
      ChainState s = t.init(THETA0);
      assertEquals(3, s.states().size());
      assertTrue(s.states().get(1) instanceof AdamState);
    }
  }

  @Nested
  class Validation {
    private void assertRejected(String name, Executable e) {
      var ex = assertThrows(IllegalArgumentException.class, e);
      assertTrue(ex.getMessage().contains(name), ex.getMessage());
    }

    private record Case(String name, Executable call) {}

    @Test
    void shouldNameTheHyperparameterOutOfItsDomain() {
      List<Case> cases = List.of(
          new Case("learningRate", () -> Optimizers.sgd(-0.1)),
          new Case("learningRate", () -> Optimizers.adam(Double.NaN)),
          new Case("learningRate", () -> Optimizers.rmsprop(Double.POSITIVE_INFINITY)),
          new Case("learningRate", () -> Transformations.scaleByLearningRate(-1)),
          new Case("b1", () -> Optimizers.adam(0.1, 1.0, 0.999, 1e-8)),
          new Case("b1", () -> Transformations.scaleByAdam(-0.1, 0.9, 1)),
          new Case("b2", () -> Optimizers.adamw(0.1, 0.9, Double.NaN, 1e-8, 0)),
          new Case("eps", () -> Optimizers.adam(0.1, 0.9, 0.999, 0)),
          new Case("eps", () -> Optimizers.adagrad(0.1, -1e-10)),
          new Case("eps", () -> Transformations.scaleByCenteredRms(0.9, Double.NaN)),
          new Case("momentum", () -> Optimizers.sgd(0.1, 1.0, false)),
          new Case("momentum", () -> Optimizers.rmsprop(0.1, 0.9, 1e-8, -0.5, false)),
          new Case("nesterov", () -> Optimizers.sgd(0.1, 0, true)),
          new Case("decay", () -> Transformations.scaleByRms(1.0, 1e-8)),
          new Case("decay", () -> Transformations.trace(2, false)),
          new Case("weightDecay", () -> Optimizers.adamw(0.1, -1e-4)),
          new Case("weightDecay", () -> Transformations.addDecayedWeights(Double.NaN)),
          new Case("maxNorm", () -> Transformations.clipByGlobalNorm(0)),
          new Case("limit", () -> Transformations.clipByValue(-1)),
          new Case("factor", () -> Transformations.scale(Double.NaN)),
          new Case("initialAccumulator", () -> Transformations.scaleByAdagrad(-1, 1e-10)));
      for (Case c : cases) {
        assertRejected(c.name(), c.call());
      }
    }

    @Test
    void shouldNameTheStepWhereAScheduleGoesBad() {
      var opt = Optimizers.sgd(step -> step == 2 ? Double.NaN : 0.1, 0, false);
      assertRejected("step 2", () -> Fixtures.run(opt, GRADS));
    }

    @Test
    void shouldNameThePathWhereTheShapesDiffer() {
      var opt = Optimizers.adam(0.1);
      var state = opt.init(THETA0);
      Params bad = new Params(Fx.constant(Tensor.vector(1, 2, 3)), Fx.scalar(1));
      assertRejected("'w'", () -> opt.update(bad, state, THETA0));
      assertRejected("'w'", () -> Optimizers.applyUpdates(THETA0, bad));
    }

    @Test
    void shouldNameThePathWhereTheStructuresDiffer() {
      record Other(Expr w, Expr c) {}
      Object other = new Other(G1.w(), G1.b());
      var opt = Transformations.scaleByAdam(0.9, 0.999, 1e-8);
      AdamState state = opt.init(THETA0);
      assertRejected("'b'", () -> opt.update(other, state, other));
      assertRejected("'w'", () -> Transformations.addDecayedWeights(0.1).update((Object) G1,
          new OptimizerState.EmptyState(), List.of(G1.w())));
    }

    @Test
    void shouldRejectAStateOfTheWrongLength() {
      var opt = Optimizers.sgd(0.1);
      assertRejected("link", () -> opt.update(G1, new ChainState(List.of()), THETA0));
    }
  }
}
