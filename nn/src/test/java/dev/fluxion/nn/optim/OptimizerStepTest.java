package dev.fluxion.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fluxion.nn.optim.Fixtures.Params;
import dev.fluxion.nn.optim.GradientTransformation.Step;
import dev.fluxion.nn.optim.GradientTransformation.Update;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass {@code step} of SGD with momentum and Adam against {@code update} + {@code applyUpdates}, bit for bit. */
class OptimizerStepTest {
  private static final Schedule DECAYING = step -> 0.1 / (1 + step);

  static List<String> leaves(Object tree) {
    return Trees.flatten(tree).byPath().entrySet().stream().map(t -> t.getKey() + "=" + Trees.value(t.getValue())).toList();
  }

  static <S> void assertStepEqualsUpdateThenApply(GradientTransformation<S> opt) {
    S a = opt.init(Fixtures.THETA0);
    S b = opt.init(Fixtures.THETA0);
    Params pa = Fixtures.THETA0;
    Params pb = Fixtures.THETA0;
    for (Params g : Fixtures.GRADS) {
      Step<Params, S> s = opt.step(g, a, pa);
      Update<Params, S> u = opt.update(g, b, pb);
      pb = Optimizers.applyUpdates(pb, u.updates());
      b = u.state();
      pa = s.params();
      a = s.state();
      assertEquals(leaves(pb), leaves(pa));
      assertEquals(leaves(b), leaves(a));
      assertEquals(b.getClass(), a.getClass());
    }
  }

  @Test
  void shouldStepLikeUpdateThenApplyForSgdWithMomentum() {
    assertStepEqualsUpdateThenApply(Optimizers.sgd(0.1, 0.9, false));
    assertStepEqualsUpdateThenApply(Optimizers.sgd(DECAYING, 0.9, false));
  }

  @Test
  void shouldStepLikeUpdateThenApplyForAdam() {
    assertStepEqualsUpdateThenApply(Optimizers.adam(1e-3));
    assertStepEqualsUpdateThenApply(Optimizers.adam(DECAYING, 0.8, 0.99, 1e-6));
  }

  @Test
  void shouldStepLikeUpdateThenApplyForTheOthers() {
    assertStepEqualsUpdateThenApply(Optimizers.sgd(0.1, 0.9, true));
    assertStepEqualsUpdateThenApply(Optimizers.adamw(1e-3, 0.01));
  }

  @Test
  void shouldUpdateLikeTheChainsTheyFuse() {
    GradientTransformation<ChainState> chain =
        Transformations.chain(Transformations.trace(0.9, false), Transformations.scaleByLearningRate(DECAYING));
    GradientTransformation<ChainState> fused = Optimizers.sgd(DECAYING, 0.9, false);
    ChainState s = fused.init(Fixtures.THETA0);
    assertEquals(Trees.show(chain.init(Fixtures.THETA0)), Trees.show(s));
    Params g = Fixtures.GRADS.get(0);
    assertEquals(leaves(chain.update(g, s, Fixtures.THETA0).updates()), leaves(fused.update(g, s, Fixtures.THETA0).updates()));
  }

  @Test
  void shouldReportABadLearningRateOrAForeignStateLikeUpdate() {
    Params g = Fixtures.GRADS.get(0);
    for (GradientTransformation<ChainState> opt
        : List.of(Optimizers.sgd(step -> Double.NaN, 0.9, false), Optimizers.adam(step -> -1.0, 0.9, 0.999, 1e-8))) {
      ChainState s = opt.init(Fixtures.THETA0);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(g, s, Fixtures.THETA0));
      assertEquals(assertThrows(IllegalArgumentException.class, () -> opt.update(g, s, Fixtures.THETA0)).getMessage(),
          e.getMessage());
      ChainState foreign = new ChainState(List.of(s.states().get(0)));
      IllegalArgumentException f =
          assertThrows(IllegalArgumentException.class, () -> opt.step(g, foreign, Fixtures.THETA0));
      assertEquals("state has 1 link states but the chain has 2 links", f.getMessage());
    }
  }
}
