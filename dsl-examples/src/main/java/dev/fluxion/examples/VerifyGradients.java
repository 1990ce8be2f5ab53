package dev.fluxion.examples;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.tensor.Tensor;

/** The README's gradient-verification example. */
public final class VerifyGradients {
  private VerifyGradients() {}

  /** Verifies the survey function at (2, 5) and a vector function at a point. */
  public static void main(String[] args) {
    var x1 = variable("x1");
    var x2 = variable("x2");
    var f = log(x1).plus(x1.times(x2)).minus(sin(x2));
    var at = Bindings.of("x1", 2.0).with("x2", 5.0);
    // readme:start
    GradCheck.assertCorrect(f, at);                                    // throws AssertionError with a report
    Report r = GradCheck.check(x -> sum(softplus(x).times(x)), Tensor.vector(0.5, -1.0, 2.0));
    System.out.println(r.passed());                                    // true
    // readme:end
  }
}
