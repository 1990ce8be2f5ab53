package dev.fluxion.nn.optim.commons;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.FlatParams;
import dev.fluxion.nn.optim.Minimum;
import dev.fluxion.nn.optim.Objective;
import dev.fluxion.nn.optim.StopReason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer.Optimum;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Non-linear least squares {@code min 1/2 |r(theta)|^2} with Commons Math's
 * {@link LevenbergMarquardtOptimizer}: the residuals {@code r} are a Fluxion expression of a parameter
 * tree (or of named variables), compiled once, and the Jacobian comes from compiled forward or
 * reverse sweeps of the same expression (whichever needs fewer runs), so no derivative is written by
 * hand. The result's {@code value} is {@code 1/2 |r|^2} and its {@code gradientNorm} is
 * {@code max |J' r|}, comparable with {@link dev.fluxion.nn.optim.Lbfgs} on the same loss.
 */
public final class LeastSquares {
  /** The default budget of residual evaluations. */
  public static final int MAX_EVALUATIONS = 1000;

  private LeastSquares() {}

  /**
   * {@return the least-squares fit from {@code params} with Commons Math's default Levenberg–Marquardt
   * settings and {@value #MAX_EVALUATIONS} evaluations at most}
   *
   * @param <P> the parameter tree type
   * @param residuals builds the residuals (any shape, at least one element) from a traced tree
   * @param params the start, constant leaves
   * @throws IllegalArgumentException if {@code params} has no leaves, the residuals are empty, depend on
   *     no parameter, or are not finite at the start or at a point the optimizer tries
   */
  public static <P> Minimum<P> levenbergMarquardt(Function<P, Expr> residuals, P params) {
    return levenbergMarquardt(residuals, params, new LevenbergMarquardtOptimizer(), MAX_EVALUATIONS);
  }

  /**
   * {@return the least-squares fit from {@code params} with a configured optimizer; stops with
   * {@link StopReason#MAX_ITERATIONS} and the last point tried when the budget runs out}
   *
   * @param <P> the parameter tree type
   * @param residuals builds the residuals from a traced tree
   * @param params the start, constant leaves
   * @param optimizer the Levenberg–Marquardt settings (tolerances)
   * @param maxEvaluations the most residual evaluations (also the iteration limit), {@code >= 1}
   * @throws IllegalArgumentException as {@link #levenbergMarquardt(Function, Object)}, or if
   *     {@code maxEvaluations < 1}
   */
  public static <P> Minimum<P> levenbergMarquardt(Function<P, Expr> residuals, P params,
      LevenbergMarquardtOptimizer optimizer, int maxEvaluations) {
    Checks.notNull(residuals, "residuals");
    FlatParams<P> layout = FlatParams.of(params);
    List<Var> leaves = layout.variables("params");
    Expr r = Checks.notNull(residuals.apply(layout.def().unflatten(leaves)), "residuals result");
    return fit(layout, leaves, r, params, optimizer, maxEvaluations);
  }

  /**
   * {@return the least-squares fit of residuals over named variables, from {@code start}; the result's
   * tree maps each name to its fitted constant}
   *
   * @param residuals the residual expression
   * @param start a value for every variable of {@code residuals} (at least one)
   * @throws IllegalArgumentException as {@link #levenbergMarquardt(Function, Object)}, or if a variable
   *     of {@code residuals} is missing from {@code start} or has another shape
   */
  public static Minimum<Map<String, Expr>> levenbergMarquardt(Expr residuals, Map<String, Tensor> start) {
    Checks.notNull(residuals, "residuals");
    Map<String, Expr> tree = Objective.tree(start);
    FlatParams<Map<String, Expr>> layout = FlatParams.of(tree);
    return fit(layout, layout.variables(""), residuals, tree, new LevenbergMarquardtOptimizer(), MAX_EVALUATIONS);
  }

  private static <P> Minimum<P> fit(FlatParams<P> layout, List<Var> leaves, Expr r, P params,
      LevenbergMarquardtOptimizer optimizer, int maxEvaluations) {
    Checks.notNull(optimizer, "optimizer");
    if (maxEvaluations < 1) {
      throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
    }
    CompiledResiduals<P> model = new CompiledResiduals<>(layout, leaves, r,
        CompiledResiduals.cheapest(r.shape().size(), layout.size()));
    double[] start = layout.toArray(params);
    double[][] last = {start};
    checkFinite(model.residuals(start), "residual", start);
    LeastSquaresBuilder problem = new LeastSquaresBuilder()
        .start(start)
        .target(new double[model.size()])
        .model(point -> {
          double[] x = point.toArray();
          last[0] = x;
          return evaluate(model, x);
        })
        .lazyEvaluation(false)
        .maxEvaluations(maxEvaluations)
        .maxIterations(maxEvaluations);
    try {
      Optimum o = optimizer.optimize(problem.build());
      double[] x = o.getPoint().toArray();
      // Commons Math's residuals are target - model = -r.
      RealVector gradient = o.getJacobian().transpose().operate(o.getResiduals());
      return new Minimum<>(layout.fromArray(x), halfSquare(o.getResiduals().toArray()),
          gradient.getLInfNorm(), o.getIterations(), o.getEvaluations(), StopReason.CHECKER);
    } catch (TooManyEvaluationsException | TooManyIterationsException e) {
      double[] x = last[0];
      return new Minimum<>(layout.fromArray(x), halfSquare(model.residuals(x)), Double.NaN, maxEvaluations,
          maxEvaluations, StopReason.MAX_ITERATIONS);
    }
  }

  private static Pair<RealVector, RealMatrix> evaluate(CompiledResiduals<?> model, double[] x) {
    double[] r = model.residuals(x);
    checkFinite(r, "residual", x);
    double[][] jac = model.jacobian(x);
    for (int i = 0; i < jac.length; i++) {
      for (int j = 0; j < jac[i].length; j++) {
        if (!Double.isFinite(jac[i][j])) {
          throw new IllegalArgumentException("Levenberg-Marquardt: the derivative of residual " + i + " by "
              + model.layout().describe(j) + " is " + jac[i][j] + " at parameters " + Arrays.toString(x));
        }
      }
    }
    return new Pair<>(new ArrayRealVector(r, false), new Array2DRowRealMatrix(jac, false));
  }

  private static void checkFinite(double[] values, String what, double[] x) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("Levenberg-Marquardt: " + what + " " + i + " is " + values[i]
            + " at parameters " + Arrays.toString(x));
      }
    }
  }

  private static double halfSquare(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return 0.5 * s;
  }
}
