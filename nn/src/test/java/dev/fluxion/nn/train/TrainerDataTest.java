package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Idx;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the training loop does with labels that do not fit the model and with empty data. */
class TrainerDataTest {
  private static final Loss CROSS_ENTROPY = Losses::softmaxCrossEntropy;

  @Nested
  class Labels {
    @Test
    void shouldRefuseToTrainOneOutputUnitWithSoftmaxOnZeroOneLabels() {
      Dataset xor = Synthetic.xor();
      Sequential model = Sequential.of(Dense.of(1));
      var e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, CROSS_ENTROPY, Optimizers.sgd(0.1))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(xor, 4), FitOptions.epochs(3).withQuiet(true)));
      assertTrue(e.getMessage().startsWith("softmaxCrossEntropy: label 1 at index "), e.getMessage());
      assertTrue(e.getMessage().contains("outside [0, 1) (1 class"), e.getMessage());
    }

    @Test
    void shouldRefuseALabelOutOfRangeInALaterBatch() {
      double[] y = {0, 1, 2, 0, 1, 3};
      Dataset data = Dataset.of(Tensor.zeros(6, 2), Tensor.vector(y));
      Sequential model = Mlp.of(Activation.tanh(), 4, 3);
      var params = model.init(Key.of(2), Shape.of(2));
      var e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, CROSS_ENTROPY, Optimizers.sgd(0.1))
          .fit(params, DataLoader.of(data, 3), FitOptions.epochs(1).withQuiet(true)));
      assertEquals("softmaxCrossEntropy: label 3 at index 2 is outside [0, 3) (3 classes)", e.getMessage());
      var ev = assertThrows(IllegalArgumentException.class, () -> Trainer.evaluate(model, params, model.initState(
          Shape.of(2)), CROSS_ENTROPY, data, 3));
      assertEquals("softmaxCrossEntropy: label 3 at index 2 is outside [0, 3) (3 classes)", ev.getMessage());
    }
  }

  @Nested
  class RegressionTargets {
    @Test
    void shouldTrainMultiOutputRegressionWithoutTakingTargetsForOneHotLabels() {
      Tensor x = Tensor.matrix(new double[] {0, 1}, new double[] {1, 0}, new double[] {1, 1}, new double[] {0, 0});
      Tensor y = Tensor.matrix(new double[] {3.2, -1}, new double[] {0.5, 7}, new double[] {2, 2}, new double[] {0, 0});
      Sequential model = Sequential.of(Dense.of(2));
      var fitted = Trainer.of(model, Losses::mse, Optimizers.sgd(0.01))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(Dataset.of(x, y), 2),
              FitOptions.epochs(2).withQuiet(true));
      assertEquals("completed", fitted.history().stopReason());
      assertTrue(Double.isNaN(fitted.history().last().get().trainAccuracy()));
    }

    @Test
    void shouldStillCountOneHotTargetsAsLabels() {
      Tensor outputs = Tensor.matrix(new double[] {2, 1}, new double[] {0, 3});
      assertEquals(1.0, Accuracies.correct(outputs, Tensor.matrix(new double[] {1, 0}, new double[] {1, 0})));
      assertTrue(Double.isNaN(Accuracies.correct(outputs, Tensor.matrix(new double[] {3, 0}, new double[] {1, 0}))));
    }
  }

  @Nested
  class EmptyData {
    private final Sequential model = Mlp.of(Activation.tanh(), 4, 2);
    private final Dataset empty = Synthetic.xor().take(0);

    @Test
    void shouldRefuseToFitOnAnEmptyDataset() {
      var e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, CROSS_ENTROPY, Optimizers.sgd(0.1))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(empty, 4), FitOptions.epochs(1)));
      assertTrue(e.getMessage().contains("the dataset is empty (0 examples"), e.getMessage());
    }

    @Test
    void shouldRefuseToEvaluateOnAnEmptyDataset() {
      var params = model.init(Key.of(1), Shape.of(2));
      var e = assertThrows(IllegalArgumentException.class, () -> Trainer.evaluate(model, params,
          model.initState(Shape.of(2)), CROSS_ENTROPY, empty, 4));
      assertTrue(e.getMessage().contains("the dataset is empty (0 examples"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyValidationSetWhereItIsGiven() {
      var e = assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(1).withValidation(empty));
      assertTrue(e.getMessage().contains("the validation dataset is empty (0 examples"), e.getMessage());
    }

    @Test
    void shouldRefuseToPredictOnNoExamples() {
      var params = model.init(Key.of(1), Shape.of(2));
      var e = assertThrows(IllegalArgumentException.class, () -> Trainer.predict(model, params,
          model.initState(Shape.of(2)), Tensor.zeros(0, 2), 4));
      assertTrue(e.getMessage().contains("0 examples"), e.getMessage());
    }

    @Test
    void shouldRefuseIdxFilesWithZeroImages(@TempDir Path dir) {
      for (String split : new String[] {"train", "t10k"}) {
        Idx.write(dir.resolve(split + "-images-idx3-ubyte"), Tensor.zeros(0, 28, 28), Idx.DataType.UNSIGNED_BYTE, false);
        Idx.write(dir.resolve(split + "-labels-idx1-ubyte"), Tensor.zeros(0), Idx.DataType.UNSIGNED_BYTE, false);
      }
      var e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(dir));
      assertTrue(e.getMessage().endsWith("train-images-idx3-ubyte: byte offset 4: the file holds 0 images: there is"
          + " nothing to train or evaluate on"), e.getMessage());
    }
  }
}
