package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.check.BadSin.badSin;
import static dev.fluxion.autodiff.check.SloppySin.sloppySin;
import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link GradCheck} on functions that compute in float32: checked against their float64 twin. */
class Float32CheckTest {
  private static final DType F32 = DType.FLOAT32;
  private final Expr x = variable("x", Shape.of(3), F32);
  private final Bindings at = Bindings.of("x", Tensor.vector(0.3, -0.8, 1.1).cast(F32));

  @Nested
  class CorrectFunctions {
    @Test
    void shouldPassAndSayItCheckedFloat32AgainstTheTwin() {
      Report r = GradCheck.check(sum(exp(x.times(0.5)).times(sin(x))), at);
      assertTrue(r.passed(), r::toString);
      assertEquals(F32, r.dtype());
      assertEquals(Math.sqrt(F32.epsilon()), r.rtol());
      assertTrue(r.toString().endsWith("(float32 against its float64 twin, rtol 0.000345)"), r.toString());
    }

    @Test
    void shouldCheckAFunctionOfAFloat32TensorInFloat32() {
      Tensor m = Tensor.matrix(new double[] {0.3, -1.2, 0.7}, new double[] {1.1, 0.4, -0.6}).cast(F32);
      Report r = GradCheck.check(e -> matmul(tanh(e), transpose(e)).times(e.sum()), m);
      assertTrue(r.passed(), r::toString);
      assertEquals(F32, r.dtype());
    }

    @Test
    void shouldKeepFloat64FunctionsAtTheFloat64Tolerance() {
      Report r = GradCheck.check(sum(sin(variable("y", 3))), Bindings.of("y", Tensor.vector(1, 2, 3)));
      assertEquals(DType.FLOAT64, r.dtype());
      assertEquals(Options.defaults().rtol(), r.rtol());
      assertEquals("GradCheck passed for sum(sin(y))", r.toString());
    }

    @Test
    void shouldCheckAFloat64FunctionThatRoundsToFloat32InsideAgainstItsTwin() {
      // central differences across the rounding would see steps of 2^-24 / 1e-5: the twin has none
      Expr y = variable("y", 3);
      Expr f = sum(cast(exp(cast(y, F32)), DType.FLOAT64).times(y));
      Report r = GradCheck.check(f, Bindings.of("y", Tensor.vector(0.1, 0.2, 0.3)));
      assertTrue(r.passed(), r::toString);
      assertEquals(F32, r.dtype());
    }
  }

  @Nested
  class Twins {
    @Test
    void shouldWidenAWhileLoopsConditionAndBody() {
      Expr a = variable("a", Shape.scalar(), F32);
      Expr f32 = dev.fluxion.autodiff.control.Loops.whileLoop(
          v -> gt(abs(v.get(0).times(v.get(0)).minus(v.get(1))), scalar(1e-6)),
          v -> v.get(0).plus(v.get(1).div(v.get(0))).times(0.5), a, a);
      Expr f64 = Twin.widenAll(java.util.List.of(f32)).get(0);
      assertEquals(DType.FLOAT64, f64.dtype());
      Tensor y = dev.fluxion.autodiff.ad.AD.eval(f64, Bindings.of("a", 2.0));
      assertEquals(DType.FLOAT64, y.dtype());
      assertEquals(Math.sqrt(2), y.item(), 1e-11, "Newton's last step in float64, beyond float32's precision");
      var e = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(f32, Bindings.of("a",
          Tensor.scalar(2.0, F32))));
      assertTrue(e.getMessage().contains("whileLoop is forward-differentiable only"), e.getMessage());
    }
  }

  @Nested
  class Failures {
    @Test
    void shouldCatchAFloat32KernelTheFloat64OneDoesNotShare() {
      Expr f = sum(sloppySin(x).times(x));
      Report r = GradCheck.check(f, at);
      assertFalse(r.passed(), r::toString);
      assertTrue(r.failures().stream().allMatch(fl -> fl.check() == CheckKind.FLOAT32), r::toString);
      assertEquals("output", r.failures().get(0).variable());
      assertNotNull(r.culprit(), r::toString);
      assertEquals("sloppySin", r.culprit().op());
      assertEquals("value", r.culprit().failure().variable());
      Expr f64 = sum(sloppySin(variable("x", 3)).times(variable("x", 3)));
      assertTrue(GradCheck.check(f64, Bindings.of("x", Tensor.vector(0.3, -0.8, 1.1))).passed());
    }

    @Test
    void shouldCatchAWrongRuleByFiniteDifferencesOfTheTwin() {
      Report r = GradCheck.check(sum(badSin(exp(x.times(0.5))).times(x)), at);
      var kinds = r.failures().stream().map(Report.Failure::check).toList();
      assertTrue(kinds.contains(CheckKind.REVERSE_VS_FD), r::toString);
      assertFalse(kinds.contains(CheckKind.FORWARD_VS_FD), r::toString);
      assertEquals("badSin", r.culprit().op());
      assertEquals("badSin(exp(x * full([3], 0.5)))", Exprs.print(r.culprit().node()));
    }

    @Test
    void shouldReportAFloat32OverflowTheTwinDoesNotHave() {
      Expr s = variable("s", Shape.scalar(), F32);
      Report r = GradCheck.check(exp(s), Bindings.of("s", Tensor.scalar(100.0).cast(F32)));
      assertFalse(r.passed());
      Report.Failure f = r.failures().get(0);
      assertEquals(CheckKind.FLOAT32, f.check());
      assertEquals(Double.POSITIVE_INFINITY, f.actual());
    }

    @Test
    void shouldFailATightFloat32ToleranceAndNameIt() {
      Options tight = Options.defaults().withTolerance(1e-5, 0).withFloat32Tolerance(0);
      Report r = GradCheck.check(sum(exp(x.times(0.1)).times(sin(x))), at, tight);
      assertFalse(r.passed(), r::toString);
      assertTrue(r.toString().contains("float32 result vs the float64 twin"), r::toString);
      assertEquals(0.0, r.rtol());
    }
  }

  @Nested
  class Arguments {
    @Test
    void shouldRejectFloat64BindingsOfFloat32Variables() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> GradCheck.check(sum(x), Bindings.of("x", Tensor.vector(1, 2, 3))));
      assertTrue(e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void shouldRejectANegativeFloat32Tolerance() {
      var e = assertThrows(IllegalArgumentException.class, () -> Options.defaults().withFloat32Tolerance(-1));
      assertTrue(e.getMessage().contains("float32Rtol"), e.getMessage());
    }
  }
}
