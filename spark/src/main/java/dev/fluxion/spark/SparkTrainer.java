package dev.fluxion.spark;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Shards;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.TrainState;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.jspecify.annotations.Nullable;

/**
 * Synchronous data-parallel training of an {@code nn} model on Apache Spark, with the optimizers,
 * schedules, callbacks and checkpoints of {@link Trainer}.
 *
 * <pre>{@code
 * try (JavaSparkContext sc = SparkTrainer.local(2)) {
 *   var spark = SparkTrainer.of(sc, () -> Trainer.of(Mlp.of(Activation.relu(), 128, 10),
 *       Losses::softmaxCrossEntropy, Optimizers.adam(1e-3))).withWorkers(2).withBatchSize(64);
 *   var fitted = spark.fit(params, SparkExamples.fromDataset(sc, train, 2), FitOptions.epochs(3));
 * }
 * }</pre>
 *
 * <p><b>Semantics.</b> {@code k} workers each hold one shard of the data ({@link Shards}: example
 * {@code g} on worker {@code g mod k}) and step through it in an order drawn from the shuffle key
 * and the epoch. Every step, each computes the gradient of the mean loss over its {@code b =
 * batchSize / k} examples; the gradients are summed in the fixed {@link dev.fluxion.nn.train.TreeReduce}
 * order, divided by {@code k}, and every worker applies the same optimizer update. A run equals,
 * bit for bit, {@code Trainer.fit} in one process with {@link FitOptions#withMicroBatches(int)
 * withMicroBatches(k)} over {@link #replayLoader(Dataset)}, and differs from the fused single-batch step
 * only by rounding (documented bound in docs/distributed.md).
 *
 * <p><b>Execution.</b> One barrier stage per epoch with one long-running task per worker; the tasks
 * meet at a port the driver opens, then exchange gradients over their own sockets along the
 * summation tree (rank 0 sums, then sends the total back down). The shards are cached on the
 * executors once. A failed or killed task fails its stage, which Spark reruns from the epoch's
 * start state: same data, same seeds, same bits. Callbacks, validation and checkpoints run on the
 * driver between epochs.
 *
 * @param <P> the parameter tree type
 * @param <S> the model state tree type
 * @param <O> the optimizer state type
 */
public final class SparkTrainer<P, S, O> {
  /** The JVM options Spark needs on Java 17+, plus the Vector API module, for executors and drivers. */
  public static final String JAVA_OPTIONS = String.join(" ",
      "--add-modules jdk.incubator.vector",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

  private final JavaSparkContext sc;
  private final TrainerFactory<P, S, O> factory;
  private final int workers;
  private final int batchSize;
  private final Key shuffle;
  private final int localSteps;
  private final Consumer<Timing> timings;

  private SparkTrainer(JavaSparkContext sc, TrainerFactory<P, S, O> factory, int workers, int batchSize, Key shuffle,
      int localSteps, Consumer<Timing> timings) {
    this.sc = sc;
    this.factory = factory;
    this.workers = workers;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.localSteps = localSteps;
    this.timings = timings;
  }

  /**
   * {@return a data-parallel trainer on {@code sc} of the trainer {@code factory} makes: as many
   * workers as {@code sc.defaultParallelism()}, a global batch of 64 (rounded up to a multiple of the
   * workers), shuffle key 0}
   *
   * @param <P> the parameter tree type
   * @param <S> the model state tree type
   * @param <O> the optimizer state type
   * @param sc the Spark context (embedded {@code local[n]} or a cluster)
   * @param factory makes the same model, loss and optimizer on the driver and on every worker
   * @throws IllegalArgumentException if an argument is null or the factory cannot be serialised
   *     (naming the class that is not)
   */
  public static <P, S, O> SparkTrainer<P, S, O> of(JavaSparkContext sc, TrainerFactory<P, S, O> factory) {
    Checks.notNull(sc, "sc");
    checkSerialisable("the trainer factory", Checks.notNull(factory, "factory"));
    int k = Math.max(1, sc.defaultParallelism());
    return new SparkTrainer<>(sc, factory, k, roundUp(64, k), Key.of(0), 1, t -> { });
  }

  private static int roundUp(int n, int k) {
    return (n + k - 1) / k * k;
  }

  /**
   * {@return this trainer with {@code k} workers (barrier tasks; the cluster needs {@code k} task slots
   * at once), the global batch rounded up to a multiple of {@code k}}
   *
   * @param k {@code >= 1}
   * @throws IllegalArgumentException if {@code k < 1}, or an embedded {@code local[n]} master has fewer
   *     than {@code k} threads
   */
  public SparkTrainer<P, S, O> withWorkers(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("SparkTrainer: workers must be >= 1, got " + k);
    }
    int slots = localSlots(sc.master());
    if (slots > 0 && k > slots) {
      throw new IllegalArgumentException("SparkTrainer: " + k + " workers need " + k + " task slots at once (barrier"
          + " execution), but master " + sc.master() + " has " + slots + ": use local[" + k + "] or fewer workers");
    }
    return new SparkTrainer<>(sc, factory, k, roundUp(batchSize, k), shuffle, localSteps, timings);
  }

