package dev.fluxion.examples;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;

/** The README's Java example: the AD survey's function, its gradient, symbolic derivative and Hessian. */
public final class QuickStart {
  private QuickStart() {}

  /** Prints value, gradient, a symbolic derivative and a second derivative. */
  public static void main(String[] args) {
    // readme:start
    var x1 = variable("x1");
    var x2 = variable("x2");
    var f = log(x1).plus(x1.times(x2)).minus(sin(x2));      // ln x1 + x1 x2 - sin x2
    var at = Bindings.of("x1", 2.0).with("x2", 5.0);
    ValueAndGrad r = AD.valueAndGrad(f, at);                 // reverse mode
    System.out.println(r.value().item());                    // 11.652071455223084
    System.out.println(r.gradient("x1").item());             // 5.5
    System.out.println(AD.gradExpr(f, "x1"));                // x2 + 1 / x1
    System.out.println(AD.hessian(f, at, "x2").item());      // -0.9589242746631385 (= sin 5)
    // readme:end
  }
}
