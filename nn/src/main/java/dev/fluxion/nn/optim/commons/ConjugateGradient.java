package dev.fluxion.nn.optim.commons;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FlatParams;
import dev.fluxion.nn.optim.Minimum;
import dev.fluxion.nn.optim.Objective;
import dev.fluxion.nn.optim.Objective.FlatValue;
import dev.fluxion.nn.optim.StopReason;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;

/**
 * Minimization with Commons Math's {@link NonLinearConjugateGradientOptimizer} (Polak–Ribière or
 * Fletcher–Reeves, Brent line search) on a Fluxion loss compiled once with its gradient
 * ({@link Objective}): each point is evaluated once for value and gradient together. A non-finite
 * loss at a line-search trial counts as {@code +infinity}; a non-finite gradient is an error.
 */
public final class ConjugateGradient {
  /** The default budget of loss evaluations. */
  public static final int MAX_EVALUATIONS = 100_000;

  private ConjugateGradient() {}

  /**
   * {@return the minimum of {@code loss} from {@code params} by Polak–Ribière conjugate gradient,
   * stopping when one iteration changes the loss by at most {@code 1e-14} relative or {@code 1e-20}
   * absolute, or after {@value #MAX_EVALUATIONS} evaluations}
   *
   * @param <P> the parameter tree type
   * @param loss builds the rank-0 loss from a traced tree
   * @param params the start, constant leaves
   * @throws IllegalArgumentException if {@code params} has no leaves, the loss is not rank 0, or the loss
   *     or gradient at the start is not finite
   */
  public static <P> Minimum<P> minimize(Function<P, Expr> loss, P params) {
    return minimize(Objective.of(loss, params), params, Formula.POLAK_RIBIERE, defaultChecker(), MAX_EVALUATIONS);
  }

  /**
   * {@return the minimum of an expression over named variables, from {@code start}}
   *
   * @param loss a rank-0 expression
   * @param start a value for every variable of {@code loss}
   * @param formula the update formula of the conjugate direction
   * @throws IllegalArgumentException as {@link #minimize(Function, Object)}, or if a variable is missing
   *     from {@code start}
   */
  public static Minimum<Map<String, Expr>> minimize(Expr loss, Map<String, Tensor> start, Formula formula) {
    return minimize(Objective.of(loss, start), Objective.tree(start), formula, defaultChecker(), MAX_EVALUATIONS);
  }

  /**
   * {@return the minimum of a compiled objective from {@code params}; stops with
   * {@link StopReason#MAX_ITERATIONS} and the best point evaluated when the budget runs out}
   *
   * @param <P> the parameter tree type
   * @param objective the loss and gradient
   * @param params the start, a tree of the objective's layout
   * @param formula Polak–Ribière or Fletcher–Reeves
   * @param checker decides convergence from consecutive (point, value) pairs
   * @param maxEvaluations the most evaluations (also the iteration limit), {@code >= 1}
   * @throws IllegalArgumentException if the start is not finite, a gradient the optimizer asks for is
   *     not finite, or {@code maxEvaluations < 1}
   */
  public static <P> Minimum<P> minimize(Objective<P> objective, P params, Formula formula,
      ConvergenceChecker<PointValuePair> checker, int maxEvaluations) {
    Checks.notNull(objective, "objective");
    Checks.notNull(formula, "formula");
    Checks.notNull(checker, "checker");
    if (maxEvaluations < 1) {
      throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
    }
    FlatParams<P> layout = objective.layout();
    Memo memo = new Memo(objective);
    double[] start = layout.toArray(params);
    FlatValue first = memo.at(start);
    if (!Double.isFinite(first.value()) || !first.gradient().allFinite()) {
      throw new IllegalArgumentException("conjugate gradient: the loss or its gradient is not finite at the start "
          + Arrays.toString(start) + " (loss " + first.value() + ")");
    }
    NonLinearConjugateGradientOptimizer cg = new NonLinearConjugateGradientOptimizer(formula, checker);
    try {
      PointValuePair p = cg.optimize(new ObjectiveFunction(x -> {
        double v = memo.at(x).value();
        return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
      }), new ObjectiveFunctionGradient(x -> gradient(memo.at(x), x, layout)), GoalType.MINIMIZE, new InitialGuess(start),
          new MaxEval(maxEvaluations), new MaxIter(maxEvaluations));
      double[] x = p.getPoint();
      FlatValue at = memo.at(x);
      return new Minimum<>(layout.fromArray(x), at.value(), maxAbs(at.gradient()), cg.getIterations(),
          memo.evaluations, StopReason.CHECKER);
    } catch (TooManyEvaluationsException | TooManyIterationsException e) {
      return new Minimum<>(layout.fromArray(memo.best), memo.bestValue, Double.NaN, cg.getIterations(),
          memo.evaluations, StopReason.MAX_ITERATIONS);
    }
  }

  private static ConvergenceChecker<PointValuePair> defaultChecker() {
    return new SimpleValueChecker(1e-14, 1e-20);
  }

  private static double[] gradient(FlatValue v, double[] x, FlatParams<?> layout) {
    double[] g = v.gradient().toArray();
    for (int i = 0; i < g.length; i++) {
      if (!Double.isFinite(g[i])) {
        throw new IllegalArgumentException("conjugate gradient: the gradient at " + layout.describe(i) + " is " + g[i]
            + " at " + Arrays.toString(x));
      }
    }
    return g;
  }

  private static double maxAbs(Tensor g) {
    double m = 0;
    for (double v : g.toArray()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** The last evaluation (Commons Math asks for value and gradient separately), the count and the best point. */
  private static final class Memo {
    private final Objective<?> objective;
    private double[] x = new double[0];
    private FlatValue last = new FlatValue(Double.NaN, Tensor.zeros(0));
    private double[] best = new double[0];
    private double bestValue = Double.POSITIVE_INFINITY;
    private int evaluations;

    Memo(Objective<?> objective) {
      this.objective = objective;
    }

    FlatValue at(double[] point) {
      if (!Arrays.equals(point, x)) {
        x = point.clone();
        last = objective.evaluate(x);
        evaluations++;
        if (last.value() < bestValue || best.length == 0) {
          best = x;
          bestValue = last.value();
        }
      }
      return last;
    }
  }
}
