package dev.fluxion.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.GradientTransformation.Update;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each optimizer's {@code update} on traced trees (variables for gradients, state and parameters) is
 * the graph of the step, and evaluating that graph equals the eager update bit for bit.
 */
class TracedUpdateTest {
  private static final Schedule DECAYING = step -> 0.1 / (1 + step);

  /** A matrix and a vector, as in a dense layer. */
  record Net(Expr w, Expr b) {}

  private static Net random(long seed, double std) {
    Key[] k = Key.of(seed).split(2);
    return new Net(Fx.constant(Tensor.normal(k[0], Shape.of(3, 4), 0, std)),
        Fx.constant(Tensor.normal(k[1], Shape.of(4), 0, std)));
  }

  private record Case(String name, Supplier<GradientTransformation<?>> opt) {}

  private static List<Case> cases() {
    return List.of(
        new Case("sgd", () -> Optimizers.sgd(0.1)),
        new Case("sgd, schedule", () -> Optimizers.sgd(DECAYING, 0, false)),
        new Case("sgd momentum", () -> Optimizers.sgd(0.1, 0.9, false)),
        new Case("sgd nesterov, schedule", () -> Optimizers.sgd(DECAYING, 0.9, true)),
        new Case("adam", () -> Optimizers.adam(1e-2)),
        new Case("adam, schedule", () -> Optimizers.adam(DECAYING, 0.8, 0.99, 1e-6)),
        new Case("adamw", () -> Optimizers.adamw(1e-2, 0.01)),
        new Case("rmsprop", () -> Optimizers.rmsprop(1e-2)),
        new Case("rmsprop centered momentum", () -> Optimizers.rmsprop(DECAYING, 0.9, 1e-8, 0.5, true)),
        new Case("adagrad", () -> Optimizers.adagrad(0.1)),
        new Case("clip norm, clip value, scale", () -> Transformations.chain(Transformations.clipByGlobalNorm(1),
            Transformations.clipByValue(0.3), Transformations.scale(-0.5))),
        new Case("clip norm (not reached), lr", () -> Transformations.chain(Transformations.clipByGlobalNorm(100),
            Transformations.scaleByLearningRate(DECAYING))));
  }

  /** The state after {@code steps} eager updates from {@code init}, with seeded gradients. */
  private static <S> S warm(GradientTransformation<S> opt, Net params, int steps) {
    S state = opt.init(params);
    for (int i = 0; i < steps; i++) {
      state = opt.update(random(100 + i, 1), state, params).state();
    }
    return state;
  }

  private static List<Var> variables(Object traced) {
    List<Var> vars = new ArrayList<>();
    for (Expr leaf : Trees.leaves(traced)) {
      vars.add((Var) leaf);
    }
    return vars;
  }

  private static boolean reads(Expr e, String prefix) {
    return Exprs.variables(e).keySet().stream().anyMatch(n -> n.startsWith(prefix));
  }

