package dev.fluxion.autodiff.control;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.CustomReport;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Options;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Formula;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code stopGradient} and custom derivative rules: values are the function's own, derivatives the
 * rule's in forward, reverse and symbolic mode and at second order, and {@code checkCustom} names the
 * wrong derivative.
 */
class CustomTest {
  private static final Var X = new Var("x", Shape.of(4));
  private static final Tensor AT = Tensor.vector(-3, 0.5, 2, 800);

  /** {@code log(1 + e^x)}, whose own derivative {@code e^x / (1 + e^x)} is NaN from {@code x ≈ 710}. */
  private static final Custom.CustomFunction SOFTPLUS = Custom.customJvp("softplus",
      x -> log(exp(x.get(0)).plus(1.0)), (x, t) -> sigmoid(x.get(0)).times(t.get(0)));

  @Nested
  class StopGradientOp {
    @Test
    void shouldPassTheValueAndNoDerivative() {
      Bindings at = Bindings.of("x", Tensor.vector(1.5, -2));
      Var x = new Var("x", Shape.of(2));
      Expr f = sum(x.times(stopGradient(x)));
      assertEquals(AD.eval(sum(x.times(x)), at), AD.eval(f, at));
      assertEquals(Tensor.vector(1.5, -2), AD.grad(f, at, "x"), "only the unstopped factor is differentiated");
      assertEquals(-0.5, AD.jvp(f, at, Bindings.of("x", Tensor.vector(1, 1))).tangent().item(),
          "forward mode: <x, t> = 1.5 - 2");
      assertEquals(Tensor.zeros(2, 2), AD.hessian(f, at, "x"), "the gradient, stopGradient(x), is a constant");
      Plan plan = Plan.of(AD.gradExpr(f, "x"));
      assertEquals(AD.grad(f, at, "x"), plan.run(at).get("out"));
    }

    @Test
    void shouldPrintAndParseBack() {
      Expr f = stopGradient(new Var("x", Shape.scalar())).times(2.0);
      assertEquals(f.toString(), Formula.parse(f.toString()).toString());
      assertTrue(f.toString().contains("stopGradient(x)"), f.toString());
    }
  }

  @Nested
  class CustomJvp {
    @Test
    void shouldHaveTheFunctionsValueAndTheRulesDerivatives() {
      Bindings at = Bindings.of("x", AT);
      Expr y = SOFTPLUS.invoke(X);
      assertEquals(AD.eval(SOFTPLUS.inline(X), at), AD.eval(y, at));
      Tensor grad = AD.grad(sum(y), at, "x");
      assertEquals(AD.eval(sigmoid(X), at), grad, "reverse mode is the rule's transpose");
      assertEquals(1.0, grad.get(3), "finite at 800");
      assertTrue(Double.isNaN(AD.grad(sum(SOFTPLUS.inline(X)), at, "x").get(3)), "the own derivative is NaN at 800");
      Tensor t = Tensor.vector(1, -1, 2, 0.5);
      assertEquals(AD.eval(sigmoid(X).times(constant(t)), at), AD.jvp(y, at, Bindings.of("x", t)).tangent(),
          "forward mode is the rule");
      Tensor hessian = AD.hessian(sum(y), at, "x");
      Tensor s = AD.eval(sigmoid(X), at);
      for (int i = 0; i < 4; i++) {
        assertEquals(s.get(i) * (1 - s.get(i)), hessian.get(i, i), 1e-15, "second order through the rule");
      }
      assertEquals(AD.grad(sum(y), at, "x"), Plan.of(AD.gradExpr(sum(y), "x")).run(at).get("out"), "compiled");
      Var x32 = new Var("x", Shape.of(4), dev.fluxion.autodiff.tensor.DType.FLOAT32);
      GradCheck.assertCorrect(SOFTPLUS.invoke(x32),
          Bindings.of("x", Tensor.vector(-3, 0.5, 2, 4).cast(dev.fluxion.autodiff.tensor.DType.FLOAT32)));
    }

    @Test
    void shouldTransposeARuleOfSeveralArguments() {
      Custom.CustomFunction product = Custom.customJvp("product", x -> x.get(0).times(x.get(1)),
          (x, t) -> t.get(0).times(x.get(1)).plus(x.get(0).times(t.get(1))));
      Var a = new Var("a", Shape.of(3));
      Var b = new Var("b", Shape.of(3));
      Bindings at = Bindings.of("a", Tensor.vector(1, 2, 3)).with("b", Tensor.vector(-1, 0.5, 4));
      Expr f = sum(product.invoke(a, b).times(constant(Tensor.vector(2, 3, 5))));
      assertEquals(Tensor.vector(-2, 1.5, 20), AD.grad(f, at, "a"));
      assertEquals(Tensor.vector(2, 6, 15), AD.grad(f, at, "b"));
      GradCheck.assertCorrect(f, at);
    }
  }

