package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.check.BadSin.badSin;
import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GradCheckTest {
  private final Expr x1 = variable("x1");
  private final Expr x2 = variable("x2");
  private final Expr survey = log(x1).plus(x1.times(x2)).minus(sin(x2));
  private final Bindings at = Bindings.of("x1", 2.0).with("x2", 5.0);

  @Nested
  class CorrectFunctions {
    @Test
    void shouldPassOnTheSurveyExample() {
      Report r = GradCheck.check(survey, at);
      assertTrue(r.passed(), r::toString);
      assertNull(r.culprit());
      assertTrue(r.toString().startsWith("GradCheck passed for "), r.toString());
    }

    @Test
    void shouldPassForAFunctionOfATensorWithNonScalarOutput() {
      Tensor x = Tensor.matrix(new double[] {0.3, -1.2, 0.7}, new double[] {1.1, 0.4, -0.6});
      GradCheck.assertCorrect(e -> matmul(sin(e), transpose(e)).times(e.sum()), x);
    }

    @Test
    void shouldPassForAConstantFunction() {
      assertTrue(GradCheck.check(e -> scalar(3.0), Tensor.vector(1, 2)).passed());
    }
  }

  @Nested
  class WrongRules {
    private final Expr x = variable("x", 3);
    private final Expr f = badSin(exp(x.times(0.5))).times(x).sum();
    private final Bindings point = Bindings.of("x", Tensor.vector(0.3, -0.8, 1.1));

    @Test
    void shouldCatchAWrongVjpButNotTheForwardMode() {
      Report r = GradCheck.check(f, point);
      assertFalse(r.passed());
      var kinds = r.failures().stream().map(Report.Failure::check).toList();
      assertTrue(kinds.contains(CheckKind.REVERSE_VS_FD), r::toString);
      assertTrue(kinds.contains(CheckKind.ADJOINT), r::toString);
      assertFalse(kinds.contains(CheckKind.FORWARD_VS_FD), r::toString);
    }

    @Test
    void shouldLocalizeTheWrongNode() {
      Report.Culprit c = GradCheck.check(f, point).culprit();
      assertNotNull(c);
      assertEquals("badSin", c.op());
      assertEquals("badSin(exp(x * full([3], 0.5)))", Exprs.print(c.node()));
      assertEquals(CheckKind.REVERSE_VS_FD, c.failure().check());
    }

    @Test
    void shouldThrowAnAssertionErrorWithTheReport() {
      AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertCorrect(f, point));
      assertTrue(e.getMessage().contains("GradCheck FAILED for sum("), e.getMessage());
      String culprit = "first bad node: badSin(exp(x * full([3], 0.5))) (op badSin)";
      assertTrue(e.getMessage().contains(culprit), e.getMessage());
      assertTrue(e.getMessage().contains("reverse mode vs finite differences: x["), e.getMessage());
    }

    @Test
    void shouldFindNoCulpritInCorrectRules() {
      assertNull(GradCheck.localize(survey, at, Options.defaults()));
    }
  }

  @Nested
  class Arguments {
    @Test
    void shouldReportANonFiniteValue() {
      Report r = GradCheck.check(log(x1), Bindings.of("x1", -1.0));
      assertEquals(CheckKind.VALUE, r.failures().get(0).check());
    }

    @Test
    void shouldRunOnlyTheChosenChecks() {
      Expr f = badSin(x1);
      Options forwardOnly = Options.defaults().withChecks(CheckKind.FORWARD_VS_FD, CheckKind.HVP_VS_FD);
      assertTrue(GradCheck.check(f, Bindings.of("x1", 0.4), forwardOnly).passed());
    }

    @Test
    void shouldRejectAbsurdSteps() {
      var e = assertThrows(IllegalArgumentException.class, () -> Options.defaults().withStep(1e-20));
      assertTrue(e.getMessage().contains("step"), e.getMessage());
    }

    @Test
    void shouldRejectBindingsThatDoNotFit() {
      assertThrows(IllegalArgumentException.class, () -> GradCheck.check(survey, Bindings.of("x1", 1.0)));
    }
  }
}
