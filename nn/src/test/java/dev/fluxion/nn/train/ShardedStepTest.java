package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Shards;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.LSTM;
import dev.fluxion.nn.layer.LayerNorm;
import dev.fluxion.nn.layer.TransformerBlock;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Dropout;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Micro-batched (data-parallel) steps: one shard equals the fused step bit for bit; {@code k}
 * shards equal their hand-made tree sum bit for bit and the fused step on the whole batch within
 * a few ulps; Trainer's {@code withMicroBatches} runs them.
 */
class ShardedStepTest {
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("mlp", Mlp.of(Activation.relu(), 8, 3)),
        Arguments.of("batchnorm dropout", Sequential.of(Dense.of(8), BatchNorm.of(), Activation.tanh(),
            new Dropout(0.3), Dense.of(3))));
  }

  private static Dataset data(DType dtype) {
    return Synthetic.blobs(96, 3, 1.0, Key.of(4)).cast(dtype);
  }

  private static <P, S> Trainer.Fitted<P, S, ?> fit(Layer<P, S> model, DType dtype, FitOptions options, Dataset data,
      DataLoader loader) {
    P params = model.init(Key.of(1), data.featureShape(), dtype);
    return Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-2)).fit(params, loader,
        options.withQuiet(true).withEpochs(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  <P, S> void oneMicroBatchShouldEqualTheFusedStepBitForBit(String name, Layer<P, S> model) {
    for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
      Dataset d = data(dtype);
      DataLoader loader = DataLoader.of(d, 16).withShuffle(Key.of(2));
      var fused = fit(model, dtype, FitOptions.defaults(), d, loader);
      var micro = fit(model, dtype, FitOptions.defaults().withMicroBatches(1), d, loader);
      if (!name.contains("dropout")) {
        assertEquals(Trees.tensors(fused.params()), Trees.tensors(micro.params()), dtype.toString());
      }
      assertEquals(Trees.tensors(fused.state().optimizerState()).size(),
          Trees.tensors(micro.state().optimizerState()).size());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  <P, S> void shardsShouldEqualTheirTreeSumAndTheFusedStepWithinUlps(String name, Layer<P, S> model) {
    Dataset d = data(DType.FLOAT64);
    P params = model.init(Key.of(1), d.featureShape());
    S state = model.initState(d.featureShape());
    var opt = Optimizers.sgd(0.1);
    var sharded = new ShardedStep<>(model, Losses::softmaxCrossEntropy, null, opt, params, state, d.featureShape(),
        d.targetShape());
    var batch = DataLoader.of(d, 24).batches(0).iterator().next();
    Key stepKey = Key.of(9).fold(0);
    var r = sharded.apply(params, opt.init(params), state, batch.x(), batch.y(), 4, stepKey);
    List<ShardGradient> parts = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      parts.add(sharded.gradient(params, state, ShardedStep.rows(batch.x(), 6 * s, 6), ShardedStep.rows(batch.y(), 6 * s, 6),
          stepKey.fold(s).seed()).gradient());
    }
    ShardGradient byHand = parts.get(0).plus(parts.get(1)).plus(parts.get(2).plus(parts.get(3)));
    var u = sharded.update(params, opt.init(params), byHand);
    assertEquals(Trees.tensors(u.params()), Trees.tensors(r.params()));
    assertEquals(byHand.loss() / 4, r.loss());
    if (name.contains("dropout")) {
      return;
    }
    var fused = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt).build(params, state, d.featureShape(),
        d.targetShape()).apply(params, opt.init(params), state, batch, 0);
    List<Tensor> a = Trees.flatten(fused.params()).values();
    List<Tensor> b = Trees.flatten(r.params()).values();
    double worst = 0;
    for (int i = 0; i < a.size(); i++) {
      worst = Math.max(worst, a.get(i).minus(b.get(i)).abs().max().item());
    }
    assertTrue(worst > 0 || a.equals(b));
    assertTrue(worst < 1e-14, "sharded vs fused after one step: " + worst);
    assertEquals(fused.loss(), r.loss(), 1e-15);
  }

  static Stream<Arguments> deterministicModels() {
    return Stream.of(
        Arguments.of("mlp", Mlp.of(Activation.tanh(), 8, 3), Shape.of(5)),
        Arguments.of("cnn", Sequential.of(Conv.same(2, 3), Activation.relu(), Pool.max(2), Reshape.flatten(),
            Dense.of(3)), Shape.of(1, 6, 6)),
        Arguments.of("layernorm", Sequential.of(Dense.of(8), LayerNorm.of(), Activation.gelu(), Dense.of(3)),
            Shape.of(5)),
        Arguments.of("lstm", Sequential.of(new LSTM(4), Reshape.flatten(), Dense.of(3)), Shape.of(4, 2)),
        Arguments.of("transformer", Sequential.of(new TransformerBlock(2, 2, 0.0, true), Reshape.flatten(),
            Dense.of(3)), Shape.of(3, 4)));
  }

  /**
   * The bound of docs/distributed.md: the mean of k shard gradients against the gradient of the whole
   * batch's mean loss, relative to the gradient's largest entry, for every kind of model whose examples
   * do not interact (dense, convolutional, normalised per example, recurrent, attention; not BatchNorm,
   * whose shards normalise by their own statistics, nor dropout).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("deterministicModels")
  <P, S> void theMeanOfShardGradientsShouldEqualTheBatchGradientToRounding(String name, Layer<P, S> model,
      Shape example) {
    for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
      P params = model.init(Key.of(1), example, dtype);
      S state = model.initState(example, dtype);
      Tensor x = Tensor.normal(Key.of(2), BatchShapes.batched(24, example), 0, 1).cast(dtype);
      Tensor y = Tensor.of(new double[] {0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 1, 2, 0, 0, 2, 1, 2, 0, 1, 2, 0, 1, 2, 0}, 24)
          .cast(dtype);
      var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, example,
          Shape.scalar());
      List<Tensor> whole = Trees.flatten(compiled.step(params, state, x, y, 0).grads()).values();
      var sharded = new ShardedStep<>(model, Losses::softmaxCrossEntropy, null, Optimizers.sgd(0.1), params, state,
          example, Shape.scalar());
      for (int k : new int[] {2, 3, 4}) {
        int b = 24 / k;
        List<ShardGradient> parts = new ArrayList<>();
        for (int s = 0; s < k; s++) {
          parts.add(sharded.gradient(params, state, ShardedStep.rows(x, s * b, b), ShardedStep.rows(y, s * b, b), 0)
              .gradient());
        }
        List<Tensor> sum = TreeReduce.reduce(parts, ShardGradient::plus).grads();
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < whole.size(); i++) {
          worst = Math.max(worst, sum.get(i).div(k).minus(whole.get(i)).abs().max().item());
          scale = Math.max(scale, whole.get(i).abs().max().item());
        }
        double bound = dtype == DType.FLOAT64 ? 2e-15 : 2e-6;
        assertTrue(worst <= bound * scale, name + " " + dtype + " k=" + k + ": " + worst / scale + " relative");
      }
    }
  }

  @Test
  void trainerShouldTrainOnTheShardedOrderWithMicroBatches() {
    Dataset d = data(DType.FLOAT64);
    var model = Mlp.of(Activation.relu(), 8, 3);
    DataLoader loader = DataLoader.of(d, 8).withSampler(Shards.sampler(d.size(), 4, 2, Key.of(3)));
    var out = new ByteArrayOutputStream();
    var fitted = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-2)).fit(
        model.init(Key.of(1), d.featureShape()), loader,
        FitOptions.defaults().withEpochs(3).withMicroBatches(4).withQuiet(true).withOut(new PrintStream(out)));
    assertEquals(3, fitted.history().epochs().size());
    assertEquals(3L * 12, fitted.state().step());
    assertTrue(fitted.history().epochs().get(2).trainLoss() < fitted.history().epochs().get(0).trainLoss());
  }

  @Test
  void gradientsThatDoNotFitShouldBeNamed() {
    var model = Mlp.of(Activation.relu(), 8, 3);
    List<Object> params = model.init(Key.of(1), Shape.of(2));
    var sharded = new ShardedStep<>(model, Losses::softmaxCrossEntropy, null, Optimizers.sgd(0.1), params,
        model.initState(Shape.of(2)), Shape.of(2), Shape.scalar());
    var opt = Optimizers.sgd(0.1).init(params);
    var e = assertThrows(IllegalArgumentException.class, () -> sharded.update(params, opt,
        new ShardGradient(0, 0, 1, List.of(Tensor.zeros(2, 8)))));
    assertTrue(e.getMessage().contains("1 gradient leaves for 4 parameters"), e.getMessage());
    var a = new ShardGradient(1, 1, 1, List.of(Tensor.zeros(2)));
    e = assertThrows(IllegalArgumentException.class, () -> a.plus(new ShardGradient(1, 1, 1, List.of(Tensor.zeros(3)))));
    assertTrue(e.getMessage().contains("leaf 0 is float64[2] and float64[3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.plus(new ShardGradient(1, 1, 1, List.of())));
    assertThrows(IllegalArgumentException.class, () -> new ShardGradient(1, 1, 0, List.of()));
    assertEquals(2, a.plus(a).shards());
  }

  @Test
  void shouldRejectABatchThatDoesNotSplitEvenly() {
    Dataset d = data(DType.FLOAT64);
    var model = Mlp.of(Activation.relu(), 8, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, Losses::softmaxCrossEntropy,
        Optimizers.sgd(0.1)).fit(model.init(Key.of(1), d.featureShape()), DataLoader.of(d, 10),
        FitOptions.defaults().withMicroBatches(4).withQuiet(true)));
    assertTrue(e.getMessage().contains("10 examples does not split into 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().withMicroBatches(-1));
  }
}
