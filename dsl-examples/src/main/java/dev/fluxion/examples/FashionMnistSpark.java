package dev.fluxion.examples;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.examples.support.FashionMnist;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import dev.fluxion.spark.SparkExamples;
import dev.fluxion.spark.SparkTrainer;
import dev.fluxion.spark.TrainerFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example fashion-mnist-spark}: a 784-128-10 ReLU perceptron trained data-parallel
 * on Apache Spark (embedded {@code local[N]} unless {@code --master} names a cluster), then the
 * equality check: the same run replayed in this process ({@code Trainer} with one micro-batch per
 * worker) must give the same parameters bit for bit, and the single-process fused step on the same
 * batches the same accuracy within rounding.
 */
@Command(name = "fashion-mnist-spark", mixinStandardHelpOptions = true,
    description = "Data-parallel training of a Fashion-MNIST classifier on Apache Spark, checked against one process.")
public final class FashionMnistSpark implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIR,
      description = "directory of the Fashion-MNIST IDX files (default ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. spark://host:7077 (default: embedded local[EXECUTORS])")
  @Nullable String master;

  @Option(names = "--executors", defaultValue = "2", description = "data-parallel workers (default ${DEFAULT-VALUE})")
  int executors;

  @Option(names = "--limit", defaultValue = "60000", description = "training images used (default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--test-limit", defaultValue = "10000", description = "test images (default ${DEFAULT-VALUE})")
  int testLimit;

  @Option(names = "--epochs", defaultValue = "3", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128",
      description = "global batch, split evenly among the workers (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--local-steps", defaultValue = "1",
      description = "average every H steps (local SGD); 1 = synchronous SGD (default ${DEFAULT-VALUE})")
  int localSteps;

  @Option(names = "--no-check", description = "skip the one-process runs (the equality check)")
  boolean noCheck;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Spec
  CommandSpec spec;

  static TrainerFactory<List<Object>, List<Object>, ChainState> factory() {
    return () -> Trainer.of(Mlp.of(Activation.relu(), 128, 10), Losses::softmaxCrossEntropy, Optimizers.adam(1e-3));
  }

  @Override
  public Integer call() {
    if (executors < 1 || epochs < 1 || batchSize < executors || batchSize % executors != 0) {
      throw new IllegalArgumentException("--executors and --epochs must be >= 1 and --batch-size a multiple of"
          + " --executors, got " + executors + ", " + epochs + ", " + batchSize);
    }
    PrintWriter out = spec.commandLine().getOut();
    Mnist.Data d = FashionMnist.load(data, limit, testLimit, DType.FLOAT32, 784);
    List<Object> params = Mlp.of(Activation.relu(), 128, 10).init(Key.of(seed), Shape.of(784), DType.FLOAT32);
    FitOptions options = FitOptions.epochs(epochs).withSeed(seed).withQuiet(true);
    Map<String, Object> summary = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    try (JavaSparkContext sc = context()) {
      var spark = SparkTrainer.of(sc, factory()).withWorkers(executors).withBatchSize(batchSize)
          .withLocalSteps(localSteps).withShuffle(Key.of(seed).fold(1));
      List<SparkTrainer.Timing> timings = new ArrayList<>();
      var fitted = spark.withTimings(timings::add).fit(params,
          SparkExamples.fromDataset(sc, d.train(), Math.max(executors, sc.defaultParallelism())), options);
      fitted.history().epochs().forEach(e -> {
        SparkTrainer.Timing t = timings.get(e.epoch() - 1);
        out.printf(java.util.Locale.ROOT, "epoch %d: train_loss=%.4f train_accuracy=%.4f seconds=%.2f"
            + " (gradient %.2f, exchange %.2f, update %.2f)%n", e.epoch(), e.trainLoss(), e.trainAccuracy(),
            t.seconds(), t.gradientSeconds(), t.exchangeSeconds(), t.updateSeconds());
      });
      out.flush();
      double accuracy = accuracy(fitted.params(), d);
      double seconds = (System.nanoTime() - t0) / 1e9;
      summary.put("test_accuracy", accuracy);
      summary.put("workers", executors);
      summary.put("master", sc.master());
      summary.put("local_steps", localSteps);
      summary.put("steps", fitted.state().step());
      SparkTrainer.Timing last = timings.get(timings.size() - 1);
      summary.put("step_ms", last.seconds() * 1e3 / last.steps());
      summary.put("exchange_ms", last.exchangeSeconds() * 1e3 / last.steps());
      summary.put("setup_seconds", timings.get(0).setupSeconds());
      summary.put("spark_seconds", seconds);
      if (!noCheck) {
        var trainer = factory().create();
        if (localSteps == 1) {
          var replay = trainer.fit(params, spark.replayLoader(d.train()), options.withMicroBatches(executors));
          summary.put("replay_equal", Trees.tensors(replay.params()).equals(Trees.tensors(fitted.params())));
        }
        long t1 = System.nanoTime();
        var single = trainer.fit(params, spark.replayLoader(d.train()), options);
        summary.put("one_process_seconds", (System.nanoTime() - t1) / 1e9);
        summary.put("one_process_accuracy", accuracy(single.params(), d));
        summary.put("max_abs_diff_vs_one_process", maxAbsDiff(single.params(), fitted.params()));
      }
    }
    Summary.print(out, summary);
    return 0;
  }

  private JavaSparkContext context() {
    if (System.getProperty("spark.master") != null) {
      SparkConf conf = new SparkConf().setAppName("fluxion fashion-mnist-spark");
      return new JavaSparkContext(conf.setIfMissing("spark.executor.extraJavaOptions", SparkTrainer.JAVA_OPTIONS));
    }
    if (master == null) {
      return SparkTrainer.local(executors);
    }
    JavaSparkContext sc = new JavaSparkContext(SparkTrainer.conf(master, "fluxion fashion-mnist-spark")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.cores.max", Integer.toString(executors)));
    sc.setLogLevel("ERROR");
    return sc;
  }

  private static double accuracy(List<Object> params, Mnist.Data d) {
    var model = Mlp.of(Activation.relu(), 128, 10);
    return FashionMnist.accuracy(Trainer.predict(model, params, model.initState(Shape.of(784)), d.test().features(),
        1000), d.test());
  }

  private static double maxAbsDiff(List<Object> a, List<Object> b) {
    List<Tensor> x = Trees.flatten(a).values();
    List<Tensor> y = Trees.flatten(b).values();
    double worst = 0;
    for (int i = 0; i < x.size(); i++) {
      worst = Math.max(worst, x.get(i).minus(y.get(i)).abs().max().item());
    }
    return worst;
  }
}
