package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Options;
import dev.fluxion.autodiff.control.Custom;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Locale;

/** The tour's {@code custom} block: a custom rule's derivative against the function's own, and checkCustom's verdicts. */
final class CustomPage {
  private static final Var X = new Var("x", Shape.of(4));
  private static final Custom.CustomFunction SOFTPLUS = Custom.customJvp("softplus",
      x -> log(exp(x.get(0)).plus(1.0)), (x, t) -> sigmoid(x.get(0)).times(t.get(0)));

  private CustomPage() {}

  static String table() {
    Tensor at = Tensor.vector(-3, 0.5, 30, 800);
    Bindings b = Bindings.of("x", at);
    Tensor value = AD.eval(SOFTPLUS.invoke(X), b);
    Tensor own = AD.grad(sum(SOFTPLUS.inline(X)), b, "x");
    Tensor rule = AD.grad(sum(SOFTPLUS.invoke(X)), b, "x");
    Tensor stopped = AD.grad(sum(X.times(stopGradient(sigmoid(X)))), b, "x");
    StringBuilder sb = new StringBuilder("| x | log(1 + e^x) | its own derivative | the rule σ(x) | ∂/∂x x·stopGradient(σ(x)) |\n"
        + "|--:|--:|--:|--:|--:|\n");
    for (int i = 0; i < at.size(); i++) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", fmt(at.get(i)), fmt(value.get(i)),
          fmt(own.get(i)), fmt(rule.get(i)), fmt(stopped.get(i))));
    }
    Bindings near = Bindings.of("x", Tensor.vector(-1.5, 0.3, 2.5, 1));
    Custom.CustomFunction wrong = Custom.customJvp("softplus with rule tanh(x)", x -> log(exp(x.get(0)).plus(1.0)),
        (x, t) -> tanh(x.get(0)).times(t.get(0)));
    Custom.CustomFunction square = Custom.customJvp("sqrt(x^4) with rule 2x", x -> sqrt(pow(x.get(0), 4.0)),
        (x, t) -> x.get(0).times(t.get(0)).times(2.0));
    sb.append('\n');
    for (var c : new Object[][] {{SOFTPLUS, near}, {wrong, near}, {square, Bindings.of("x", Tensor.vector(-1, 0, 0.5, 2))}}) {
      sb.append("- ").append(GradCheck.checkCustom((Custom.CustomFunction) c[0], (Bindings) c[1], Options.defaults(), X)
          .verdict()).append('\n');
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "∞" : "-∞")
        : new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
  }
}
