package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {
  private final Dataset data = Synthetic.spirals(2, 20, 0.1, Key.of(1));
  private final Dataset validation = Synthetic.spirals(2, 10, 0.1, Key.of(2));
  private final Sequential model = Mlp.of(Activation.relu(), 8, 2);
  private final Loss loss = Losses::softmaxCrossEntropy;

  /** Records the epochs it sees and the parameters of each. */
  private static final class Recorder implements Callback {
    final List<Integer> epochs = new ArrayList<>();
    final List<Object> params = new ArrayList<>();

    @Override
    public Decision onEpochEnd(EpochStats stats, Snapshot snapshot) {
      epochs.add(stats.epoch());
      params.add(snapshot.params());
      assertEquals(stats.epoch(), snapshot.epoch());
      return Decision.CONTINUE;
    }
  }

  @Nested
  class EveryCallbackSeesEveryEpoch {
    @Test
    void shouldLetCallbacksAfterAStoppingOneSeeTheLastEpoch(@TempDir Path dir) {
      Recorder after = new Recorder();
      Callback stopAtTwo = (stats, snap) -> stats.epoch() == 2 ? Callback.Decision.stop("enough") : Callback.Decision.CONTINUE;
      var fitted = Trainer.of(model, loss, Optimizers.sgd(0.1))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(data, 8),
              FitOptions.epochs(10).withQuiet(true).withCallback(stopAtTwo).withCallback(after)
                  .withCallback(Checkpoints.every(1, dir)));
      assertEquals(List.of(1, 2), after.epochs);
      assertTrue(Files.exists(dir.resolve("epoch-0002.safetensors")), "the checkpoint after the stop is written");
      assertEquals("enough", fitted.history().stopReason());
      assertEquals(2, fitted.state().epoch());
    }

    @Test
    void shouldJoinTheReasonsOfSeveralStops() {
      Callback a = (stats, snap) -> Callback.Decision.stop("a");
      Callback b = (stats, snap) -> Callback.Decision.stop("b");
      var fitted = Trainer.of(model, loss, Optimizers.sgd(0.1))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(data, 8),
              FitOptions.epochs(10).withQuiet(true).withCallback(a).withCallback(b));
      assertEquals("a; b", fitted.history().stopReason());
      assertEquals(1, fitted.history().epochs().size());
    }
  }

  @Nested
  class RestoreBest {
    /** Learning rate 5 makes the validation loss jump around, so the best epoch is not the last one. */
    private Trainer.Fitted<List<Object>, List<Object>, ?> fit(EarlyStopping rule, Recorder recorder) {
      return Trainer.of(model, loss, Optimizers.sgd(5.0))
          .fit(model.init(Key.of(3), Shape.of(2)), DataLoader.of(data, 8),
              FitOptions.epochs(30).withQuiet(true).withCallback(rule.tracker()).withCallback(recorder)
                  .withValidation(validation));
    }

    private static int best(History h) {
      int best = 0;
      for (EpochStats e : h.epochs()) {
        if (best == 0 || e.validationLoss() < h.epochs().get(best - 1).validationLoss()) {
          best = e.epoch();
        }
      }
      return best;
    }

    @Test
    void shouldReturnTheLastEpochByDefault() {
      Recorder r = new Recorder();
      var fitted = fit(new EarlyStopping(1, 0), r);
      assertFalse(new EarlyStopping(2, 0).restoreBest(), "Keras' default");
      assertEquals(0, fitted.history().restoredEpoch());
      int last = fitted.history().epochs().size();
      assertEquals(last, fitted.state().epoch());
      assertSame(r.params.get(last - 1), fitted.params());
    }

    @Test
    void shouldReturnTheBestEpochsStateWhenAsked() {
      Recorder r = new Recorder();
      var fitted = fit(new EarlyStopping(1, 0).withRestoreBest(true), r);
      History h = fitted.history();
      int best = best(h);
      assertTrue(best < h.epochs().size(), "the test needs a run whose best epoch is not its last: " + h.epochs());
      assertEquals(best, h.restoredEpoch());
      assertEquals(best, fitted.state().epoch());
      assertSame(r.params.get(best - 1), fitted.params());
      assertTrue(h.stopReason().contains("at epoch " + best), h.stopReason());
      var eval = Trainer.evaluate(model, fitted.params(), fitted.modelState(), loss, validation, 8);
      assertEquals(h.epochs().get(best - 1).validationLoss(), eval.loss(), 1e-12);
    }
  }

  @Nested
  class ResumeWithAnotherOptimizer {
    @Test
    void shouldNameBothOptimizersInsteadOfAClassCastException() {
      var params = model.init(Key.of(1), Shape.of(2));
      var adam = Optimizers.adam(0.01);
      var fitted = Trainer.of(model, loss, adam)
          .fit(params, DataLoader.of(data, 8), FitOptions.epochs(1).withQuiet(true));
      @SuppressWarnings({"unchecked", "rawtypes"})
      TrainState<List<Object>, List<Object>, Object> start = (TrainState) fitted.state();
      @SuppressWarnings({"unchecked", "rawtypes"})
      var sgd = (dev.fluxion.nn.optim.GradientTransformation<Object>) (dev.fluxion.nn.optim.GradientTransformation)
          Optimizers.sgd(0.1, 0.9, false);
      var e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, loss, sgd)
          .resume(start, DataLoader.of(data, 8), FitOptions.epochs(2).withQuiet(true)));
      assertTrue(e.getMessage().contains("AdamState") && e.getMessage().contains("TraceState")
          && e.getMessage().contains("another optimizer"), e.getMessage());
    }

    @Test
    void shouldNameBothOptimizersWhenLoadingAnotherOptimizersCheckpoint(@TempDir Path dir) throws Exception {
      var params = model.init(Key.of(1), Shape.of(2));
      var adam = Optimizers.adam(0.01);
      Path file = dir.resolve("adam.safetensors");
      Checkpoints.save(file, new TrainState<>(params, model.initState(Shape.of(2)), adam.init(params), 3, 1));
      var sgd = Optimizers.sgd(0.1, 0.9, false);
      var template = new TrainState<>(params, model.initState(Shape.of(2)), sgd.init(params), 0, 0);
      var e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(file, template));
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("TraceState")
          && e.getMessage().contains("mu.") && e.getMessage().contains("another optimizer"), e.getMessage());
    }

    @Test
    void shouldStillResumeWithTheSameOptimizer() {
      var params = model.init(Key.of(1), Shape.of(2));
      var adam = Optimizers.adam(0.01);
      var one = Trainer.of(model, loss, adam).fit(params, DataLoader.of(data, 8), FitOptions.epochs(1).withQuiet(true));
      var two = Trainer.of(model, loss, adam)
          .resume(one.state(), DataLoader.of(data, 8), FitOptions.epochs(2).withQuiet(true));
      var straight = Trainer.of(model, loss, adam)
          .fit(params, DataLoader.of(data, 8), FitOptions.epochs(2).withQuiet(true));
      assertEquals(Trees.tensors(straight.params()), Trees.tensors(two.params()));
    }
  }
}