  /**
   * {@return this trainer with a global batch of {@code n} examples per step, {@code n / workers} per worker}
   *
   * @param n {@code >= 1}, a multiple of the number of workers
   * @throws IllegalArgumentException if {@code n} is not a positive multiple of the workers
   */
  public SparkTrainer<P, S, O> withBatchSize(int n) {
    if (n < 1 || n % workers != 0) {
      throw new IllegalArgumentException("SparkTrainer: the global batch " + n + " must be a positive multiple of the "
          + workers + " workers");
    }
    return new SparkTrainer<>(sc, factory, workers, n, shuffle, localSteps, timings);
  }

  /**
   * {@return this trainer with the data order drawn from {@code key} (as {@code DataLoader.withShuffle})}
   *
   * @param key the run's shuffle key
   */
  public SparkTrainer<P, S, O> withShuffle(Key key) {
    return new SparkTrainer<>(sc, factory, workers, batchSize, Checks.notNull(key, "key"), localSteps, timings);
  }

  /**
   * {@return this trainer averaging every {@code h} steps (local SGD) instead of every step}
   *
   * <p>With {@code h > 1} each worker steps its own copy of the parameters and optimizer state with its
   * own micro-batch's gradient ({@code batchSize / workers} examples); after every {@code h} steps, and
   * at the end of each epoch, the workers replace their parameters and floating-point optimizer state by
   * the mean over workers (summed in tree order, divided by the number of workers; integer leaves such as
   * step counts are equal on all workers and kept), and take worker 0's model state. One exchange per
   * {@code h} steps instead of one per step, for slow networks; the result is not that of synchronous
   * SGD (Lin et al. 2020, "Don't use large mini-batches, use local SGD"). {@code h = 1} is synchronous
   * SGD.
   *
   * @param h {@code >= 1}
   * @throws IllegalArgumentException if {@code h < 1}
   */
  public SparkTrainer<P, S, O> withLocalSteps(int h) {
    if (h < 1) {
      throw new IllegalArgumentException("SparkTrainer: local steps must be >= 1, got " + h);
    }
    return new SparkTrainer<>(sc, factory, workers, batchSize, shuffle, h, timings);
  }

  /** {@return the steps between averages: 1 for synchronous SGD} */
  public int localSteps() {
    return localSteps;
  }

  /**
   * {@return this trainer reporting each epoch's {@link Timing} to {@code listener} (on the driver)}
   *
   * @param listener called after every epoch's stage
   */
  public SparkTrainer<P, S, O> withTimings(Consumer<Timing> listener) {
    return new SparkTrainer<>(sc, factory, workers, batchSize, shuffle, localSteps, Checks.notNull(listener, "listener"));
  }

  /**
   * Where an epoch's time went, measured on rank 0.
   *
   * @param epoch the epoch, from 1
   * @param workers the number of workers
   * @param steps steps run
   * @param seconds the whole epoch on the driver: stage launch, tasks, end state back
   * @param gradientSeconds computing the shard's gradient (forward and backward)
   * @param exchangeSeconds summing over the tree and receiving the total: waiting for peers included
   * @param updateSeconds the optimizer update
   * @param setupSeconds before the first epoch: counting, shuffling and caching the shards (0 afterwards)
   */
  public record Timing(int epoch, int workers, long steps, double seconds, double gradientSeconds,
      double exchangeSeconds, double updateSeconds, double setupSeconds) {}

  /** {@return the number of workers} */
  public int workers() {
    return workers;
  }

  /** {@return the global batch size} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return the shuffle key} */
  public Key shuffleKey() {
    return shuffle;
  }

  TrainerFactory<P, S, O> factory() {
    return factory;
  }

  /**
   * {@return a loader giving one process the batches this trainer's workers step through together:
   * with {@code Trainer.fit(..., FitOptions.withMicroBatches(workers()))} it replays a run bit for bit}
   *
   * @param data the examples, in the order the {@link SparkExamples} lists them
   * @throws IllegalArgumentException if there is no step
   */
  public DataLoader replayLoader(Dataset data) {
    Checks.notNull(data, "data");
    return DataLoader.of(data, batchSize).withSampler(Shards.sampler(data.size(), workers, batchSize / workers, shuffle));
  }

  /**
   * Trains from {@code params} (with the model's initial state and the optimizer's initial state).
   *
   * @param params the initial parameters, of the structure the factory's model makes
   * @param data the training examples
   * @param options epochs, seed, validation, callbacks (run on the driver), output; a penalty must be
   *     serialisable
   * @return the final state and the history
   * @throws IllegalArgumentException if the data does not fit the model, there are fewer examples than
   *     one global batch, or the penalty cannot be serialised
   * @throws IllegalStateException if Spark gives up on a stage, with the workers' error
   */
  public Trainer.Fitted<P, S, O> fit(P params, SparkExamples data, FitOptions options) {
    Checks.notNull(params, "params");
    Checks.notNull(data, "data");
    Trainer<P, S, O> trainer = factory.create();
    DType dtype = Trees.dtype(params, DType.FLOAT64);
    var start = new TrainState<>(params, trainer.model().initState(data.featureShape(), dtype),
        trainer.optimizer().init(params), 0, 0);
    return resume(start, data, options);
  }

