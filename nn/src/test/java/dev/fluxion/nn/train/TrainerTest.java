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
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrainerTest {
  static final Loss CROSS_ENTROPY = Losses::softmaxCrossEntropy;

  @Nested
  class Learning {
    @Test
    void shouldLearnXorPerfectly() {
      Dataset xor = Synthetic.xor();
      Sequential model = Mlp.of(Activation.tanh(), 8, 2);
      var fitted = Trainer.of(model, CROSS_ENTROPY, Optimizers.adam(0.05))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(xor, 4), FitOptions.epochs(300).withQuiet(true));
      var eval = Trainer.evaluate(model, fitted.params(), fitted.modelState(), CROSS_ENTROPY, xor, 4);
      assertEquals(1.0, eval.accuracy(), 0.0, "XOR accuracy");
      assertEquals("completed", fitted.history().stopReason());
    }

    @Test
    void shouldLearnThreeSpirals() {
      Dataset spirals = Synthetic.spirals(3, 100, 0.2, Key.of(7));
      Sequential model = Mlp.of(Activation.relu(), 100, 3);
      var fitted = Trainer.of(model, CROSS_ENTROPY, Optimizers.adam(0.01))
          .fit(model.init(Key.of(2), Shape.of(2)), DataLoader.of(spirals, 32).withShuffle(Key.of(3)),
              FitOptions.epochs(150).withQuiet(true));
      var eval = Trainer.evaluate(model, fitted.params(), fitted.modelState(), CROSS_ENTROPY, spirals, 300);
      assertTrue(eval.accuracy() >= 0.95, "spirals training accuracy " + eval.accuracy());
      assertEquals(150, fitted.history().epochs().size());
      assertTrue(fitted.history().last().get().trainAccuracy() >= 0.9);
    }
  }

  @Nested
  class Reproducibility {
    private final Dataset data = Synthetic.spirals(3, 30, 0.2, Key.of(9));
    private final Sequential model = Mlp.of(Activation.tanh(), 16, 3);
    private final DataLoader loader = DataLoader.of(data, 16).withShuffle(Key.of(4));

    private Trainer.Fitted<List<Object>, List<Object>, ?> run(int epochs) {
      return Trainer.of(model, CROSS_ENTROPY, Optimizers.adam(0.01))
          .fit(model.init(Key.of(5), Shape.of(2)), loader, FitOptions.epochs(epochs).withQuiet(true));
    }

    @Test
    void shouldGiveBitIdenticalParametersForTheSameSeed() {
      assertEquals(Trees.tensors(run(5).params()), Trees.tensors(run(5).params()));
    }

    @Test
    void shouldContinueFromAStateExactlyAsIfNeverStopped() {
      var optimizer = Optimizers.adam(0.01);
      var params = model.init(Key.of(5), Shape.of(2));
      var trainer = Trainer.of(model, CROSS_ENTROPY, optimizer);
      var whole = trainer.fit(params, loader, FitOptions.epochs(4).withQuiet(true));
      var half = trainer.fit(params, loader, FitOptions.epochs(2).withQuiet(true));
      var rest = trainer.resume(half.state(), loader, FitOptions.epochs(4).withQuiet(true));
      assertEquals(Trees.tensors(whole.params()), Trees.tensors(rest.params()));
      assertEquals(whole.state().step(), rest.state().step());
    }
  }

  @Nested
  class Stopping {
    private final Dataset data = Synthetic.spirals(2, 20, 0.1, Key.of(1));
    private final Sequential model = Mlp.of(Activation.relu(), 8, 2);

    @Test
    void shouldStopWithAClearMessageOnANonFiniteLoss() {
      var fitted = Trainer.of(model, CROSS_ENTROPY, Optimizers.sgd(1e300))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(data, 8), FitOptions.epochs(5).withQuiet(true));
      assertTrue(fitted.history().stopReason().startsWith("non-finite loss"), fitted.history().stopReason());
    }

    @Test
    void shouldStopEarlyWhenTheLossStalls() {
      var fitted = Trainer.of(model, CROSS_ENTROPY, Optimizers.sgd(0.0))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(data, 8),
              FitOptions.epochs(50).withQuiet(true).withCallback(new EarlyStopping(3, 0).tracker())
                  .withValidation(data));
      assertEquals(4, fitted.history().epochs().size());
      assertTrue(fitted.history().stopReason().startsWith("early stopping"), fitted.history().stopReason());
    }
  }
}
