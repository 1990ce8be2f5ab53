package dev.fluxion.examples;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Your own training loop, two ways: gradient descent on a least-squares line fit with the loss and
 * gradient compiled once into a {@link Plan}, and the same loop with {@link AD#valueAndGrad} each
 * step. Both print the same fit; {@code benchmarks/jmh PlanLoopBench} times one step of each.
 */
public final class CompileOnceLoop {
  private CompileOnceLoop() {}

  /** Runs both loops and prints the fitted slope and intercept of each. */
  public static void main(String[] args) {
    // readme:start
    var t = Tensor.linspace(0, 1, 50);
    var y = t.times(3).plus(1).plus(Tensor.normal(Key.of(0), Shape.of(50), 0, 0.1));  // y = 3 t + 1 + noise
    var w = variable("w");
    var b = variable("b");
    var loss = mean(square(w.times(constant(t)).plus(b).minus(constant(y))));
    double lr = 0.5;
    int steps = 2000;

    Plan plan = Plan.valueAndGrad(loss, List.of("w", "b"));     // compile once: loss and symbolic gradient
    double pw = 0;
    double pb = 0;
    for (int step = 0; step < steps; step++) {                    // run many: bind new values, run the plan
      Map<String, Tensor> out = plan.run(Bindings.of("w", pw).with("b", pb));
      pw -= lr * out.get("w").item();
      pb -= lr * out.get("b").item();
    }

    double qw = 0;
    double qb = 0;
    for (int step = 0; step < steps; step++) {                    // the same loop, interpreted every step
      ValueAndGrad r = AD.valueAndGrad(loss, Bindings.of("w", qw).with("b", qb));
      qw -= lr * r.gradient("w").item();
      qb -= lr * r.gradient("b").item();
    }
    System.out.printf(Locale.ROOT, "Plan:            w = %.6f, b = %.6f%n", pw, pb);
    System.out.printf(Locale.ROOT, "AD.valueAndGrad: w = %.6f, b = %.6f%n", qw, qb);
    // readme:end
  }
}