  /**
   * Continues training from {@code start} (a {@code Fitted.state()} or a restored checkpoint) up to
   * {@code options.epochs()} epochs in total.
   *
   * @param start the train state to continue from
   * @param data the training examples
   * @param options as for {@link #fit}
   * @return the final state and the history
   * @throws IllegalArgumentException as {@link #fit}
   * @throws IllegalStateException if Spark gives up on a stage, with the workers' error
   */
  @SuppressWarnings("unchecked")
  public Trainer.Fitted<P, S, O> resume(TrainState<P, S, O> start, SparkExamples data, FitOptions options) {
    Checks.notNull(start, "start");
    Checks.notNull(data, "data");
    Checks.notNull(options, "options");
    if (options.microBatches() > 0) {
      throw new IllegalArgumentException("SparkTrainer: FitOptions.withMicroBatches is for one process; the workers"
          + " are the micro-batches here");
    }
    Function<Object, Expr> penalty = options.penalty();
    if (penalty != null) {
      checkSerialisable("the penalty", penalty);
    }
    Trainer<P, S, O> trainer = factory.create();
    DType dtype = Trees.dtype(start.params(), DType.FLOAT64);
    Leaves.of(start.params()).into("params", trainer.model().init(Key.of(0), data.featureShape(), dtype));
    try (var runner = new SparkEpochs<>(sc, this, data, dtype, penalty, timings)) {
      return trainer.resume(start, runner, options);
    }
  }

  /**
   * {@return a Spark configuration for {@code master} with what training needs on every JVM: the
   * options of {@link #JAVA_OPTIONS} for the executors, quick barrier-slot checks, no UI}
   *
   * @param master e.g. {@code local[2]} or {@code spark://host:7077}
   * @param app the application name
   */
  public static SparkConf conf(String master, String app) {
    return new SparkConf().setMaster(Checks.notNull(master, "master")).setAppName(Checks.notNull(app, "app"))
        .set("spark.ui.enabled", "false")
        .set("spark.executor.extraJavaOptions", JAVA_OPTIONS)
        .set("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "2s")
        .set("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "15")
        .set("spark.driver.host", master.startsWith("local") ? "127.0.0.1" : hostOr(""))
        .set("spark.driver.bindAddress", master.startsWith("local") ? "127.0.0.1" : "0.0.0.0");
  }

  private static String hostOr(String fallback) {
    try {
      return java.net.InetAddress.getLocalHost().getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return fallback;
    }
  }

  /**
   * {@return an embedded Spark context {@code local[threads,4]} (no cluster; a failed task is retried up to
   * 4 times, as on a cluster), quiet, ready for training}
   *
   * @param threads task slots, {@code >= 1}: at least the number of workers
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static JavaSparkContext local(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("SparkTrainer.local: threads must be >= 1, got " + threads);
    }
    JavaSparkContext sc = new JavaSparkContext(conf("local[" + threads + ",4]", "fluxion"));
    sc.setLogLevel("ERROR");
    return sc;
  }

  private static int localSlots(String master) {
    if (master.equals("local")) {
      return 1;
    }
    var m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?\\]").matcher(master);
    if (!m.matches()) {
      return -1;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  private static void checkSerialisable(String what, Object o) {
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(o);
    } catch (java.io.NotSerializableException e) {
      throw new IllegalArgumentException("SparkTrainer: " + what + " cannot be serialised: " + e.getMessage()
          + " is not Serializable. Spark ships it to every worker: write it as a lambda that builds the model, loss"
          + " and optimizer and captures only serialisable values (numbers, strings, keys)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("SparkTrainer: " + what + " cannot be serialised: " + e, e);
    }
    if (!(o instanceof Serializable)) {
      throw new IllegalArgumentException("SparkTrainer: " + what + " (" + o.getClass().getName() + ") is not"
          + " Serializable: cast the lambda, e.g. (Function<Object, Expr> & Serializable) p -> ...");
    }
  }

  /** {@return {@code e} with the workers' own error (a line starting "fluxion:") brought to the front} */
  static RuntimeException explain(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      int at = m.indexOf("fluxion: ");
      if (at >= 0) {
        int end = m.indexOf('\n', at);
        return new IllegalStateException("SparkTrainer: " + m.substring(at + 9, end < 0 ? m.length() : end), e);
      }
      if (m.contains("SPARK-24819") || m.contains("more slots than the total number of slots")) {
        return new IllegalStateException("SparkTrainer: the cluster has fewer task slots than the workers asked for"
            + " (barrier execution runs all of them at once): start more executors or use fewer workers", e);
      }
      int bad = m.indexOf("IllegalArgumentException: ");
      if (bad >= 0 && t instanceof org.apache.spark.SparkException) {
        int end = m.indexOf('\n', bad);
        return new IllegalArgumentException("SparkTrainer: " + m.substring(bad + 26, end < 0 ? m.length() : end), e);
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException("SparkTrainer: " + e.getMessage(), e);
  }
}
