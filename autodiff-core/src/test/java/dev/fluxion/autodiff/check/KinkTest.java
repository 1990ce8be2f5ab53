package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A point on a documented kink is reported as such, never as a failure with a made-up expected value. */
class KinkTest {
  private final Expr x = variable("x");
  private final Expr y = variable("y");

  private static Report.Kink kinkOf(Report r) {
    assertFalse(r.passed(), r::toString);
    assertTrue(r.failures().isEmpty(), r::toString);
    assertNull(r.culprit());
    return assertInstanceOf(Report.Kink.class, r.kink(), r::toString);
  }

  @Nested
  class OnAKink {
    @Test
    void shouldReportReluAtZero() {
      Report r = GradCheck.check(relu(x).plus(x.times(x)), Bindings.of("x", 0.0));
      Report.Kink k = kinkOf(r);
      assertEquals("relu", k.op());
      assertEquals(0, k.index());
      assertEquals("GradCheck could not verify relu(x) + x * x: point lies on a kink of relu at node relu(x) "
          + "(element 0 of its argument), choose another point", r.toString());
    }

    @Test
    void shouldReportAbsAtZeroAlthoughCentralDifferencesAgree() {
      assertEquals("abs", kinkOf(GradCheck.check(abs(x), Bindings.of("x", 0.0))).op());
    }

    @Test
    void shouldReportATieOfMaximumAndOfAMaxReduction() {
      assertEquals("maximum", kinkOf(GradCheck.check(maximum(x, y), Bindings.of("x", 1.5).with("y", 1.5))).op());
      Report.Kink k = kinkOf(GradCheck.check(e -> max(e), Tensor.vector(0.5, 2, -1, 2)));
      assertEquals("max", k.op());
      assertEquals(1, k.index());
    }

    @Test
    void shouldReportATieInAMaxPoolingWindow() {
      Tensor img = Tensor.of(new double[] {1, 3, 4, 0, 3, 2, 4, 1}, Shape.of(1, 1, 2, 4));
      Report.Kink k = kinkOf(GradCheck.check(e -> sum(maxPool2d(e, 2, 2)), img));
      assertEquals("maxPool2d", k.op());
      assertEquals(4, k.index());
      Tensor distinct = Tensor.of(new double[] {1, 3, 2, 0, 5, 2.5, 4, 1}, Shape.of(1, 1, 2, 4));
      GradCheck.assertCorrect(e -> sum(maxPool2d(e, 2, 2)), distinct);
    }

    @Test
    void shouldReportWhereConditionOnItsBoundary() {
      Expr f = where(gt(x, scalar(1.0)), x.times(x), x);
      assertEquals("gt", kinkOf(GradCheck.check(f, Bindings.of("x", 1.0))).op());
    }

    @Test
    void shouldReportTheElementOfATensorOnTheKink() {
      Report.Kink k = kinkOf(GradCheck.check(e -> sum(leakyRelu(e, 0.1)), Tensor.vector(1, -2, 0, 3)));
      assertEquals("leakyRelu", k.op());
      assertEquals(2, k.index());
    }

    @Test
    void shouldThrowAnAssertionNamingTheKink() {
      AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertCorrect(relu(x), Bindings.of("x", 0.0)));
      assertTrue(e.getMessage().contains("point lies on a kink of relu at node relu(x)"), e.getMessage());
      assertTrue(e.getMessage().contains("choose another point"), e.getMessage());
    }
  }

  @Nested
  class OffAKink {
    @Test
    void shouldPassBesideTheKinks() {
      GradCheck.assertCorrect(relu(x).plus(abs(x)), Bindings.of("x", 0.3));
      GradCheck.assertCorrect(maximum(x, y), Bindings.of("x", 1.5).with("y", 1.0));
      GradCheck.assertCorrect(where(gt(x, scalar(1.0)), x.times(x), x), Bindings.of("x", 1.2));
    }

    @Test
    void shouldNotCallATieOfANodeWithItselfAKink() {
      GradCheck.assertCorrect(maximum(x, x), Bindings.of("x", 0.7));
    }

    @Test
    void shouldCheckNormallyWhereKinksCancel() {
      Expr z = variable("z");
      Expr c = ge(z, scalar(0.0));
      Expr f = where(c, z, scalar(0.0)).minus(z.times(0.3)).plus(softplus(where(c, neg(z), z)));
      Report r = GradCheck.check(f, Bindings.of("z", 0.0));
      assertTrue(r.passed(), r::toString);
      assertNull(r.kink());
    }

    @Test
    void shouldIgnoreKinksOfConstants() {
      GradCheck.assertCorrect(relu(scalar(0.0)).plus(sin(x)), Bindings.of("x", 0.7));
    }

    @Test
    void shouldStillReportAWrongRuleAsAFailure() {
      Report r = GradCheck.check(BadSin.badSin(x), Bindings.of("x", 0.4));
      assertFalse(r.passed());
      assertNull(r.kink());
      assertFalse(r.failures().isEmpty());
    }
  }
}
