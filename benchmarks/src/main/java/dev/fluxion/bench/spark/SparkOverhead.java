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
 * in {@code k} micro-batches. Then the cost model of docs/distributed.md ({@link #costModel}) with this
 * machine's measured rates (it needs a run with one worker).
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
    double updateMsOneWorker = Double.NaN;
    double stageMsPerStep = Double.NaN;
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
      if (k == 1) {
        updateMsOneWorker = t.updateSeconds() * 1e3 / t.steps();
        stageMsPerStep = stage * 1e3 / t.steps();
      }
      System.out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f |%n", k, step,
          t.gradientSeconds() * 1e3 / t.steps(), t.exchangeSeconds() * 1e3 / t.steps(),
          t.updateSeconds() * 1e3 / t.steps(), stage, fusedMs, microMs, step / fusedMs);
    }
    sparkCosts();
    if (!Double.isNaN(updateMsOneWorker)) {
      double u = updateMsOneWorker / 1e3 / parameters;
      double c = Math.max(1e-15, (fusedMs / 1e3 - u * parameters)) / ((double) parameters * batch);
      costModel(c, u, stageMsPerStep / 1e3);
    }
  }

  /**
   * Prints what Spark's own means of stepping together would cost per step on {@code local[2]}: a job
   * of two empty tasks, a barrier stage of two empty tasks, and one {@code BarrierTaskContext.allGather}
   * inside a barrier task (the medians of 20).
   */
  static void sparkCosts() {
    try (JavaSparkContext sc = SparkTrainer.local(2)) {
      var rdd = sc.parallelize(List.of(0, 1), 2);
      double job = median(20, () -> rdd.foreach(x -> { }));
      double barrier = median(20, () -> rdd.rdd().barrier().mapPartitions(
          (scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Integer>> & java.io.Serializable)
              it -> it, false, scala.reflect.ClassTag$.MODULE$.apply(Integer.class)).count());
      Object gathered = rdd.rdd().barrier().mapPartitions(
          (scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Double>> & java.io.Serializable)
              it -> {
                var ctx = org.apache.spark.BarrierTaskContext.get();
                double[] ms = new double[10];
                for (int i = 0; i < ms.length; i++) {
                  long t0 = System.nanoTime();
                  ctx.allGather("x");
                  ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                java.util.Arrays.sort(ms);
                return scala.collection.Iterator$.MODULE$.single(ms[ms.length / 2]);
              }, false, scala.reflect.ClassTag$.MODULE$.apply(Double.class)).collect();
      double allGather = ((Double[]) gathered)[0];
      System.out.printf(Locale.ROOT, "%nSpark's own synchronisation on local[2], per call (median): a job of 2 empty tasks"
          + " %.1f ms, a barrier stage of 2 empty tasks %.1f ms, BarrierTaskContext.allGather %.1f ms%n", job, barrier,
          allGather);
    }
  }

  private static double median(int n, Runnable r) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return ms[n / 2];
  }

  /**
   * Prints the cost model's speed-ups: per step, one machine takes {@code c P N b + u P} for a global
   * batch of {@code N b}; {@code N} machines take {@code c P b + u P + s + 2 ceil(log2 N) (alpha + 4P / beta)}
   * (a binomial-tree reduce and broadcast of float32 gradients), with {@code c} (compute per parameter
   * and example), {@code u} (update per parameter) and {@code s} (stage cost per step) measured here,
   * alpha = 50 microseconds and beta = 1.25 GB/s (10 Gb/s).
   */
  static void costModel(double c, double u, double s) {
    double alpha = 50e-6;
    double beta = 1.25e9;
    long[] sizes = {100_000, 1_000_000, 10_000_000, 100_000_000};
    int[] batches = {32, 256};
    int[] machines = {4, 16, 64};
    System.out.printf(Locale.ROOT, "%nCost model: speed-up of N machines over one, 10 Gb/s (alpha 50 us), c = %.3g s"
        + " per parameter-example, u = %.3g s per parameter, s = %.3g s per step (measured above)%n%n", c, u, s);
    StringBuilder head = new StringBuilder("| parameters |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int b : batches) {
      for (int n : machines) {
        head.append(" b=").append(b).append(", N=").append(n).append(" |");
        rule.append("---|");
      }
    }
    System.out.println(head);
    System.out.println(rule);
    for (long p : sizes) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %,d |", p));
      for (int b : batches) {
        for (int n : machines) {
          double one = c * p * n * b + u * p;
          double rounds = 2 * Math.ceil(Math.log(n) / Math.log(2));
          double many = c * p * b + u * p + s + rounds * (alpha + 4.0 * p / beta);
          row.append(String.format(Locale.ROOT, " %.2f |", one / many));
        }
      }
      System.out.println(row);
    }
  }

  private static double lastEpochMs(Trainer.Fitted<?, ?, ?> f) {
    var last = f.history().epochs().get(f.history().epochs().size() - 1);
    return last.seconds() * 1e3 / Math.ceil(f.state().step() / (double) f.history().epochs().size());
  }
}
