package dev.fluxion.nn.optim;

import static dev.fluxion.nn.optim.Transformations.addDecayedWeights;
import static dev.fluxion.nn.optim.Transformations.chain;
import static dev.fluxion.nn.optim.Transformations.clipByGlobalNorm;
import static dev.fluxion.nn.optim.Transformations.clipByValue;
import static dev.fluxion.nn.optim.Transformations.identity;
import static dev.fluxion.nn.optim.Transformations.scale;
import static dev.fluxion.nn.optim.Transformations.scaleByAdagrad;
import static dev.fluxion.nn.optim.Transformations.scaleByAdam;
import static dev.fluxion.nn.optim.Transformations.scaleByLearningRate;
import static dev.fluxion.nn.optim.Transformations.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.Fixtures.Params;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws every transformation obeys, over a table of optimizers and chains, with seeded noisy
 * gradients of a quadratic: chain identities, fixed state shapes, untouched inputs, bit-for-bit
 * determinism, and resume-from-checkpoint equal to an uninterrupted run.
 */
class OptimizerLawsProperties {
  private static final long SEED = 20240611L;

  /** A named optimizer, built fresh on every {@code get()} (as a new process would). */
  record Named(String name, Supplier<GradientTransformation<?>> make) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Named> optimizers() {
    Schedule decaying = step -> 0.1 / Math.sqrt(1 + step);
    return List.of(
        new Named("sgd", () -> Optimizers.sgd(0.05)),
        new Named("sgd momentum", () -> Optimizers.sgd(0.05, 0.9, false)),
        new Named("sgd nesterov, schedule", () -> Optimizers.sgd(decaying, 0.9, true)),
        new Named("adam", () -> Optimizers.adam(0.05)),
        new Named("adamw, schedule", () -> Optimizers.adamw(decaying, 0.9, 0.99, 1e-8, 0.01)),
        new Named("rmsprop", () -> Optimizers.rmsprop(0.01)),
        new Named("rmsprop centered momentum", () -> Optimizers.rmsprop(0.01, 0.9, 1e-8, 0.5, true)),
        new Named("adagrad", () -> Optimizers.adagrad(0.1)),
        new Named("clip, adam, decay, lr", () -> chain(clipByGlobalNorm(1), scaleByAdam(0.9, 0.999, 1e-8),
            addDecayedWeights(1e-3), scaleByLearningRate(decaying))),
        new Named("l2, clip, nesterov, scale",
            () -> chain(addDecayedWeights(0.01), clipByValue(0.5), trace(0.8, true), scale(-0.1))),
        new Named("adagrad(0.1), lr", () -> chain(scaleByAdagrad(0.1, 1e-7), scaleByLearningRate(0.1))));
  }

  /** The gradient of w0^2 + 10 w1^2 + 3 b^2 at {@code p}, plus seeded N(0, 0.1) noise for step {@code step}. */
  private static Params noisyGrad(Params p, int step) {
    Key[] keys = Key.of(SEED).fold(step).split(2);
    Tensor w = Trees.value(p.w()).times(Tensor.vector(2, 20)).plus(Tensor.normal(keys[0], Shape.of(2), 0, 0.1));
    Tensor b = Trees.value(p.b()).times(6).plus(Tensor.normal(keys[1], Shape.scalar(), 0, 0.1));
    return new Params(Fx.constant(w), Fx.constant(b));
  }

  /** Where a run ended and the updates it produced. */
  record Run<S>(Params params, S state, List<Params> updates) {}

  private static <S> Run<S> run(GradientTransformation<S> opt, Params params, S state, int from, int to) {
    List<Params> updates = new ArrayList<>();
    for (int step = from; step < to; step++) {
      var u = opt.update(noisyGrad(params, step), state, params);
      updates.add(u.updates());
      params = Optimizers.applyUpdates(params, u.updates());
      state = u.state();
    }
    return new Run<>(params, state, updates);
  }

  private static <S> Run<S> run(GradientTransformation<S> opt, int steps) {
    return run(opt, Fixtures.THETA0, opt.init(Fixtures.THETA0), 0, steps);
  }

  /** The leaves' tensors by path, copied element by element (a tree with no shared storage). */
  private static java.util.Map<String, Tensor> snapshot(Object tree) {
    java.util.Map<String, Tensor> out = new java.util.LinkedHashMap<>();
    Trees.tensors(tree).forEach((path, t) -> out.put(path, Tensor.of(t.toArray(), t.shape())));
    return out;
  }

