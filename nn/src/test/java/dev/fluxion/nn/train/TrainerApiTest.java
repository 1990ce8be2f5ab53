package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Dropout;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The trainer as a value: {@code Trainer.of(model, loss, optimizer).fit(params, train, options)}. */
class TrainerApiTest {
  private static final Loss CROSS_ENTROPY = Losses::softmaxCrossEntropy;
  private final Dataset train = Synthetic.spirals(3, 20, 0.2, Key.of(9));
  private final Dataset validation = Synthetic.spirals(3, 7, 0.2, Key.of(10));
  /** Dropout makes the per-step seed matter. */
  private final Sequential model = Sequential.of(Dense.of(8), Activation.tanh(), new Dropout(0.2), Dense.of(3));
  private final List<Object> params = model.init(Key.of(5), Shape.of(2));
  private final DataLoader loader = DataLoader.of(train, 16).withShuffle(Key.of(4));

  @Nested
  class Construction {
    @Test
    void shouldKeepItsPartsAndRejectNullsWithAnIllegalArgument() {
      var adam = Optimizers.adam(0.01);
      var trainer = Trainer.of(model, CROSS_ENTROPY, adam);
      assertSame(model, trainer.model());
      assertSame(CROSS_ENTROPY, trainer.loss());
      assertSame(adam, trainer.optimizer());
      assertThrows(IllegalArgumentException.class, () -> Trainer.of(null, CROSS_ENTROPY, adam));
      assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, null, adam));
      assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, CROSS_ENTROPY, null));
    }
  }

  @Nested
  class Validation {
    @Test
    void shouldEvaluateTheValidationSetAfterEveryEpochWhenItIsAnOption() {
      var trainer = Trainer.of(model, CROSS_ENTROPY, Optimizers.adam(0.01));
      var fitted = trainer.fit(params, loader, FitOptions.epochs(3).withQuiet(true).withValidation(validation));
      assertEquals(3, fitted.history().epochs().size());
      for (EpochStats e : fitted.history().epochs()) {
        assertTrue(e.validationLoss() > 0 && e.validationAccuracy() >= 0, e.toString());
      }
      var eval = trainer.evaluate(fitted.params(), fitted.modelState(), validation, loader.batchSize());
      EpochStats last = fitted.history().last().orElseThrow();
      assertEquals(eval.loss(), last.validationLoss());
      assertEquals(eval.accuracy(), last.validationAccuracy());
    }

    @Test
    void shouldReportNoValidationStatisticsWithoutTheOption() {
      var fitted = Trainer.of(model, CROSS_ENTROPY, Optimizers.adam(0.01))
          .fit(params, loader, FitOptions.epochs(2).withQuiet(true));
      for (EpochStats e : fitted.history().epochs()) {
        assertTrue(Double.isNaN(e.validationLoss()) && Double.isNaN(e.validationAccuracy()), e.toString());
      }
    }

    @Test
    void shouldTrainBitIdenticallyWithOrWithoutValidation() {
      var trainer = Trainer.of(model, CROSS_ENTROPY, Optimizers.adam(0.01));
      var plain = trainer.fit(params, loader, FitOptions.epochs(3).withQuiet(true));
      var validated = trainer.fit(params, loader, FitOptions.epochs(3).withQuiet(true).withValidation(validation));
      assertEquals(Trees.tensors(plain.params()), Trees.tensors(validated.params()));
    }

    @Test
    void shouldRefuseAnEmptyValidationSetWhenTheOptionIsSet() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> FitOptions.epochs(1).withValidation(train.take(0)));
      assertTrue(e.getMessage().contains("validation dataset is empty (0 examples)"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().withValidation(null));
    }
  }

  @Nested
  class Options {
    @Test
    void shouldDefaultToOneEpochWithSeedZeroAndNoValidation() {
      FitOptions d = FitOptions.defaults();
      assertEquals(1, d.epochs());
      assertEquals(0, d.seed());
      assertEquals(null, d.validation());
      assertEquals(FitOptions.epochs(4).withSeed(2).withValidation(validation),
          d.withSeed(2).withValidation(validation).withEpochs(4));
      assertThrows(IllegalArgumentException.class, () -> d.withEpochs(0));
    }

    @Test
    void shouldFitOneEpochWhenNoOptionsAreGiven() {
      var trainer = Trainer.of(model, CROSS_ENTROPY, Optimizers.adam(0.01));
      var quiet = trainer.fit(params, loader, FitOptions.epochs(1).withQuiet(true));
      var byDefault = trainer.fit(params, loader);
      assertEquals(1, byDefault.history().epochs().size());
      assertEquals(Trees.tensors(quiet.params()), Trees.tensors(byDefault.params()));
    }
  }

  @Nested
  class SameAsTheLoopItRuns {
    /**
     * The loop {@code fit} stands for, written out: one compiled step and one optimizer update per
     * batch, with the dropout seed of step {@code t} from {@code Key.of(seed).fold(t)}.
     */
    private <O> List<Object> byHand(GradientTransformation<O> optimizer, int epochs, long seed) {
      var compiled = new CompiledModel<>(model, CROSS_ENTROPY, null, params, model.initState(Shape.of(2)),
          train.featureShape(), train.targetShape());
      List<Object> p = params;
      List<Object> s = model.initState(Shape.of(2));
      O o = optimizer.init(p);
      long step = 0;
      for (int epoch = 0; epoch < epochs; epoch++) {
        for (Batch b : loader.batches(epoch)) {
          var r = compiled.step(p, s, b.x(), b.y(), Key.of(seed).fold(step++).seed());
          var u = optimizer.update(r.grads(), o, p);
          p = Optimizers.applyUpdates(p, u.updates());
          o = u.state();
          s = r.state();
        }
      }
      return p;
    }

    @Test
    void shouldGiveTheBitsOfTheHandWrittenLoopForAFixedSeed() {
      var adam = Optimizers.adam(0.01);
      var fitted = Trainer.of(model, CROSS_ENTROPY, adam)
          .fit(params, loader, FitOptions.epochs(3).withSeed(7).withQuiet(true).withValidation(validation));
      Map<String, Tensor> expected = Trees.tensors(byHand(adam, 3, 7));
      assertEquals(expected, Trees.tensors(fitted.params()));
      assertEquals(3L * loader.batchesPerEpoch(), fitted.state().step());
    }

    @Test
    void shouldShowCallbacksTheModelStateOfEachEpoch() {
      List<Object> seen = new ArrayList<>();
      Callback record = (stats, snapshot) -> {
        seen.add(snapshot.modelState());
        return Callback.Decision.CONTINUE;
      };
      var fitted = Trainer.of(model, CROSS_ENTROPY, Optimizers.sgd(0.1))
          .fit(params, loader, FitOptions.epochs(2).withQuiet(true).withCallback(record));
      assertEquals(2, seen.size());
      assertSame(fitted.modelState(), seen.get(1));
    }
  }
}
