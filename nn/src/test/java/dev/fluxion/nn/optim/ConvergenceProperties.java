package dev.fluxion.nn.optim;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static dev.fluxion.autodiff.expr.Fx.square;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.Fixtures.Params;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer, with reasonable hyperparameters, lowers the loss of a quadratic and of
 * Rosenbrock's function by a stated factor within a stated number of steps (as Optax's
 * {@code alias_test}). The factors leave a margin of at least ten below what each run reaches.
 */
class ConvergenceProperties {
  /** A loss over a parameter tree of type {@code P}, its gradient, and a fixed start. */
  private interface Problem<P> {
    P start();

    double loss(P p);

    P grad(P p);
  }

  /** f = w0^2 + 10 w1^2 + 3 b^2 from theta0 (f = 41.75), gradient 2 c x worked out by hand. */
  private static final Problem<Params> QUADRATIC = new Problem<>() {
    @Override
    public Params start() {
      return Fixtures.THETA0;
    }

    @Override
    public double loss(Params p) {
      Tensor w = Trees.value(p.w());
      double b = Trees.value(p.b()).item();
      return w.get(0) * w.get(0) + 10 * w.get(1) * w.get(1) + 3 * b * b;
    }

    @Override
    public Params grad(Params p) {
      Tensor w = Trees.value(p.w()).times(Tensor.vector(2, 20));
      return new Params(constant(w), constant(Trees.value(p.b()).times(6)));
    }

    @Override
    public String toString() {
      return "quadratic";
    }
  };

  /** A point in the plane, one scalar leaf per coordinate. */
  record Point(Expr x, Expr y) {}

  /** Rosenbrock's (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1) (f = 24.2), differentiated by AD. */
  private static final Problem<Point> ROSENBROCK = new Problem<>() {
    private final Point traced = Trees.trace(new Point(Fx.scalar(0), Fx.scalar(0)), "p.");
    private final Expr f = square(Fx.scalar(1).minus(traced.x()))
        .plus(square(traced.y().minus(square(traced.x()))).times(100));

    @Override
    public Point start() {
      return new Point(Fx.scalar(-1.2), Fx.scalar(1.0));
    }

    @Override
    public double loss(Point p) {
      return AD.eval(f, at(p)).item();
    }

    @Override
    public Point grad(Point p) {
      Map<String, Tensor> g = AD.grad(f, at(p));
      return Trees.mapWithPath(traced, (path, leaf) -> constant(g.get(((Var) leaf).name())));
    }

    private Bindings at(Point p) {
      return Bindings.of("p.x", Trees.value(p.x())).with("p.y", Trees.value(p.y()));
    }

    @Override
    public String toString() {
      return "rosenbrock";
    }
  };

  /** One row: an optimizer on a problem must divide the loss by {@code factor} within {@code steps}. */
  record Case(String optimizer, Problem<?> problem, GradientTransformation<?> opt, int steps, double factor) {
    @Override
    public String toString() {
      return optimizer + " on " + problem + ": /" + factor + " in " + steps + " steps";
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("sgd(0.04)", QUADRATIC, Optimizers.sgd(0.04), 100, 1e6),
        new Case("sgd(0.01, momentum 0.9)", QUADRATIC, Optimizers.sgd(0.01, 0.9, false), 200, 1e6),
        new Case("sgd(0.01, nesterov 0.9)", QUADRATIC, Optimizers.sgd(0.01, 0.9, true), 200, 1e6),
        new Case("adam(0.1)", QUADRATIC, Optimizers.adam(0.1), 200, 1e6),
        new Case("adamw(0.1, wd 1e-3)", QUADRATIC, Optimizers.adamw(0.1, 1e-3), 200, 1e6),
        new Case("rmsprop(0.03)", QUADRATIC, Optimizers.rmsprop(0.03), 100, 1e5),
        new Case("rmsprop(0.003, centered, momentum 0.9)", QUADRATIC, Optimizers.rmsprop(0.003, 0.9, 1e-8, 0.9, true),
            200, 1e5),
        new Case("adagrad(0.5)", QUADRATIC, Optimizers.adagrad(0.5), 100, 1e6),
        new Case("sgd(1e-3)", ROSENBROCK, Optimizers.sgd(1e-3), 2000, 30),
        new Case("sgd(1e-3, momentum 0.9)", ROSENBROCK, Optimizers.sgd(1e-3, 0.9, false), 1000, 1e4),
        new Case("sgd(1e-3, nesterov 0.9)", ROSENBROCK, Optimizers.sgd(1e-3, 0.9, true), 1000, 1e4),
        new Case("adam(0.1)", ROSENBROCK, Optimizers.adam(0.1), 1000, 1e4),
        new Case("adamw(0.1, wd 1e-3)", ROSENBROCK, Optimizers.adamw(0.1, 1e-3), 1000, 1e3),
        new Case("rmsprop(0.003)", ROSENBROCK, Optimizers.rmsprop(0.003), 2000, 100),
        new Case("rmsprop(0.001, centered, momentum 0.9)", ROSENBROCK,
            Optimizers.rmsprop(0.001, 0.9, 1e-8, 0.9, true), 1000, 1e4),
        new Case("adagrad(0.5)", ROSENBROCK, Optimizers.adagrad(0.5), 2000, 100));
  }

  static List<Case> quadraticCases() {
    return cases().stream().filter(c -> c.problem() == QUADRATIC).toList();
  }

  static List<Case> rosenbrockCases() {
    return cases().stream().filter(c -> c.problem() == ROSENBROCK).toList();
  }

  @Nested
  class Quadratic {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.ConvergenceProperties#quadraticCases")
    void shouldReduceTheLossByTheStatedFactor(Case c) {
      assertReduces(c);
    }
  }

  @Nested
  class Rosenbrock {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fluxion.nn.optim.ConvergenceProperties#rosenbrockCases")
    void shouldReduceTheLossByTheStatedFactor(Case c) {
      assertReduces(c);
    }
  }

  private static void assertReduces(Case c) {
    double[] losses = run(c.problem(), c.opt(), c.steps());
    assertTrue(losses[0] / losses[1] >= c.factor(), c + ": loss went from " + losses[0] + " to " + losses[1]);
  }

  private static <P, S> double[] run(Problem<P> problem, GradientTransformation<S> opt, int steps) {
    P p = problem.start();
    S state = opt.init(p);
    for (int i = 0; i < steps; i++) {
      GradientTransformation.Update<P, S> u = opt.update(problem.grad(p), state, p);
      p = Optimizers.applyUpdates(p, u.updates());
      state = u.state();
    }
    return new double[] {problem.loss(problem.start()), problem.loss(p)};
  }
}