  private static java.util.Map<String, Shape> shapes(Object tree) {
    java.util.Map<String, Shape> out = new java.util.LinkedHashMap<>();
    Trees.flatten(tree).byPath().forEach((path, e) -> out.put(path, e.shape()));
    return out;
  }

  private static List<java.util.Map<String, Tensor>> snapshots(List<Params> trees) {
    return trees.stream().map(OptimizerLawsProperties::snapshot).toList();
  }

  @Nested
  class Chains {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.OptimizerLawsProperties#optimizers")
    void shouldTreatIdentityAsANeutralLink(Named t) {
      var expected = snapshots(run(t.make().get(), 6).updates());
      assertEquals(expected, snapshots(run(chain(identity(), t.make().get()), 6).updates()));
      assertEquals(expected, snapshots(run(chain(t.make().get(), identity()), 6).updates()));
      assertEquals(expected, snapshots(run(chain(chain(t.make().get())), 6).updates()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.OptimizerLawsProperties#optimizers")
    void shouldBeAssociative(Named t) {
      var flat = chain(clipByGlobalNorm(2), t.make().get(), scale(0.5));
      var left = chain(chain(clipByGlobalNorm(2), t.make().get()), scale(0.5));
      var right = chain(clipByGlobalNorm(2), chain(t.make().get(), scale(0.5)));
      var expected = snapshots(run(flat, 6).updates());
      assertEquals(expected, snapshots(run(left, 6).updates()));
      assertEquals(expected, snapshots(run(right, 6).updates()));
    }

    @Test
    void shouldMakeTheEmptyChainTheIdentity() {
      var grads = noisyGrad(Fixtures.THETA0, 0);
      var empty = chain();
      var u = empty.update(grads, empty.init(Fixtures.THETA0), Fixtures.THETA0);
      assertEquals(snapshot(grads), snapshot(u.updates()));
    }
  }

  @Nested
  class States {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.OptimizerLawsProperties#optimizers")
    void shouldKeepTheStateTreeShape(Named t) {
      assertShapeKept(t.make().get());
    }

    private <S> void assertShapeKept(GradientTransformation<S> opt) {
      S state = opt.init(Fixtures.THETA0);
      var expected = shapes(state);
      Params p = Fixtures.THETA0;
      for (int step = 0; step < 5; step++) {
        var u = opt.update(noisyGrad(p, step), state, p);
        state = u.state();
        p = Optimizers.applyUpdates(p, u.updates());
        assertEquals(expected, shapes(state), "after step " + step);
        assertEquals(shapes(p), shapes(u.updates()));
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.OptimizerLawsProperties#optimizers")
    void shouldNotMutateItsInputs(Named t) {
      assertInputsKept(t.make().get());
    }

    private <S> void assertInputsKept(GradientTransformation<S> opt) {
      Run<S> warm = run(opt, 3);
      Params grads = noisyGrad(warm.params(), 3);
      var before = List.of(snapshot(warm.params()), snapshot(grads), snapshot(warm.state()));
      var u = opt.update(grads, warm.state(), warm.params());
      Optimizers.applyUpdates(warm.params(), u.updates());
      assertEquals(before, List.of(snapshot(warm.params()), snapshot(grads), snapshot(warm.state())));
      assertNotEquals(snapshot(warm.state()), snapshot(u.state()));
    }
  }

  @Nested
  class Reproducibility {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.OptimizerLawsProperties#optimizers")
    void shouldGiveBitIdenticalRuns(Named t) {
      Run<?> a = run(t.make().get(), 20);
      Run<?> b = run(t.make().get(), 20);
      assertEquals(snapshot(a.params()), snapshot(b.params()));
      assertEquals(snapshot(a.state()), snapshot(b.state()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.OptimizerLawsProperties#optimizers")
    void shouldResumeFromACheckpointBitForBit(Named t) {
      assertResumes(t.make().get(), t.make().get());
    }

    /** Saves after 7 steps, restores into a fresh optimizer's templates, runs 6 more; compares with 13 straight. */
    private <S, T> void assertResumes(GradientTransformation<S> first, GradientTransformation<T> second) {
      Run<S> straight = run(first, 13);
      Run<S> before = run(first, 7);
      var savedParams = snapshot(before.params());
      var savedState = snapshot(before.state());
      Params template = Trees.zerosLike(Fixtures.THETA0);
      Params params = Trees.fromTensors(template, savedParams);
      T state = Trees.fromTensors(second.init(template), savedState);
      Run<T> resumed = run(second, params, state, 7, 13);
      assertEquals(snapshot(straight.params()), snapshot(resumed.params()));
      assertEquals(snapshot(straight.state()), snapshot(resumed.state()));
    }
  }
}
