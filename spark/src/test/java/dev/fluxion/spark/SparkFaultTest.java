package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.train.Checkpoints;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.TrainState;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskKilled;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults on an embedded Spark: a task killed mid-epoch, a run checkpointed and resumed. */
class SparkFaultTest {
  static JavaSparkContext sc;
  static final ConcurrentLinkedQueue<Long> RUNNING = new ConcurrentLinkedQueue<>();
  static final ConcurrentLinkedQueue<String> KILLED = new ConcurrentLinkedQueue<>();
  static final ConcurrentLinkedQueue<Integer> ATTEMPTS = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    sc = SharedSpark.get();
    sc.setLogLevel("OFF");
    sc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskStart(SparkListenerTaskStart e) {
        RUNNING.add(e.taskInfo().taskId());
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        RUNNING.remove(e.taskInfo().taskId());
        if (e.reason() instanceof TaskKilled k) {
          KILLED.add(k.reason());
        }
      }

      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted e) {
        ATTEMPTS.add(e.stageInfo().attemptNumber());
      }
    });
  }

  static TrainerFactory<List<Object>, List<Object>, ChainState> mlp() {
    return SparkTrainerTest.mlp();
  }

  private static final Dataset DATA = Synthetic.blobs(1200, 3, 1.5, Key.of(4));

  private static SparkTrainer<List<Object>, List<Object>, ChainState> spark() {
    return SparkTrainer.of(sc, mlp()).withWorkers(2).withBatchSize(4).withShuffle(Key.of(7));
  }

  private static List<Object> params() {
    return Mlp.of(Activation.relu(), 16, 3).init(Key.of(1), DATA.featureShape());
  }

  @Test
  void aTaskKilledMidEpochShouldBeRetriedAndChangeNothing() throws Exception {
    FitOptions options = FitOptions.epochs(2).withQuiet(true);
    SparkExamples examples = SparkExamples.fromDataset(sc, DATA, 2);
    var clean = spark().fit(params(), examples, options);
    long perEpoch = clean.state().step() / 2;
    long begun = ShardTask.STEPS_BEGUN.get();
    KILLED.clear();
    var run = CompletableFuture.supplyAsync(() -> spark().fit(params(), examples, options));
    long target = begun + 2 * perEpoch + perEpoch / 2;
    while (ShardTask.STEPS_BEGUN.get() < target && !run.isDone()) {
      Thread.sleep(1);
    }
    Long victim = RUNNING.peek();
    assertNotNull(victim, "a training task is running in epoch 2");
    assertTrue(sc.sc().killTaskAttempt(victim, true, "fault injection: killed mid-epoch"));
    var faulty = run.get(120, TimeUnit.SECONDS);
    assertTrue(KILLED.stream().anyMatch(r -> r.contains("fault injection")), "the kill reached a task: " + KILLED);
    assertTrue(ATTEMPTS.stream().anyMatch(a -> a > 0), "the epoch's stage ran again");
    assertEquals(Trees.tensors(clean.params()), Trees.tensors(faulty.params()));
    assertEquals(clean.state().step(), faulty.state().step());
  }

  @Test
  void aResumedRunShouldEqualAnUninterruptedOne(@TempDir Path dir) throws Exception {
    SparkExamples examples = SparkExamples.fromDataset(sc, DATA.take(600), 3);
    var spark = spark().withBatchSize(32);
    var whole = spark.fit(params(), examples, FitOptions.epochs(3).withQuiet(true)
        .withCallback(Checkpoints.every(1, dir)));
    Path second = dir.resolve("epoch-0002.safetensors");
    assertTrue(Files.exists(second));
    var template = new TrainState<>(params(), mlp().create().model().initState(DATA.featureShape()), mlp().create().optimizer().init(params()), 0, 0);
    TrainState<List<Object>, List<Object>, ChainState> restored = Checkpoints.load(second, template);
    assertEquals(2, restored.epoch());
    var resumed = spark.resume(restored, examples, FitOptions.epochs(3).withQuiet(true));
    assertEquals(Trees.tensors(whole.params()), Trees.tensors(resumed.params()));
    assertEquals(Trees.tensors(whole.state().optimizerState()), Trees.tensors(resumed.state().optimizerState()));
    assertEquals(whole.state().step(), resumed.state().step());
  }
}
