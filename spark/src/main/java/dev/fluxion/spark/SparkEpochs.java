package dev.fluxion.spark;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.nn.data.Shards;
import dev.fluxion.nn.train.EpochRunner;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.TrainState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * The driver's side of a data-parallel fit: the shards cached on the executors once, then one
 * barrier stage per epoch whose {@code k} tasks train together ({@link ShardTask}); rank 0's end
 * state comes back and the trainer does the rest (validation, callbacks, checkpoints).
 */
final class SparkEpochs<P, S, O> implements EpochRunner<P, S, O>, AutoCloseable {
  private final JavaSparkContext sc;
  private final SparkTrainer<P, S, O> config;
  private final SparkExamples data;
  private final DType dtype;
  private final @Nullable Function<Object, Expr> penalty;
  private final Consumer<SparkTrainer.Timing> timings;
  private final String run = UUID.randomUUID().toString();
  private final long token = new SecureRandom().nextLong();
  private final Rendezvous rendezvous;
  private final JavaRDD<ShardBlock> blocks;
  private final long n;
  private double setupSeconds;

  SparkEpochs(JavaSparkContext sc, SparkTrainer<P, S, O> config, SparkExamples data, DType dtype,
      @Nullable Function<Object, Expr> penalty, Consumer<SparkTrainer.Timing> timings) {
    long t0 = System.nanoTime();
    this.sc = sc;
    this.config = config;
    this.data = data;
    this.dtype = dtype;
    this.penalty = penalty;
    this.timings = timings;
    int k = config.workers();
    int b = config.batchSize() / k;
    try {
      this.n = data.samples().count();
    } catch (Exception e) {
      throw SparkTrainer.explain(e);
    }
    try {
      Shards.steps(n, k, b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SparkTrainer: " + e.getMessage(), e);
    }
    int[] x = data.featureShape().toArray();
    int[] y = data.targetShape().toArray();
    DType d = dtype;
    this.blocks = data.samples().zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
        .partitionBy(new ShardPartitioner(k))
        .mapPartitionsWithIndex((i, it) -> List.of(ShardBlock.build(i, k, it, dev.fluxion.autodiff.tensor.Shape.of(x),
            dev.fluxion.autodiff.tensor.Shape.of(y), d)).iterator(), true)
        .persist(StorageLevel.MEMORY_ONLY());
    try {
      blocks.count();
      this.rendezvous = new Rendezvous(k, token);
    } catch (IOException e) {
      blocks.unpersist(false);
      throw new UncheckedIOException("SparkTrainer: cannot open the driver's rendezvous port: " + e.getMessage(), e);
    } catch (Exception e) {
      blocks.unpersist(false);
      throw SparkTrainer.explain(e);
    }
    this.setupSeconds = (System.nanoTime() - t0) / 1e9;
  }

  @Override
  public int batchSize() {
    return config.batchSize();
  }

  /** {@return the number of examples} */
  long size() {
    return n;
  }

  @Override
  public Epoch<P, S, O> run(TrainState<P, S, O> start, int epoch, FitOptions options) {
    long t0 = System.nanoTime();
    int k = config.workers();
    var plan = new ShardTask.Plan(run, config.factory(), penalty, data.featureShape().toArray(),
        data.targetShape().toArray(), dtype, k, config.batchSize() / k, n, epoch, options.seed(), config.shuffleKey().seed(),
        sc.getConf().get("spark.driver.host"), rendezvous.port(), token,
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), config.localSteps());
    var task = new ShardTask<P, S, O>(plan, Leaves.of(start.params()), Leaves.of(start.optimizerState()),
        Leaves.of(start.modelState()), start.step());
    Outcome[] out;
    try {
      RDD<Outcome> stage = blocks.rdd().barrier().mapPartitions(task, false, ClassTag$.MODULE$.apply(Outcome.class));
      // Spark reruns a failed barrier stage only if it is a shuffle map stage: the end state goes
      // through a one-partition shuffle to the driver's result stage.
      out = JavaRDD.fromRDD(stage, ClassTag$.MODULE$.apply(Outcome.class))
          .mapToPair(o -> new Tuple2<>(0, o))
          .partitionBy(new HashPartitioner(1))
          .values()
          .collect()
          .toArray(Outcome[]::new);
    } catch (Exception e) {
      throw SparkTrainer.explain(e);
    }
    if (out.length != 1) {
      throw new IllegalStateException("SparkTrainer: epoch " + epoch + " returned " + out.length + " end states, not 1");
    }
    Outcome o = out[0];
    var end = new TrainState<>(o.params().into("params", start.params()),
        o.modelState().into("model state", start.modelState()),
        o.optState().into("optimizer state", start.optimizerState()), o.step(), start.epoch());
    double seconds = (System.nanoTime() - t0) / 1e9;
    timings.accept(new SparkTrainer.Timing(epoch, k, o.step() - start.step(), seconds, o.stepNanos()[0] / 1e9,
        o.stepNanos()[1] / 1e9, o.stepNanos()[2] / 1e9, setupSeconds));
    setupSeconds = 0;
    return new Epoch<>(end, o.lossSum(), o.correct(), o.seen(), o.stopped());
  }

  @Override
  public void close() {
    try {
      rendezvous.close();
    } catch (IOException ignored) {
      // the port closes with the JVM anyway
    }
    blocks.unpersist(false);
  }
}
