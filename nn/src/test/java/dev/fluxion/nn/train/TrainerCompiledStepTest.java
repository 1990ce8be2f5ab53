package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Dropout;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.loss.Penalties;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code Trainer.fit}, which runs the compiled {@link TrainStep}, against the loop it replaced,
 * run side by side in this test: {@link CompiledModel#step} per batch, then
 * {@code optimizer.update} and {@link Optimizers#applyUpdates} on constants, with the same
 * per-step seeds. Parameters, both states and every epoch's training loss agree bit for bit.
 */
class TrainerCompiledStepTest {
  private final Dataset data = Synthetic.spirals(3, 30, 0.2, Key.of(9));
  private final DataLoader loader = DataLoader.of(data, 16).withShuffle(Key.of(4));
  private final Sequential model = Sequential.of(Dense.of(16), BatchNorm.of(), Activation.tanh(), new Dropout(0.2),
      Dense.of(3));
  private final Function<Object, Expr> penalty = p -> Penalties.l2(p).times(1e-3);

  @Nested
  class SameAsTheEagerLoop {
    @Test
    void shouldGiveTheOldLoopsBitsWithAdamAndAPenalty() {
      assertFitEqualsEagerLoop(Optimizers.adam(0.01), FitOptions.epochs(3).withSeed(17).withQuiet(true)
          .withPenalty(penalty));
    }

    @Test
    void shouldGiveTheOldLoopsBitsWithScheduledMomentum() {
      assertFitEqualsEagerLoop(Optimizers.sgd(step -> 0.1 / (1 + 0.1 * step), 0.9, false),
          FitOptions.epochs(3).withSeed(5).withQuiet(true));
    }
  }

  @Test
  void shouldStopOnANonFiniteLossKeepingThePreviousState() {
    Sequential mlp = Mlp.of(Activation.relu(), 16, 3);
    var opt = Optimizers.sgd(1e300);
    var fitted = Trainer.of(mlp, Losses::softmaxCrossEntropy, opt).fit(mlp.init(Key.of(5), Shape.of(2)), loader,
        FitOptions.epochs(5).withQuiet(true));
    String reason = fitted.history().stopReason();
    assertTrue(reason.startsWith("non-finite loss") && reason.contains("step " + fitted.state().step() + ":"), reason);
    var step = TrainStep.builder(mlp, Losses::softmaxCrossEntropy, opt)
        .build(fitted.params(), fitted.modelState(), data.featureShape(), data.targetShape());
    Batch first = loader.batches(0).iterator().next();
    var again = step.apply(fitted.params(), fitted.state().optimizerState(), fitted.modelState(), first, 0);
    assertFalse(Double.isFinite(again.loss()), "the kept state is the one whose step gave a non-finite loss");
  }

  private <O> void assertFitEqualsEagerLoop(GradientTransformation<O> opt, FitOptions options) {
    List<Object> params = model.init(Key.of(5), Shape.of(2));
    var fitted = Trainer.of(model, Losses::softmaxCrossEntropy, opt).fit(params, loader, options);

    List<Object> state = model.initState(Shape.of(2));
    O optState = opt.init(params);
    Function<Object, Expr> given = options.penalty();
    Function<List<Object>, Expr> pen = given == null ? null : given::apply;
    var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, pen, params, state,
        data.featureShape(), data.targetShape());
    Key seeds = Key.of(options.seed());
    long step = 0;
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      double lossSum = 0;
      long seen = 0;
      for (Batch b : loader.batches(epoch - 1)) {
        var r = compiled.step(params, state, b.x(), b.y(), seeds.fold(step).seed());
        var u = opt.update(r.grads(), optState, params);
        params = Optimizers.applyUpdates(params, u.updates());
        optState = u.state();
        state = r.state();
        step++;
        lossSum += r.loss() * b.size();
        seen += b.size();
      }
      assertEquals(lossSum / seen, fitted.history().epochs().get(epoch - 1).trainLoss(), "train loss of epoch " + epoch);
    }
    assertEquals(Trees.tensors(params), Trees.tensors(fitted.params()));
    assertEquals(Trees.tensors(state), Trees.tensors(fitted.modelState()));
    assertEquals(Trees.tensors(optState), Trees.tensors(fitted.state().optimizerState()));
    assertEquals(step, fitted.state().step());
  }
}