  private static <S> void assertTracedEqualsEager(GradientTransformation<S> opt) {
    Net params = random(1, 0.5);
    S state = warm(opt, params, 3);
    Net grads = random(7, 1);
    Update<Net, S> eager = opt.update(grads, state, params);
    Net eagerParams = Optimizers.applyUpdates(params, eager.updates());

    Net g = Trees.trace(grads, "g.");
    S s = Trees.trace(state, "s.");
    Net p = Trees.trace(params, "p.");
    Update<Net, S> traced = opt.update(g, s, p);
    Net tracedParams = Optimizers.applyUpdates(p, traced.updates());

    boolean stateful = !Trees.leaves(state).isEmpty();
    for (Expr u : Trees.leaves(traced.updates())) {
      assertFalse(u instanceof Const, "an update leaf was folded to a constant");
      assertTrue(reads(u, "g."), "an update leaf does not read the gradients");
    }
    for (Expr next : Trees.leaves(traced.state())) {
      assertTrue(reads(next, "s."), "a state leaf does not read the state: " + next);
    }
    assertEquals(stateful, !Trees.leaves(traced.state()).isEmpty());

    List<Expr> outputs = new ArrayList<>(Trees.leaves(traced.updates()));
    outputs.addAll(Trees.leaves(traced.state()));
    outputs.addAll(Trees.leaves(tracedParams));
    List<Tensor> expected = new ArrayList<>(Trees.tensors(eager.updates()).values());
    expected.addAll(Trees.tensors(eager.state()).values());
    expected.addAll(Trees.tensors(eagerParams).values());
    List<Var> parameters = new ArrayList<>(variables(g));
    parameters.addAll(variables(s));
    parameters.addAll(variables(p));
    List<Tensor> args = new ArrayList<>(Trees.tensors(grads).values());
    args.addAll(Trees.tensors(state).values());
    args.addAll(Trees.tensors(params).values());

    assertEquals(expected, Plan.of(outputs, parameters).run(args));
    Map<String, Tensor> bound = new HashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      bound.put(parameters.get(i).name(), args.get(i));
    }
    List<Tensor> interpreted = outputs.stream().map(e -> AD.eval(e, Bindings.of(bound))).toList();
    assertEquals(expected, interpreted);
  }

  @TestFactory
  Stream<DynamicTest> shouldTraceEveryOptimizerIntoAGraphThatEvaluatesToTheEagerUpdate() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertTracedEqualsEager(c.opt().get())));
  }

  @Nested
  class Schedules {
    private final Schedule badFromStep2Nan = step -> step >= 2 ? Double.NaN : 0.1;
    private final Schedule badFromStep2Negative = step -> step >= 2 ? -1.0 : 0.1;

    private void assertNamesStep2(Schedule schedule) {
      GradientTransformation<ChainState> opt = Optimizers.adam(schedule, 0.9, 0.999, 1e-8);
      Net params = random(1, 0.5);
      ChainState state = warm(opt, params, 2);
      Net grads = random(7, 1);

      var eager = assertThrows(IllegalArgumentException.class, () -> opt.update(grads, state, params));
      assertTrue(eager.getMessage().contains("learning rate at step 2 must be finite and >= 0"), eager.getMessage());

      Net g = Trees.trace(grads, "g.");
      ChainState s = Trees.trace(state, "s.");
      Net p = Trees.trace(params, "p.");
      Net next = Optimizers.applyUpdates(p, opt.update(g, s, p).updates());
      List<Var> parameters = new ArrayList<>(variables(g));
      parameters.addAll(variables(s));
      parameters.addAll(variables(p));
      List<Tensor> args = new ArrayList<>(Trees.tensors(grads).values());
      args.addAll(Trees.tensors(state).values());
      args.addAll(Trees.tensors(params).values());
      Plan plan = Plan.of(Trees.leaves(next), parameters);
      var compiled = assertThrows(IllegalArgumentException.class, () -> plan.run(args));
      assertTrue(compiled.getMessage().contains("learning rate at step 2 must be finite and >= 0"),
          compiled.getMessage());
      assertEquals(eager.getMessage(), compiled.getMessage());
    }

    @Test
    void shouldNameTheStepOfANanLearningRateEagerlyAndCompiled() {
      assertNamesStep2(badFromStep2Nan);
    }

    @Test
    void shouldNameTheStepOfANegativeLearningRateEagerlyAndCompiled() {
      assertNamesStep2(badFromStep2Negative);
    }

    @Test
    void shouldRejectACounterThatIsNotAWholeNumber() {
      var opt = Transformations.scaleByLearningRate(0.1);
      Net params = random(1, 0.5);
      for (double count : new double[] {-1, 1.5, Double.NaN}) {
        var state = new OptimizerState.CountState(Fx.scalar(count));
        var e = assertThrows(IllegalArgumentException.class, () -> opt.update(params, state, params));
        assertTrue(e.getMessage().contains("step counter must be a whole number >= 0"), e.getMessage());
      }
    }

    @Test
    void shouldEvaluateTheScheduleAtTheTracedCount() {
      var opt = Transformations.scaleByLearningRate(step -> step + 1.0);
      Net params = random(1, 0.5);
      Var count = Fx.variable("count", Shape.scalar());
      Expr u = opt.update(params, new OptimizerState.CountState(count), params).updates().b();
      Tensor b = Trees.value(params.b());
      for (int step = 0; step < 3; step++) {
        assertEquals(b.times(-(step + 1.0)), AD.eval(u, Bindings.of("count", step)));
      }
    }
  }
}
