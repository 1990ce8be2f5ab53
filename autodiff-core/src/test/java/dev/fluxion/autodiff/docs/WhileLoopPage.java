package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.control.Loops;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;
import java.util.Locale;

/**
 * The tour's {@code while-loop} block: Newton's square root as a while loop, its iteration count,
 * its forward-mode derivative against {@code 1/(2√a)}, and what reverse mode says.
 */
final class WhileLoopPage {
  private static final Var A = new Var("a", Shape.scalar());

  private WhileLoopPage() {}

  static String table() {
    List<Expr> r = Loops.whileLoop(v -> gt(abs(v.get(0).times(v.get(0)).minus(v.get(2))), scalar(1e-12)),
        v -> List.of(v.get(0).plus(v.get(2).div(v.get(0))).times(0.5), v.get(1).plus(1.0)),
        List.of(A, scalar(0.0)), List.of(A));
    StringBuilder sb = new StringBuilder("| a | iterations | x | √a − x | jvp ∂x/∂a | 1/(2√a) − jvp |\n"
        + "|--:|--:|--:|--:|--:|--:|\n");
    for (double a : new double[] {2, 9, 0.3, 1234.5}) {
      Bindings at = Bindings.of("a", a);
      double x = AD.eval(r.get(0), at).item();
      double d = AD.jvp(r.get(0), at, Bindings.of("a", 1.0)).tangent().item();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.17g | %.1e | %.17g | %.1e |%n", a,
          (int) AD.eval(r.get(1), at).item(), x, Math.sqrt(a) - x, d, 0.5 / Math.sqrt(a) - d));
    }
    String refused;
    try {
      AD.grad(r.get(0), Bindings.of("a", 2.0), "a");
      throw new AssertionError("reverse mode through a while loop did not fail");
    } catch (IllegalArgumentException e) {
      refused = e.getMessage();
    }
    return sb.append("\n`AD.grad` through it: ").append(refused).append('\n').toString();
  }
}
