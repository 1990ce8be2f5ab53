package dev.fluxion.nn.optim;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static dev.fluxion.autodiff.expr.Fx.exp;
import static dev.fluxion.autodiff.expr.Fx.slice;
import static dev.fluxion.autodiff.expr.Fx.square;
import static dev.fluxion.autodiff.expr.Fx.sum;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;

/** Full-batch test problems shared by the L-BFGS and Commons Math tests: Rosenbrock and an exponential fit. */
public final class FullBatchProblems {
  /** A point in the plane, one scalar leaf per coordinate. */
  public record Point(Expr x, Expr y) {}

  /** One vector leaf. */
  public record Vec(Expr x) {}

  /** The parameters of {@code y = a exp(-b t) + c}. */
  public record Decay(Expr a, Expr b, Expr c) {}

  /** The true parameters of the synthetic data. */
  public static final double A = 2.5;
  /** The true decay rate. */
  public static final double B = 1.3;
  /** The true offset. */
  public static final double C = 0.5;
  /** The noise's standard deviation. */
  public static final double NOISE = 0.01;
  /** The sample times: 40 points in [0, 4]. */
  public static final Tensor T = Tensor.linspace(0, 4, 40);
  /** The noisy observations, fixed seed 42. */
  public static final Tensor Y = T.times(-B).exp().times(A).plus(C).plus(Tensor.normal(Key.of(42), Shape.of(40), 0, NOISE));

  private FullBatchProblems() {}

  /** {@return (-1.2, 1), the classic start} */
  public static Point rosenbrockStart() {
    return new Point(Fx.scalar(-1.2), Fx.scalar(1.0));
  }

  /** {@return (1 - x)^2 + 100 (y - x^2)^2} */
  public static Expr rosenbrock(Point p) {
    return square(Fx.scalar(1).minus(p.x())).plus(square(p.y().minus(square(p.x()))).times(100));
  }

  /** {@return (-1.2, 1, -1.2, 1, ...) of length n} */
  public static Vec rosenbrockStart(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 2 == 0 ? -1.2 : 1.0;
    }
    return new Vec(constant(Tensor.vector(x)));
  }

  /** {@return the chained Rosenbrock function sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at all ones} */
  public static Expr rosenbrock(Vec v) {
    int n = v.x().shape().size();
    Expr head = slice(v.x(), new int[] {0}, new int[] {n - 1}, new int[] {1});
    Expr tail = slice(v.x(), new int[] {1}, new int[] {n}, new int[] {1});
    return sum(square(tail.minus(square(head))).times(100).plus(square(Fx.scalar(1).minus(head))));
  }

  /** {@return the residuals a exp(-b t) + c - y, shape [40]} */
  public static Expr residuals(Decay d) {
    return exp(constant(T).times(d.b()).unaryMinus()).times(d.a()).plus(d.c()).minus(constant(Y));
  }

  /** {@return half the sum of squared residuals} */
  public static Expr leastSquares(Decay d) {
    return sum(square(residuals(d))).times(0.5);
  }

  /** {@return the start (a, b, c) = (1, 0.5, 0)} */
  public static Decay decayStart() {
    return new Decay(Fx.scalar(1.0), Fx.scalar(0.5), Fx.scalar(0.0));
  }

  /**
   * {@return the closed-form (a, c) for a fixed b: y ~ a u + c with u = exp(-b t) is linear in (a, c),
   * solved by its 2x2 normal equations}
   */
  public static double[] linearPartAt(double b) {
    double[] u = T.times(-b).exp().toArray();
    double[] y = Y.toArray();
    double su = 0;
    double suu = 0;
    double sy = 0;
    double suy = 0;
    int n = u.length;
    for (int i = 0; i < n; i++) {
      su += u[i];
      suu += u[i] * u[i];
      sy += y[i];
      suy += u[i] * y[i];
    }
    double det = n * suu - su * su;
    return new double[] {(n * suy - su * sy) / det, (suu * sy - su * suy) / det};
  }

  /** {@return the scalar of a constant leaf} */
  public static double item(Expr leaf) {
    return Trees.value(leaf).item();
  }
}
