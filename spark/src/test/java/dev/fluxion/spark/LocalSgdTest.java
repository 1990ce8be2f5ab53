package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.ShardGradient;
import dev.fluxion.nn.train.ShardedStep;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.train.TreeReduce;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Local SGD on Spark against a one-process simulation of its documented semantics. */
class LocalSgdTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SharedSpark.get();
  }

  @Test
  void workersShouldStepAloneAndAverageEveryHSteps() {
    Dataset data = Synthetic.blobs(150, 3, 1.5, Key.of(4));
    int k = 2;
    int h = 3;
    var spark = SparkTrainer.of(sc, SparkTrainerTest.mlp()).withWorkers(k).withBatchSize(8).withLocalSteps(h)
        .withShuffle(Key.of(2));
    List<Object> params = Mlp.of(Activation.relu(), 16, 3).init(Key.of(1), data.featureShape());
    FitOptions options = FitOptions.epochs(2).withQuiet(true).withSeed(3);
    var distributed = spark.fit(params, SparkExamples.fromDataset(sc, data, 2), options);

    Trainer<List<Object>, List<Object>, ChainState> trainer = SparkTrainerTest.mlp().create();
    List<Object> state = trainer.model().initState(data.featureShape());
    var step = new ShardedStep<>(trainer.model(), trainer.loss(), null, trainer.optimizer(), params, state,
        data.featureShape(), data.targetShape());
    List<List<Object>> p = new ArrayList<>(List.of(params, params));
    List<ChainState> o = new ArrayList<>(List.of(trainer.optimizer().init(params), trainer.optimizer().init(params)));
    long t = 0;
    double lastLoss = 0;
    for (int epoch = 1; epoch <= 2; epoch++) {
      List<Batch> batches = new ArrayList<>();
      spark.replayLoader(data).batches(epoch - 1).forEach(batches::add);
      double lossSum = 0;
      for (int j = 0; j < batches.size(); j++) {
        for (int s = 0; s < k; s++) {
          Batch b = batches.get(j);
          var local = step.gradient(p.get(s), state, rows(b.x(), 4 * s), rows(b.y(), 4 * s),
              Key.of(3).fold(t).fold(s).seed());
          var u = step.update(p.get(s), o.get(s), local.gradient());
          p.set(s, u.params());
          o.set(s, u.optState());
          lossSum += local.gradient().loss() * 4;
        }
        t++;
        if ((j + 1) % h == 0 || j == batches.size() - 1) {
          List<ShardGradient> parts = new ArrayList<>();
          for (int s = 0; s < k; s++) {
            List<Tensor> leaves = new ArrayList<>(Trees.flatten(p.get(s)).values());
            leaves.addAll(Trees.flatten(o.get(s)).values());
            parts.add(new ShardGradient(0, 0, 1, leaves));
          }
          List<Tensor> sum = TreeReduce.reduce(parts, ShardGradient::plus).grads();
          List<Tensor> mine = parts.get(0).grads();
          List<Tensor> mean = new ArrayList<>();
          for (int i = 0; i < sum.size(); i++) {
            mean.add(sum.get(i).dtype() == DType.INT32 ? mine.get(i) : sum.get(i).div(k));
          }
          int np = Trees.flatten(params).leaves().size();
          for (int s = 0; s < k; s++) {
            p.set(s, Leaves.ofTensors(mean.subList(0, np)).into("params", params));
            o.set(s, Leaves.ofTensors(mean.subList(np, mean.size())).into("opt", o.get(0)));
          }
        }
      }
      lastLoss = lossSum / (batches.size() * 8.0);
    }
    assertEquals(Trees.tensors(p.get(0)), Trees.tensors(distributed.params()));
    assertEquals(Trees.tensors(o.get(0)), Trees.tensors(distributed.state().optimizerState()));
    assertEquals(t, distributed.state().step());
    assertEquals(lastLoss, distributed.history().epochs().get(1).trainLoss(), 1e-12);
    var sync = SparkTrainer.of(sc, SparkTrainerTest.mlp()).withWorkers(k).withBatchSize(8).withShuffle(Key.of(2))
        .fit(params, SparkExamples.fromDataset(sc, data, 2), options);
    assertNotEquals(Trees.tensors(sync.params()), Trees.tensors(distributed.params()), "h = 3 is not synchronous SGD");
  }

  private static Tensor rows(Tensor t, int from) {
    int[] start = new int[t.rank()];
    int[] stop = t.shape().toArray();
    int[] stride = new int[t.rank()];
    java.util.Arrays.fill(stride, 1);
    start[0] = from;
    stop[0] = from + 4;
    return t.slice(start, stop, stride);
  }
}
