package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Dropout;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  private final Dataset data = Synthetic.spirals(3, 40, 0.2, Key.of(2));
  private final Sequential model = Sequential.of(Dense.of(16), BatchNorm.of(), Activation.relu(), new Dropout(0.1),
      Dense.of(3));
  private final DataLoader loader = DataLoader.of(data, 16).withShuffle(Key.of(8));
  private final Loss loss = Losses::softmaxCrossEntropy;

  @Test
  void shouldContinueFromAFileExactlyAsIfNeverStopped(@TempDir Path dir) throws Exception {
    continueExactly(dir, DType.FLOAT64, loader);
  }

  @Test
  void shouldContinueAFloat32RunExactlyKeepingFloat32(@TempDir Path dir) throws Exception {
    var restored = continueExactly(dir, DType.FLOAT32, loader.cast(DType.FLOAT32));
    assertEquals(DType.FLOAT32, Trees.dtype(restored.params(), DType.FLOAT64));
    assertEquals(DType.FLOAT32, Trees.dtype(restored.modelState(), DType.FLOAT64));
  }

  /** Trains 4 epochs, and 2 then 2 more from the epoch-2 checkpoint: the same bits; returns the restored state. */
  private TrainState<java.util.List<Object>, java.util.List<Object>, ?> continueExactly(Path dir, DType dtype,
      DataLoader loader) throws Exception {
    var optimizer = Optimizers.adamw(0.01, 1e-3);
    var params = model.init(Key.of(1), Shape.of(2), dtype);
    FitOptions options = FitOptions.epochs(4).withSeed(3).withQuiet(true);
    var whole = Trainer.of(model, loss, optimizer).fit(params, loader, options);

    var firstHalf = Trainer.of(model, loss, optimizer)
        .fit(params, loader, FitOptions.epochs(2).withSeed(3).withQuiet(true).withCallback(Checkpoints.every(2, dir)));
    Path file = dir.resolve("epoch-0002.safetensors");
    assertTrue(Files.exists(file));
    var template = new TrainState<>(params, model.initState(Shape.of(2), dtype), optimizer.init(params), 0, 0);
    var restored = Checkpoints.load(file, template);
    assertEquals(2, restored.epoch());
    assertEquals(firstHalf.state().step(), restored.step());
    var rest = Trainer.of(model, loss, optimizer).resume(restored, loader, options);

    assertEquals(Trees.tensors(whole.params()), Trees.tensors(rest.params()));
    assertEquals(Trees.tensors(whole.modelState()), Trees.tensors(rest.modelState()));
    assertEquals(Trees.tensors(whole.state().optimizerState()), Trees.tensors(rest.state().optimizerState()));
    return restored;
  }

  @Test
  void shouldRejectACheckpointOfAnotherModel(@TempDir Path dir) throws Exception {
    var optimizer = Optimizers.sgd(0.1);
    var params = model.init(Key.of(1), Shape.of(2));
    var state = new TrainState<>(params, model.initState(Shape.of(2)), optimizer.init(params), 0, 0);
    Path file = dir.resolve("c.safetensors");
    Checkpoints.save(file, state);
    Sequential other = Sequential.of(Dense.of(8), Activation.relu(), Dense.of(3));
    var otherParams = other.init(Key.of(1), Shape.of(2));
    var template = new TrainState<>(otherParams, other.initState(Shape.of(2)), optimizer.init(otherParams), 0, 0);
    var e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(file, template));
    assertTrue(e.getMessage().contains("0.w") || e.getMessage().contains("shape"), e.getMessage());
  }
}
