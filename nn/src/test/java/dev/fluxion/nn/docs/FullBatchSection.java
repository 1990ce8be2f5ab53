package dev.fluxion.nn.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.Lbfgs;
import dev.fluxion.nn.optim.MinimizeOptions;
import dev.fluxion.nn.optim.Minimum;
import dev.fluxion.nn.optim.commons.ConjugateGradient;
import dev.fluxion.nn.optim.commons.LeastSquares;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generated blocks of the nn guide's section "Full-batch optimizers: L-BFGS and Commons Math":
 * code regions of this file and what they print (the same problems and counts as {@code LbfgsTest},
 * {@code ConjugateGradientTest} and {@code LeastSquaresTest}).
 */
final class FullBatchSection {
  static final String SOURCE = "src/test/java/dev/fluxion/nn/docs/FullBatchSection.java";

  private FullBatchSection() {}

  // docs:start decay
  /** The parameters of y = a exp(-b t) + c. */
  record Decay(Expr a, Expr b, Expr c) {}

  /** The residuals a exp(-b t) + c - y over the samples (t, y). */
  static Expr residuals(Decay d, Tensor t, Tensor y) {
    return exp(constant(t).times(d.b()).unaryMinus()).times(d.a()).plus(d.c()).minus(constant(y));
  }
  // docs:end decay

  /** A point in the plane. */
  record Point(Expr x, Expr y) {}

  /** One vector leaf. */
  record Vec(Expr x) {}

  /** The blocks, by name. */
  static Map<String, String> blocks() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("code-full-batch", DocBlocks.region(SOURCE, "decay") + "\n" + DocBlocks.region(SOURCE, "fit"));
    b.put("full-batch", fit());
    b.put("full-batch-rosenbrock", rosenbrock());
    return b;
  }

  private static String fit() {
    List<String> out = new ArrayList<>();
    // docs:start fit
    var t = Tensor.linspace(0, 4, 40);
    var y = t.times(-1.3).exp().times(2.5).plus(0.5)                  // a = 2.5, b = 1.3, c = 0.5
        .plus(Tensor.normal(Key.of(42), Shape.of(40), 0, 0.01));     // plus noise
    var start = new Decay(scalar(1.0), scalar(0.5), scalar(0.0));
    Minimum<Decay> lbfgs = Lbfgs.of().minimize(d -> sum(square(residuals(d, t, y))).times(0.5), start,
        MinimizeOptions.defaults());                                   // compiled once, then L-BFGS
    Minimum<Decay> lm = LeastSquares.levenbergMarquardt(d -> residuals(d, t, y), start);  // Jacobian by AD
    out.add(line("L-BFGS", lbfgs));
    out.add(line("Levenberg-Marquardt", lm));
    // docs:end fit
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String line(String name, Minimum<Decay> m) {
    Decay d = m.params();
    return String.format(Locale.ROOT, "%-20s a = %.4f  b = %.4f  c = %.4f  loss %.6f  iterations %3d  evaluations %3d  %s",
        name, item(d.a()), item(d.b()), item(d.c()), m.value(), m.iterations(), m.evaluations(), m.reason());
  }

  private static String rosenbrock() {
    List<String> out = new ArrayList<>();
    Point start = new Point(scalar(-1.2), scalar(1.0));
    Minimum<Point> lbfgs = Lbfgs.of().minimize(FullBatchSection::rosenbrock, start, MinimizeOptions.defaults());
    Minimum<Point> cg = ConjugateGradient.minimize(FullBatchSection::rosenbrock, start);
    out.add(row("L-BFGS (m = 10)", lbfgs, item(lbfgs.params().x()), item(lbfgs.params().y())));
    out.add(row("Commons CG (Polak-Ribiere)", cg, item(cg.params().x()), item(cg.params().y())));
    double[] x20 = new double[20];
    for (int i = 0; i < 20; i++) {
      x20[i] = i % 2 == 0 ? -1.2 : 1.0;
    }
    Minimum<Vec> chained = Lbfgs.of().minimize(FullBatchSection::rosenbrock, new Vec(constant(Tensor.vector(x20))),
        MinimizeOptions.defaults());
    double[] x = Trees.value(chained.params().x()).toArray();
    double error = 0;
    for (double v : x) {
      error = Math.max(error, Math.abs(v - 1));
    }
    out.add(String.format(Locale.ROOT, "%-27s max |x_i - 1| = %.1e              iterations %4d  evaluations %5d  %s",
        "L-BFGS, 20-D chained", error, chained.iterations(), chained.evaluations(), chained.reason()));
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String row(String name, Minimum<?> m, double x, double y) {
    return String.format(Locale.ROOT, "%-27s (x, y) = (%.8f, %.8f)  iterations %4d  evaluations %5d  %s", name, x, y,
        m.iterations(), m.evaluations(), m.reason());
  }

  private static Expr rosenbrock(Point p) {
    return square(scalar(1).minus(p.x())).plus(square(p.y().minus(square(p.x()))).times(100));
  }

  private static Expr rosenbrock(Vec v) {
    int n = v.x().shape().size();
    Expr head = slice(v.x(), new int[] {0}, new int[] {n - 1}, new int[] {1});
    Expr tail = slice(v.x(), new int[] {1}, new int[] {n}, new int[] {1});
    return sum(square(tail.minus(square(head))).times(100).plus(square(scalar(1).minus(head))));
  }

  private static double item(Expr leaf) {
    return Trees.value(leaf).item();
  }
}
