package dev.fluxion.examples;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.examples.support.Summary;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example gaussian-process}: fits the hyperparameters of a Gaussian-process regression
 * (squared-exponential kernel: length scale {@code ℓ}, signal and noise standard deviations) by
 * minimizing its negative log marginal likelihood {@code ½ yᵀ K⁻¹ y + ½ log det K + (n/2) log 2π},
 * {@code K = σ_f² exp(−|x_i − x_j|² / 2ℓ²) + σ_n² I}, with gradients through {@code solve} and
 * {@code logdet}, checked by {@code GradCheck} at the start; Adam on the logarithms of the three.
 */
@Command(name = "gaussian-process", mixinStandardHelpOptions = true,
    description = "Fit a Gaussian process's kernel by its marginal likelihood (gradients through solve and logdet).")
public final class GaussianProcessExample implements Callable<Integer> {
  private static final List<String> NAMES = List.of("logLength", "logSignal", "logNoise");

  /** The seed of the data; the example writes no files. */
  @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--steps", defaultValue = "150", description = "Adam steps (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--points", defaultValue = "40", description = "training points (default ${DEFAULT-VALUE})")
  int points;

  @Option(names = "--lr", defaultValue = "0.05", description = "Adam's learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Spec
  CommandSpec spec;

  /** {@code sin(2x) + 0.3 x}: the function the noisy observations sample. */
  private static double truth(double x) {
    return Math.sin(2 * x) + 0.3 * x;
  }

  /** {@code |a_i − b_j|²}, {@code [a, b]}. */
  private static Tensor squaredDistances(double[] a, double[] b) {
    double[] d = new double[a.length * b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        d[i * b.length + j] = (a[i] - b[j]) * (a[i] - b[j]);
      }
    }
    return Tensor.of(d, a.length, b.length);
  }

  /** {@code σ_f² exp(−D / 2ℓ²)} of the hyperparameter variables. */
  private static Expr kernel(Tensor distances, Expr logLength, Expr logSignal) {
    return exp(constant(distances).times(-0.5).div(exp(logLength.times(2.0)))).times(exp(logSignal.times(2.0)));
  }

  @Override
  public Integer call() {
    if (steps < 1 || points < 2 || !(lr > 0)) {
      throw new IllegalArgumentException("--steps must be >= 1, --points >= 2 and --lr > 0, got " + steps + ", "
          + points + ", " + lr);
    }
    PrintWriter out = spec.commandLine().getOut();
    double[] x = Tensor.uniform(Key.of(seed), Shape.of(points), -3, 3).toArray();
    double[] noise = Tensor.normal(Key.of(seed).fold(1), Shape.of(points), 0, 0.2).toArray();
    double[] y = new double[points];
    for (int i = 0; i < points; i++) {
      y[i] = truth(x[i]) + noise[i];
    }
    Var logLength = new Var(NAMES.get(0), Shape.scalar());
    Var logSignal = new Var(NAMES.get(1), Shape.scalar());
    Var logNoise = new Var(NAMES.get(2), Shape.scalar());
    Expr k = kernel(squaredDistances(x, x), logLength, logSignal)
        .plus(constant(Tensor.eye(points)).times(exp(logNoise.times(2.0))));
    Expr yv = constant(Tensor.of(y, points));
    Expr alpha = solve(k, yv);
    Expr nll = sum(yv.times(alpha)).times(0.5).plus(logdet(k).times(0.5)).plus(0.5 * points * Math.log(2 * Math.PI));
    Map<String, Expr> outputs = new LinkedHashMap<>(AD.gradExpr(nll, NAMES));
    outputs.put("nll", nll);
    Plan plan = Plan.of(outputs);

    double[] theta = {0.0, 0.0, Math.log(0.5)};
    Report check = GradCheck.check(nll, bind(theta));
    out.println("gradient check at the start: " + (check.passed() ? "passed" : check));
    double[] m = new double[3];
    double[] v = new double[3];
    double first = Double.NaN;
    double last = Double.NaN;
    long t0 = System.nanoTime();
    out.println(" step   -log p(y)   length  signal   noise");
    for (int step = 1; step <= steps; step++) {
      Map<String, Tensor> r = plan.run(bind(theta));
      last = r.get("nll").item();
      first = step == 1 ? last : first;
      if (step == 1 || step % 25 == 0 || step == steps) {
        out.printf(java.util.Locale.ROOT, "%5d  %10.4f  %7.4f %7.4f %7.4f%n", step, last, Math.exp(theta[0]),
            Math.exp(theta[1]), Math.exp(theta[2]));
      }
      for (int i = 0; i < 3; i++) {
        double g = r.get(NAMES.get(i)).item();
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        double mHat = m[i] / (1 - Math.pow(0.9, step));
        double vHat = v[i] / (1 - Math.pow(0.999, step));
        theta[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    double[] grid = new double[61];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = -3 + 0.1 * i;
    }
    Expr mean = matmul(kernel(squaredDistances(grid, x), logLength, logSignal), alpha);
    Tensor predicted = AD.eval(mean, bind(theta));
    double squares = 0;
    for (int i = 0; i < grid.length; i++) {
      squares += Math.pow(predicted.get(i) - truth(grid[i]), 2);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("nll_start", first);
    summary.put("nll", last);
    summary.put("length_scale", Math.exp(theta[0]));
    summary.put("signal_std", Math.exp(theta[1]));
    summary.put("noise_std", Math.exp(theta[2]));
    summary.put("rmse_vs_truth", Math.sqrt(squares / grid.length));
    summary.put("gradcheck", check.passed() ? "passed" : "failed");
    summary.put("points", points);
    summary.put("steps", steps);
    summary.put("seconds", seconds);
    Summary.print(out, summary);
    return check.passed() ? 0 : 1;
  }

  private static Bindings bind(double[] theta) {
    return Bindings.of(NAMES.get(0), theta[0]).with(NAMES.get(1), theta[1]).with(NAMES.get(2), theta[2]);
  }
}
