package dev.fluxion.bench.spark;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.io.SizeLimit;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.spark.SparkExamples;
import dev.fluxion.spark.SparkTrainer;
import dev.fluxion.spark.TrainerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The cost of data-parallel training on Spark against one process, on this machine: the MLP
 * 784-{@code hidden}-10 on Fashion-MNIST in float32, a global batch of {@code --batch}, for each number
 * of workers (embedded {@code local[k]}) the last epoch's step time and where it went (gradient,
 * exchange, update, the stage's own cost), next to one process stepping the same batches fused and
 * in {@code k} micro-batches. Then the cost model of docs/distributed.md with this machine's measured
 * compute rate.
 *
 * <pre>
 * SparkOverhead [--workers 1,2,4] [--epochs 3] [--batch 128] [--hidden 128] [--limit 60000] [--data DIR]
 * </pre>
 */
public final class SparkOverhead {
  private SparkOverhead() {}

  /**
   * Runs the measurements and prints Markdown tables.
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    List<Integer> workers = List.of(1, 2, 4);
    int epochs = 3;
    int batch = 128;
    int hidden = 128;
    int limit = 60000;
    Path dir = Path.of("/usr/share/datasets/fashion-mnist");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--workers" -> workers = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--hidden" -> hidden = Integer.parseInt(v);
        case "--limit" -> limit = Integer.parseInt(v);
        case "--data" -> dir = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Dataset train = Mnist.load(dir, SizeLimit.heap(), DType.FLOAT32).train();
    train = train.take(Math.min(limit, train.size()));
    train = Dataset.of(train.features().reshape(Shape.of(train.size(), 784)), train.targets());
    int h = hidden;
    TrainerFactory<List<Object>, List<Object>, ChainState> factory =
        () -> Trainer.of(Mlp.of(Activation.relu(), h, 10), Losses::softmaxCrossEntropy, Optimizers.adam(1e-3));
    List<Object> params = Mlp.of(Activation.relu(), h, 10).init(Key.of(0), Shape.of(784), DType.FLOAT32);
    long parameters = dev.fluxion.nn.tree.Trees.count(params);
    FitOptions options = FitOptions.epochs(epochs).withQuiet(true);
    System.out.printf(Locale.ROOT, "MLP 784-%d-10 (%,d parameters), float32, %d examples, global batch %d, last of %d"
        + " epochs%n%n", hidden, parameters, train.size(), batch, epochs);
    System.out.println("| workers | Spark step ms | gradient | exchange | update | stage per epoch s | one process fused"
        + " ms | one process, k micro-batches ms | Spark / fused |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    double fusedMs = 0;
    for (int k : workers) {
      SparkTrainer.Timing t;
      try (JavaSparkContext sc = SparkTrainer.local(k)) {
        List<SparkTrainer.Timing> timings = new ArrayList<>();
        var spark = SparkTrainer.of(sc, factory).withWorkers(k).withBatchSize(batch).withTimings(timings::add);
        spark.fit(params, SparkExamples.fromDataset(sc, train, k), options);
        t = timings.get(timings.size() - 1);
      }
      DataLoader loader = DataLoader.of(train, batch).withSampler(
          dev.fluxion.nn.data.Shards.sampler(train.size(), k, batch / k, Key.of(0)));
      if (fusedMs == 0) {
        fusedMs = lastEpochMs(factory.create().fit(params, loader, options));
      }
      double microMs = lastEpochMs(factory.create().fit(params, loader, options.withMicroBatches(k)));
      double step = t.seconds() * 1e3 / t.steps();
      double stage = t.seconds() - t.gradientSeconds() - t.exchangeSeconds() - t.updateSeconds();
      System.out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f |%n", k, step,
          t.gradientSeconds() * 1e3 / t.steps(), t.exchangeSeconds() * 1e3 / t.steps(),
          t.updateSeconds() * 1e3 / t.steps(), stage, fusedMs, microMs, step / fusedMs);
    }
  }

  private static double lastEpochMs(Trainer.Fitted<?, ?, ?> f) {
    var last = f.history().epochs().get(f.history().epochs().size() - 1);
    return last.seconds() * 1e3 / Math.ceil(f.state().step() / (double) f.history().epochs().size());
  }
}
