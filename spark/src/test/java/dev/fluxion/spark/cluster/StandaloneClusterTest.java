package dev.fluxion.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import dev.fluxion.spark.SharedSpark;
import dev.fluxion.spark.SparkExamples;
import dev.fluxion.spark.SparkTrainer;
import dev.fluxion.spark.TrainerFactory;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import dev.fluxion.spark.cluster.StandaloneCluster.ExecutorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A real standalone cluster of a master and two one-core workers, shared by the tests: jobs whose
 * lambdas live in test code run on its executors; data-parallel training on it equals the one-process
 * replay bit for bit and survives a killed executor with the same final parameters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

  private static final Duration READY = Duration.ofSeconds(40);
  private static final List<Integer> NUMBERS = IntStream.rangeClosed(1, 1000).boxed().toList();
  private static final int TWICE_THE_SUM = 1000 * 1001;

  private static StandaloneCluster cluster;
  private static JavaSparkContext sc;

  @BeforeAll
  static void startCluster() throws IOException {
    assumeTrue(
        Files.isExecutable(StandaloneCluster.javaExecutable()),
        "This JVM has no java executable to start the cluster with: "
            + StandaloneCluster.javaExecutable());
    SharedSpark.stop();
    cluster = StandaloneCluster.start(2);
    cluster.waitUntilReady(READY);
    sc = new JavaSparkContext(cluster.conf("StandaloneClusterTest"));
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (sc != null) {
        sc.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @BeforeEach
  void oneExecutorPerWorker() {
    cluster.waitForExecutors(sc, cluster.workerCount(), READY);
  }

  @Test
  void executorsRunLambdasOfTheTestClasses() {
    int sum = sc.parallelize(NUMBERS, 2).map(x -> x * 2).reduce(Integer::sum);

    assertEquals(TWICE_THE_SUM, sum);
    List<Long> pids =
        sc.parallelize(NUMBERS, 2).map(x -> ProcessHandle.current().pid()).distinct().collect();
    assertTrue(
        executorPids().containsAll(pids),
        "tasks ran in " + pids + ", the executors are " + cluster.executors());
  }

  private static final Dataset DATA = Synthetic.blobs(8000, 3, 1.5, Key.of(4));
  private static final TrainerFactory<List<Object>, List<Object>, ChainState> MLP =
      () -> Trainer.of(Mlp.of(Activation.relu(), 32, 3), Losses::softmaxCrossEntropy, Optimizers.adam(1e-2));

  private static SparkTrainer<List<Object>, List<Object>, ChainState> spark(JavaSparkContext context) {
    return SparkTrainer.of(context, MLP).withWorkers(2).withBatchSize(8).withShuffle(Key.of(7));
  }

  private static List<Object> params() {
    return Mlp.of(Activation.relu(), 32, 3).init(Key.of(1), DATA.featureShape());
  }

  private static Trainer.Fitted<List<Object>, List<Object>, ChainState> clean;

  @Test
  @Order(1)
  void trainingOnTwoWorkersEqualsOneProcess() {
    FitOptions options = FitOptions.epochs(2).withQuiet(true);
    clean = spark(sc).fit(params(), SparkExamples.fromDataset(sc, DATA, 2), options);
    var replay = MLP.create().fit(params(), spark(sc).replayLoader(DATA), options.withMicroBatches(2));
    assertEquals(Trees.tensors(replay.params()), Trees.tensors(clean.params()));
    assertEquals(Trees.tensors(replay.state().optimizerState()), Trees.tensors(clean.state().optimizerState()));
    assertEquals(2L * (8000 / 2 / 4), clean.state().step());
    var fused = MLP.create().fit(params(), spark(sc).replayLoader(DATA), options);
    assertEquals(fused.history().epochs().get(1).trainAccuracy(), clean.history().epochs().get(1).trainAccuracy(),
        0.01);
  }

  @Test
  @Order(2)
  void aKilledExecutorIsReplacedAndTheRunEndsWithTheSameParameters() throws Exception {
    assertNotNull(clean, "runs after trainingOnTwoWorkersEqualsOneProcess");
    TaskEvents events = new TaskEvents();
    sc.sc().addSparkListener(events);
    try {
      var run = CompletableFuture.supplyAsync(
          () -> spark(sc).fit(params(), SparkExamples.fromDataset(sc, DATA, 2), FitOptions.epochs(2).withQuiet(true)));
      cluster.waitFor("the first epoch's training tasks", READY, () -> events.barrierStages.get() >= 1);
      Thread.sleep(500);
      assertFalse(run.isDone(), "the run is still training");
      ExecutorProcess killed = cluster.killOneExecutor();
      var faulty = run.get(120, TimeUnit.SECONDS);
      assertTrue(events.failed.get() >= 1, "a task failed with executor " + killed);
      assertEquals(Trees.tensors(clean.params()), Trees.tensors(faulty.params()));
      assertEquals(clean.state().step(), faulty.state().step());
      cluster.waitFor("a replacement for executor " + killed, READY, () -> cluster.executors().stream()
          .anyMatch(e -> e.worker() == killed.worker() && e.pid() != killed.pid()));
    } finally {
      sc.sc().removeSparkListener(events);
    }
  }

  /** Counts the tasks started and the tasks that ended in failure. */
  private static final class TaskEvents extends SparkListener {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger barrierStages = new AtomicInteger();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted stage) {
      if (stage.stageInfo().name().contains("barrier") || stage.stageInfo().rddInfos().exists(
          r -> r.isBarrier())) {
        barrierStages.incrementAndGet();
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
      started.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (!taskEnd.taskInfo().successful()) {
        failed.incrementAndGet();
      }
    }
  }

  private static Set<Long> executorPids() {
    return cluster.executors().stream().map(ExecutorProcess::pid).collect(Collectors.toSet());
  }

  private static Set<Integer> executorsByWorker() {
    return cluster.executors().stream().map(ExecutorProcess::worker).collect(Collectors.toSet());
  }
}