  @Nested
  class CustomVjp {
    /** The identity whose cotangent is clipped to [-1, 1]. */
    private final Custom.CustomFunction clip = Custom.customVjp("clipGradient", x -> x.get(0).times(1.0),
        (x, y, yBar) -> Arrays.asList(minimum(maximum(yBar, scalar(-1.0)), scalar(1.0))));

    @Test
    void shouldApplyTheRuleInReverseModeAndRefuseForwardMode() {
      Bindings at = Bindings.of("x", AT);
      Expr f = sum(clip.invoke(X).times(constant(Tensor.vector(0.5, 3, -7, 1))));
      assertEquals(AD.eval(sum(X.times(constant(Tensor.vector(0.5, 3, -7, 1)))), at), AD.eval(f, at));
      assertEquals(Tensor.vector(0.5, 1, -1, 1), AD.grad(f, at, "x"));
      var e = assertThrows(IllegalArgumentException.class, () -> AD.jvp(f, at, Bindings.of("x", AT)));
      assertTrue(e.getMessage().contains("clipGradient: a customVjp function has no forward-mode rule"), e.getMessage());
    }

    @Test
    void shouldMakeAStraightThroughEstimator() {
      Custom.CustomFunction binarize = Custom.customVjp("binarize", x -> sign(x.get(0)),
          (x, y, yBar) -> List.of(yBar));
      Bindings at = Bindings.of("x", Tensor.vector(-0.3, 0.2, 1.7, -4));
      Expr f = sum(binarize.invoke(X).times(constant(Tensor.vector(1, 2, 3, 4))));
      assertEquals(-1 + 2 + 3 - 4, AD.eval(f, at).item());
      assertEquals(Tensor.vector(1, 2, 3, 4), AD.grad(f, at, "x"), "the identity's gradient");
    }
  }

  @Nested
  class Checking {
    @Test
    void shouldSayWhichDerivativeIsWrong() {
      Bindings at = Bindings.of("x", Tensor.vector(-1.5, 0.3, 2.5, 1));
      CustomReport right = GradCheck.checkCustom(SOFTPLUS, at, Options.defaults(), X);
      assertTrue(right.passed(), right.toString());
      assertTrue(right.verdict().contains("agree"), right.verdict());

      Custom.CustomFunction wrong = Custom.customJvp("softplus", x -> log(exp(x.get(0)).plus(1.0)),
          (x, t) -> tanh(x.get(0)).times(t.get(0)));
      CustomReport bad = GradCheck.checkCustom(wrong, at, Options.defaults(), X);
      assertFalse(bad.passed());
      assertTrue(bad.verdict().contains("the custom rule is wrong"), bad.verdict());

      // x² as sqrt(x⁴): its own derivative is 0/0 at 0, the rule 2x is right there
      Custom.CustomFunction square = Custom.customJvp("square", x -> sqrt(pow(x.get(0), 4.0)),
          (x, t) -> x.get(0).times(t.get(0)).times(2.0));
      CustomReport fixes = GradCheck.checkCustom(square, Bindings.of("x", Tensor.vector(-1, 0, 0.5, 2)),
          Options.defaults(), X);
      assertTrue(fixes.passed(), fixes.toString());
      assertTrue(fixes.verdict().contains("the custom rule is right; the function's own derivative is not"),
          fixes.toString());
    }

    @Test
    void shouldCheckACustomVjpInReverseModeOnly() {
      Custom.CustomFunction cube = Custom.customVjp("cube", x -> x.get(0).times(x.get(0)).times(x.get(0)),
          (x, y, yBar) -> List.of(yBar.times(x.get(0)).times(x.get(0)).times(3.0)));
      CustomReport r = GradCheck.checkCustom(cube, Bindings.of("x", Tensor.vector(0.5, -1, 2, 1.5)), Options.defaults(),
          X);
      assertTrue(r.passed(), r.toString());
    }
  }

  @Test
  void shouldRejectAFunctionThatReadsAVariableFromOutside() {
    Var w = new Var("w", Shape.of(4));
    Custom.CustomFunction leaky = Custom.customJvp("leaky", x -> x.get(0).times(w), (x, t) -> t.get(0).times(w));
    var e = assertThrows(IllegalArgumentException.class, () -> leaky.invoke(X));
    assertTrue(e.getMessage().contains("leaky: the function reads variable w from outside"), e.getMessage());
  }

  @Test
  void shouldRejectARuleOfTheWrongShape() {
    Custom.CustomFunction bad = Custom.customJvp("bad", x -> sum(x.get(0)), (x, t) -> t.get(0));
    Bindings at = Bindings.of("x", Tensor.normal(Key.of(1), Shape.of(4), 0, 1));
    var e = assertThrows(IllegalArgumentException.class, () -> AD.grad(bad.invoke(X), at, "x"));
    assertTrue(e.getMessage().contains("bad: the JVP rule returned shape [4] for an output of shape []"),
        e.getMessage());
  }
}
