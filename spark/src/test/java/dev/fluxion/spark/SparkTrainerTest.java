package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Data-parallel training on an embedded {@code local[2]} Spark against one process. */
class SparkTrainerTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SharedSpark.get();
  }

  static TrainerFactory<List<Object>, List<Object>, dev.fluxion.nn.optim.OptimizerState.ChainState> mlp() {
    return () -> Trainer.of(Mlp.of(Activation.relu(), 16, 3), Losses::softmaxCrossEntropy, Optimizers.adam(1e-2));
  }

  @Test
  void twoWorkersShouldEqualTheReplayBitForBit() {
    for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
      Dataset data = Synthetic.blobs(203, 3, 1.5, Key.of(4)).cast(dtype);
      var spark = SparkTrainer.of(sc, mlp()).withWorkers(2).withBatchSize(16).withShuffle(Key.of(7));
      List<Object> params = Mlp.of(Activation.relu(), 16, 3).init(Key.of(1), data.featureShape(), dtype);
      FitOptions options = FitOptions.epochs(3).withQuiet(true).withSeed(5);
      List<SparkTrainer.Timing> timings = new ArrayList<>();
      var distributed = spark.withTimings(timings::add).fit(params, SparkExamples.fromDataset(sc, data, 3), options);
      var replay = mlp().create().fit(params, spark.replayLoader(data), options.withMicroBatches(2));
      assertEquals(tensors(replay.params()), tensors(distributed.params()), dtype.toString());
      assertEquals(tensors(replay.state().optimizerState()), tensors(distributed.state().optimizerState()));
      assertEquals(replay.state().step(), distributed.state().step());
      assertEquals(3L * (203 / 2 / 8), distributed.state().step());
      for (int e = 0; e < 3; e++) {
        assertEquals(replay.history().epochs().get(e).trainLoss(), distributed.history().epochs().get(e).trainLoss());
        assertEquals(replay.history().epochs().get(e).trainAccuracy(),
            distributed.history().epochs().get(e).trainAccuracy());
      }
      assertEquals(3, timings.size());
      assertTrue(timings.get(0).setupSeconds() > 0 && timings.get(1).setupSeconds() == 0);
      assertEquals(12, timings.get(2).steps());
    }
  }

  static Map<String, Tensor> tensors(Object tree) {
    return Trees.tensors(tree);
  }
}
