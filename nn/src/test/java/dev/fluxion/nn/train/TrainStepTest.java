package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Dropout;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.loss.Penalties;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled train step against the eager path it replaces ({@link CompiledModel#step}, then
 * {@code optimizer.update} and {@link Optimizers#applyUpdates} on constants): bit for bit, step
 * after step, for every optimizer and for models with convolutions, BatchNorm and dropout.
 */
class TrainStepTest {
  private static final int STEPS = 4;

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("sgd", Optimizers.sgd(0.1)),
        Arguments.of("sgd momentum", Optimizers.sgd(0.1, 0.9, false)),
        Arguments.of("nesterov", Optimizers.sgd(0.1, 0.9, true)),
        Arguments.of("adam", Optimizers.adam(1e-2)),
        Arguments.of("adamw", Optimizers.adamw(1e-2, 1e-2)),
        Arguments.of("rmsprop", Optimizers.rmsprop(1e-2)),
        Arguments.of("rmsprop centered momentum", Optimizers.rmsprop(1e-2, 0.9, 1e-8, 0.5, true)),
        Arguments.of("adagrad", Optimizers.adagrad(0.1)),
        Arguments.of("adam scheduled", Optimizers.adam(step -> 1e-2 / (1 + step), 0.9, 0.999, 1e-8)));
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("mlp", Mlp.of(Activation.relu(), 8, 3), Shape.of(5)),
        Arguments.of("cnn", Sequential.of(Conv.same(2, 3), Activation.relu(), Pool.max(2), Reshape.flatten(),
            Dense.of(3)), Shape.of(1, 6, 6)),
        Arguments.of("batchnorm dropout", Sequential.of(Dense.of(8), BatchNorm.of(), Activation.tanh(),
            new Dropout(0.3), Dense.of(3)), Shape.of(5)));
  }

  @Nested
  class BitIdentity {
    @ParameterizedTest(name = "mlp, {0}")
    @MethodSource("dev.fluxion.nn.train.TrainStepTest#optimizers")
    <O> void shouldEqualTheEagerPathForEveryOptimizer(String name, GradientTransformation<O> opt) {
      assertSameAsEager(Mlp.of(Activation.relu(), 8, 3), Shape.of(5), opt);
    }

    @ParameterizedTest(name = "{0}, adam")
    @MethodSource("dev.fluxion.nn.train.TrainStepTest#models")
    <P, S> void shouldEqualTheEagerPathForEveryModel(String name, Layer<P, S> model, Shape example) {
      assertSameAsEager(model, example, Optimizers.adam(1e-2));
      assertSameAsEager(model, example, Optimizers.sgd(0.1, 0.9, false));
    }

    @Test
    void shouldAddThePenaltyToTheLossAndItsGradient() {
      Sequential model = Mlp.of(Activation.relu(), 8, 3);
      var opt = Optimizers.sgd(0.1, 0.9, false);
      List<Object> params = model.init(Key.of(1), Shape.of(5));
      var state = model.initState(Shape.of(5));
      var step = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt)
          .penalty(p -> Penalties.l2(p).times(0.5)).build(params, state, Shape.of(5), Shape.scalar());
      var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, p -> Penalties.l2(p).times(0.5),
          params, state, Shape.of(5), Shape.scalar());
      Tensor x = x(Shape.of(5), 0);
      var eager = compiled.step(params, state, x, labels(), 7);
      var u = opt.update(eager.grads(), opt.init(params), params);
      var r = step.apply(params, opt.init(params), state, x, labels(), 7);
      assertEquals(eager.loss(), r.loss());
      assertEquals(Trees.tensors(Optimizers.applyUpdates(params, u.updates())), Trees.tensors(r.params()));
    }
  }

  @Nested
  class Float32 {
    @ParameterizedTest(name = "mlp, {0}")
    @MethodSource("dev.fluxion.nn.train.TrainStepTest#optimizers")
    <O> void shouldEqualTheEagerPathForEveryOptimizer(String name, GradientTransformation<O> opt) {
      assertSameAsEager(Mlp.of(Activation.relu(), 8, 3), Shape.of(5), opt, DType.FLOAT32);
    }

    @ParameterizedTest(name = "{0}, adam")
    @MethodSource("dev.fluxion.nn.train.TrainStepTest#models")
    <P, S> void shouldEqualTheEagerPathForEveryModel(String name, Layer<P, S> model, Shape example) {
      assertSameAsEager(model, example, Optimizers.adam(1e-2), DType.FLOAT32);
      assertSameAsEager(model, example, Optimizers.sgd(0.1, 0.9, false), DType.FLOAT32);
    }

    @Test
    void shouldRejectABatchOfAnotherDTypeNamingBoth() {
      Sequential model = Mlp.of(Activation.relu(), 8, 3);
      var opt = Optimizers.sgd(0.1);
      List<Object> params = model.init(Key.of(1), Shape.of(5), DType.FLOAT32);
      var state = model.initState(Shape.of(5), DType.FLOAT32);
      var s = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt).build(params, state, Shape.of(5), Shape.scalar());
      var e = assertThrows(IllegalArgumentException.class,
          () -> s.apply(params, opt.init(params), state, x(Shape.of(5), 0), labels().cast(DType.FLOAT32), 0));
      assertTrue(e.getMessage().contains("batch x is float64") && e.getMessage().contains("parameters are float32"),
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> s.apply(params, opt.init(params), state, x(Shape.of(5), 0).cast(DType.FLOAT32), labels(), 0));
      assertTrue(e.getMessage().contains("batch y is float64"), e.getMessage());
    }
  }

  @Nested
  class Checks {
    private final Sequential model = Mlp.of(Activation.relu(), 8, 3);
    private final List<Object> params = model.init(Key.of(1), Shape.of(5));
    private final List<Object> state = model.initState(Shape.of(5));
    private final TrainStep<List<Object>, List<Object>, ?> step =
        TrainStep.builder(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-2))
            .build(params, state, Shape.of(5), Shape.scalar());

    @Test
    void shouldRejectBatchesOfTheWrongShape() {
      var opt = Optimizers.adam(1e-2);
      var s = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt).build(params, state, Shape.of(5), Shape.scalar());
      var e = assertThrows(IllegalArgumentException.class,
          () -> s.apply(params, opt.init(params), state, Tensor.zeros(6, 4), labels(), 0));
      assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[5]"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> s.apply(params, opt.init(params), state, x(Shape.of(5), 0), Tensor.zeros(5), 0));
      assertTrue(e.getMessage().contains("one size"), e.getMessage());
    }

    @Test
    void shouldNameBothOptimizersWhenTheStateWasMadeByAnother() {
      var opt = Optimizers.adam(1e-2);
      var s = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt).build(params, state, Shape.of(5), Shape.scalar());
      var sgdState = Optimizers.sgd(0.1, 0.9, false).init(params);
      var e = assertThrows(IllegalArgumentException.class,
          () -> s.apply(params, sgdState, state, x(Shape.of(5), 0), labels(), 0));
      assertTrue(e.getMessage().contains("another optimizer"), e.getMessage());
    }

    @Test
    void shouldNameTheLeafWhereTheParametersDiffer() {
      var opt = Optimizers.sgd(0.1);
      var s = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt).build(params, state, Shape.of(5), Shape.scalar());
      List<Object> wider = Mlp.of(Activation.relu(), 9, 3).init(Key.of(1), Shape.of(5));
      var e = assertThrows(IllegalArgumentException.class,
          () -> s.apply(wider, opt.init(params), state, x(Shape.of(5), 0), labels(), 0));
      assertTrue(e.getMessage().contains("params and the template differ at '0.w'") && e.getMessage().contains("[5, 9]"),
          e.getMessage());
    }

    @Test
    void shouldSayWhenAnOptimizerCannotBeTraced() {
      GradientTransformation<List<Object>> eagerOnly = new GradientTransformation<>() {
        @Override
        public List<Object> init(Object p) {
          return List.of();
        }

        @Override
        public <T> Update<T, List<Object>> update(T grads, List<Object> state, T p) {
          return new Update<>(Trees.mapTensors(grads, g -> g.times(-0.1)), state);
        }
      };
      var s = TrainStep.builder(model, Losses::softmaxCrossEntropy, eagerOnly)
          .build(params, state, Shape.of(5), Shape.scalar());
      var e = assertThrows(IllegalArgumentException.class,
          () -> s.apply(params, List.of(), state, x(Shape.of(5), 0), labels(), 0));
      assertTrue(e.getMessage().contains("must work on traced trees"), e.getMessage());
    }

    @Test
    void shouldCompileOncePerBatchSize() {
      int nodes = step.planSize(6);
      assertEquals(nodes, step.planSize(6));
      assertThrows(IllegalArgumentException.class, () -> step.planSize(0));
    }
  }

  @Nested
  class Concurrency {
    @Test
    void shouldGiveTheSameBitsFromManyThreads() throws Exception {
      Sequential model = Sequential.of(Dense.of(8), BatchNorm.of(), Activation.relu(), new Dropout(0.3), Dense.of(3));
      var opt = Optimizers.adam(1e-2);
      List<Object> params = model.init(Key.of(1), Shape.of(5));
      List<Object> state = model.initState(Shape.of(5));
      var step = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt)
          .build(params, state, Shape.of(5), Shape.scalar());
      var want = step.apply(params, opt.init(params), state, x(Shape.of(5), 3), labels(), 11);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<TrainStep.Result<List<Object>, List<Object>, ?>>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          runs.add(pool.submit(() -> step.apply(params, opt.init(params), state, x(Shape.of(5), 3), labels(), 11)));
        }
        for (var f : runs) {
          var r = f.get();
          assertEquals(want.loss(), r.loss());
          assertEquals(Trees.tensors(want.params()), Trees.tensors(r.params()));
          assertEquals(Trees.tensors(want.optState()), Trees.tensors(r.optState()));
          assertEquals(Trees.tensors(want.modelState()), Trees.tensors(r.modelState()));
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  /** {@link #STEPS} compiled steps equal as many eager ones: parameters, both states and loss, bit for bit. */
  private static <P, S, O> void assertSameAsEager(Layer<P, S> model, Shape example, GradientTransformation<O> opt) {
    assertSameAsEager(model, example, opt, DType.FLOAT64);
  }

  /** As above in {@code dtype}; the parameters and both states also keep {@code dtype}. */
  private static <P, S, O> void assertSameAsEager(Layer<P, S> model, Shape example, GradientTransformation<O> opt,
      DType dtype) {
    P params = model.init(Key.of(1), example, dtype);
    S state = model.initState(example, dtype);
    O optState = opt.init(params);
    var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, example,
        Shape.scalar());
    var step = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt).build(params, state, example, Shape.scalar());
    P eagerParams = params;
    S eagerState = state;
    O eagerOpt = optState;
    for (int i = 0; i < STEPS; i++) {
      Tensor x = x(example, i).cast(dtype);
      Tensor labels = labels().cast(dtype);
      var r = compiled.step(eagerParams, eagerState, x, labels, i);
      var u = opt.update(r.grads(), eagerOpt, eagerParams);
      eagerParams = Optimizers.applyUpdates(eagerParams, u.updates());
      eagerOpt = u.state();
      eagerState = r.state();

      var c = step.apply(params, optState, state, x, labels, i);
      params = c.params();
      optState = c.optState();
      state = c.modelState();
      assertEquals(r.loss(), c.loss(), "loss at step " + i);
      assertEquals(Trees.tensors(eagerParams), Trees.tensors(params), "params after step " + i);
      assertEquals(Trees.tensors(eagerOpt), Trees.tensors(optState), "optimizer state after step " + i);
      assertEquals(Trees.tensors(eagerState), Trees.tensors(state), "model state after step " + i);
      assertEquals(r.outputs(), c.outputs(), "outputs at step " + i);
      assertEquals(dtype, Trees.dtype(params, DType.FLOAT64), "params' dtype after step " + i);
      assertEquals(dtype, Trees.dtype(state, dtype), "model state's dtype after step " + i);
      for (Tensor t : Trees.tensors(optState).values()) {
        assertTrue(t.dtype() == dtype || t.rank() == 0, "optimizer state leaf " + t + " after step " + i);
      }
    }
  }

  private static Tensor x(Shape example, int i) {
    int[] d = new int[example.rank() + 1];
    d[0] = 6;
    System.arraycopy(example.toArray(), 0, d, 1, example.rank());
    return Tensor.normal(Key.of(100 + i), Shape.of(d), 0, 1);
  }

  private static Tensor labels() {
    return Tensor.of(new double[] {0, 1, 2, 0, 1, 2}, 6);
  }
}
