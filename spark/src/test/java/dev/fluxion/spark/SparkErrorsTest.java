package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.loss.Penalties;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The errors users will hit, each saying what is wrong and what to do. */
class SparkErrorsTest {
  static JavaSparkContext sc;
  static final Dataset DATA = Synthetic.blobs(60, 3, 1.5, Key.of(4));
  static final List<Object> PARAMS = Mlp.of(Activation.relu(), 16, 3).init(Key.of(1), Shape.of(2));

  @BeforeAll
  static void start() {
    sc = SharedSpark.get();
  }

  /** Not serialisable: what a model captured from the enclosing scope often is. */
  static final class Holder {
    final int hidden = 16;
  }

  @Test
  void aFactoryCapturingSomethingUnserialisableShouldBeNamed() {
    Holder h = new Holder();
    var e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(sc,
        () -> Trainer.of(Mlp.of(Activation.relu(), h.hidden, 3), Losses::softmaxCrossEntropy, Optimizers.sgd(0.1))));
    assertTrue(e.getMessage().contains("the trainer factory cannot be serialised")
        && e.getMessage().contains(Holder.class.getName()), e.getMessage());
  }

  @Test
  void anUnserialisablePenaltyShouldBeNamed() {
    Function<Object, Expr> penalty = p -> Penalties.l2(p).times(1e-4);
    var e = assertThrows(IllegalArgumentException.class, () -> trainer().fit(PARAMS,
        SparkExamples.fromDataset(sc, DATA, 2), FitOptions.defaults().withQuiet(true).withPenalty(penalty)));
    assertTrue(e.getMessage().contains("the penalty"), e.getMessage());
    Function<Object, Expr> ok = (Function<Object, Expr> & Serializable) p -> Penalties.l2(p).times(1e-4);
    var fitted = trainer().fit(PARAMS, SparkExamples.fromDataset(sc, DATA, 2),
        FitOptions.defaults().withQuiet(true).withPenalty(ok));
    assertEquals(60 / 2 / 8, fitted.state().step());
  }

  @Test
  void tooFewExamplesForOneGlobalBatchShouldSaySo() {
    var e = assertThrows(IllegalArgumentException.class, () -> trainer().withBatchSize(64).fit(PARAMS,
        SparkExamples.fromDataset(sc, DATA.take(30), 1), FitOptions.defaults().withQuiet(true)));
    assertTrue(e.getMessage().contains("30 examples give no step of 2 shards x 32"), e.getMessage());
  }

  @Test
  void moreWorkersThanTaskSlotsShouldSaySo() {
    var e = assertThrows(IllegalArgumentException.class, () -> trainer().withWorkers(3));
    assertTrue(e.getMessage().contains("3 workers need 3 task slots") && e.getMessage().contains("local[2,4]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trainer().withBatchSize(15));
    assertThrows(IllegalArgumentException.class, () -> trainer().withLocalSteps(0));
  }

  @Test
  void examplesOfTheWrongSizeShouldBeNamed() {
    var rows = sc.parallelize(List.of(Sample.labelled(new double[] {1, 2}, 0), Sample.labelled(new double[] {1, 2, 3}, 1),
        Sample.labelled(new double[] {1, 2}, 2), Sample.labelled(new double[] {3, 2}, 0)), 2);
    var e = assertThrows(IllegalArgumentException.class, () -> trainer().withBatchSize(2).fit(PARAMS,
        SparkExamples.of(rows, Shape.of(2), Shape.scalar()), FitOptions.defaults().withQuiet(true)));
    assertTrue(e.getMessage().contains("example 1 has 3 feature values"), e.getMessage());
  }

  @Test
  void parametersOfAnotherModelShouldBeNamed() {
    List<Object> other = Mlp.of(Activation.relu(), 8, 3).init(Key.of(1), Shape.of(2));
    var e = assertThrows(IllegalArgumentException.class, () -> trainer().fit(other,
        SparkExamples.fromDataset(sc, DATA, 2), FitOptions.defaults().withQuiet(true)));
    assertTrue(e.getMessage().contains("params") && e.getMessage().contains("[2, 8]"), e.getMessage());
  }

  @Test
  void badArgumentsToTheEntryPointsShouldSaySo() {
    var e = assertThrows(IllegalArgumentException.class, () -> Sample.labelled(new double[] {1}, -1));
    assertTrue(e.getMessage().contains("label must be >= 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Sample.of(null, 1));
    e = assertThrows(IllegalArgumentException.class, () -> SparkExamples.fromDataset(sc, DATA, 0));
    assertTrue(e.getMessage().contains("partitions must be >= 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.local(0));
    assertTrue(e.getMessage().contains("threads must be >= 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trainer().withWorkers(0));
    assertThrows(IllegalArgumentException.class, () -> trainer().withShuffle(null));
    var sample = Sample.of(new double[] {1, 2}, 0);
    double[] x = sample.x();
    x[0] = 9;
    assertEquals(1, sample.x()[0], "a copy, not the sample's own array");
  }

  @Test
  void microBatchesBelongToOneProcess() {
    var e = assertThrows(IllegalArgumentException.class, () -> trainer().fit(PARAMS,
        SparkExamples.fromDataset(sc, DATA, 2), FitOptions.defaults().withQuiet(true).withMicroBatches(2)));
    assertTrue(e.getMessage().contains("withMicroBatches"), e.getMessage());
  }

  @Test
  void anExecutorWithoutTheVectorApiShouldBeNamed() {
    var e = assertThrows(IllegalStateException.class,
        () -> ShardTask.checkVectorModule(true, false, "executor 3 on host-a"));
    assertTrue(e.getMessage().contains("executor 3 on host-a runs without the Vector API module")
        && e.getMessage().contains("spark.executor.extraJavaOptions"), e.getMessage());
    ShardTask.checkVectorModule(true, true, "x");
    ShardTask.checkVectorModule(false, false, "x");
    assertTrue(SparkTrainer.explain(new org.apache.spark.SparkException("Job aborted: ... " + e.getMessage()))
        .getMessage().startsWith("SparkTrainer: executor 3 on host-a runs without"));
  }

  private static SparkTrainer<List<Object>, List<Object>, ?> trainer() {
    return SparkTrainer.of(sc, SparkTrainerTest.mlp()).withWorkers(2).withBatchSize(16);
  }
}
