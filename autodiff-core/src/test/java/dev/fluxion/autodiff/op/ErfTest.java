package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.Domain;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Intervals;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Formula;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code erf}: its accuracy against a 60-digit series, its rules, its text and interval rule, and GELU built on it. */
class ErfTest {
  private static final Expr X = variable("x");
  private static final MathContext MC = new MathContext(60);
  private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494459");
  private static final BigDecimal TWO_OVER_SQRT_PI = BigDecimal.valueOf(2).divide(PI.sqrt(MC), MC);
  private static final BigDecimal SMALL = new BigDecimal("1e-45");

  private static double kernel(double x) {
    return Erf.OP.scalar(x);
  }

  /** {@code erf(x)}, {@code x > 0}, to about 45 digits: the Maclaurin series in 60-digit arithmetic (terms up to {@code e^36}). */
  private static BigDecimal reference(double x) {
    BigDecimal bx = new BigDecimal(x);
    BigDecimal minusSquare = bx.multiply(bx, MC).negate();
    BigDecimal power = bx;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal negligible = bx.abs().multiply(SMALL);
    for (int n = 0; power.abs().compareTo(negligible) > 0; n++) {
      sum = sum.add(power.divide(BigDecimal.valueOf(2L * n + 1), MC), MC);
      power = power.multiply(minusSquare, MC).divide(BigDecimal.valueOf(n + 1), MC);
    }
    return sum.multiply(TWO_OVER_SQRT_PI, MC);
  }

  private static double relativeError(double x) {
    BigDecimal ref = reference(x);
    return new BigDecimal(kernel(x)).subtract(ref, MC).abs().divide(ref.abs(), MC).doubleValue();
  }

  @Nested
  class Values {
    @Test
    void shouldMatchKnownValues() {
      assertEquals(0.5204998778130465, kernel(0.5), 0.0);
      assertEquals(0.8427007929497149, kernel(1), 0.0);
      assertEquals(0.9953222650189527, kernel(2), 0.0);
      assertEquals(0.1124629160182849, kernel(0.1), 0.0);
      assertEquals(0.9999779095030014, kernel(3), 0.0);
      assertEquals(1.1283791670955126e-10, kernel(1e-10), Math.ulp(1.1283791670955126e-10));
      assertEquals(1.0, kernel(6), 0.0);
      assertEquals(1.0, kernel(27), 0.0);
    }

    @Test
    void shouldBeOddWithSignedZerosInfinitiesAndNaN() {
      for (double x : new double[] {1e-300, 0.3, 0.5, 0.9, 1.7, 4.2, 5.99, 7}) {
        assertEquals(-kernel(x), kernel(-x), 0.0, "x = " + x);
      }
      assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(kernel(-0.0)));
      assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(kernel(0.0)));
      assertEquals(1.0, kernel(Double.POSITIVE_INFINITY), 0.0);
      assertEquals(-1.0, kernel(Double.NEGATIVE_INFINITY), 0.0);
      assertTrue(Double.isNaN(kernel(Double.NaN)));
      assertEquals(Double.MIN_VALUE * 2 / Math.sqrt(Math.PI), kernel(Double.MIN_VALUE), Double.MIN_VALUE);
    }

    @Test
    void shouldStayWithin1e15RelativeOfA60DigitSeries() {
      double worst = 0;
      double worstUlps = 0;
      SplittableRandom rng = new SplittableRandom(7);
      for (int i = 1; i <= 1800; i++) {
        double x = i < 1536 ? i / 256.0 : i < 1700 ? rng.nextDouble(0, 6) : Math.pow(10, -rng.nextDouble(1, 300));
        double rel = relativeError(x);
        worst = Math.max(worst, rel);
        worstUlps = Math.max(worstUlps, rel * Math.abs(kernel(x)) / Math.ulp(kernel(x)));
      }
      assertTrue(worst < 1e-15, "max relative error " + worst);
      assertTrue(worstUlps <= 1.5, "max error " + worstUlps + " ulp");
    }

    @Test
    void shouldAgreeWithCommonsMath() {
      for (int i = -600; i <= 600; i++) {
        double x = i / 100.0;
        assertEquals(org.apache.commons.math3.special.Erf.erf(x), kernel(x), 1e-15 * Math.abs(kernel(x)), "x = " + x);
      }
    }

    @Test
    void shouldRoundFloat32FromFloat64() {
      Tensor x = Tensor.vector(0.1, 0.7, -1.3, 2.9).cast(DType.FLOAT32);
      Tensor y = AD.eval(erf(variable("x", x.shape(), DType.FLOAT32)), Bindings.of("x", x));
      assertEquals(DType.FLOAT32, y.dtype());
      float[] xs = x.toFloatArray();
      for (int i = 0; i < xs.length; i++) {
        assertEquals((float) kernel(xs[i]), y.toFloatArray()[i], 0f);
      }
    }
  }

  @Nested
  class Rules {
    @Test
    void shouldDifferentiateAs2OverSqrtPiTimesGaussian() {
      assertEquals(2 / Math.sqrt(Math.PI), AD.grad(erf(X), Bindings.of("x", 0.0), "x").item(), 1e-16);
      assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-2.25), AD.grad(erf(X), Bindings.of("x", 1.5), "x").item(), 1e-16);
      assertEquals(-4 * 0.7 / Math.sqrt(Math.PI) * Math.exp(-0.49),
          AD.hessian(erf(X), Bindings.of("x", 0.7), "x").item(), 1e-15);
    }

    @Test
    void shouldPassGradCheckToSecondOrderInBothDTypes() {
      Tensor x = Tensor.vector(-2.5, -0.3, 0.05, 0.6, 1.9);
      GradCheck.assertCorrect(v -> sum(erf(v).times(v)), x);
      GradCheck.assertCorrect(v -> sum(erf(v).times(v)), x.cast(DType.FLOAT32));
    }
  }

  @Nested
  class Metadata {
    @Test
    void shouldParseAndPrintBackTheSame() {
      String text = "erf(x) * erf(y - 1)";
      Expr e = Formula.parse(text);
      assertEquals(text, Exprs.print(e));
      assertSame(Erf.OP, ((Apply) ((Apply) e).arg(0)).op());
    }

    @Test
    void shouldBoundByMonotonicityWithoutUnsafeArguments() {
      Intervals iv = new Intervals(Map.of("x", Domain.of(-1, 2)));
      assertArrayEquals(new double[] {-kernel(1), kernel(2)}, iv.bound(erf(X)), 0.0);
      assertNull(new Intervals(Map.of("x", Domain.of(-1e6, 1e6))).violation(erf(X)));
    }
  }

  @Nested
  class Gelu {
    private double at(Expr f, double x) {
      return AD.eval(f, Bindings.of("x", x)).item();
    }

    @Test
    void shouldBeXTimesTheNormalDistributionFunction() {
      assertEquals(0.8413447460685429, at(gelu(X), 1), 2e-16);
      assertEquals(-0.15865525393145705, at(gelu(X), -1), 2e-16);
      assertEquals(0.34573123063700656, at(gelu(X), 0.5), 2e-16);
      assertEquals(1.9544997361036416, at(gelu(X), 2), 4e-16);
      assertEquals(0.0, at(gelu(X), 0), 0.0);
    }

    @Test
    void shouldDifferentiateAsPhiPlusXTimesTheDensity() {
      double x = 0.8;
      double expected = 0.5 * (1 + kernel(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
      assertEquals(expected, AD.grad(gelu(X), Bindings.of("x", x), "x").item(), 1e-15);
      GradCheck.assertCorrect(v -> sum(gelu(v)), Tensor.vector(-3, -0.4, 0.3, 2.2));
    }

    @Test
    void shouldApproximateWithTanhWithin5e4() {
      for (int i = -800; i <= 800; i++) {
        double x = i / 100.0;
        assertEquals(at(gelu(X), x), at(geluTanh(X), x), 5e-4, "x = " + x);
      }
      GradCheck.assertCorrect(v -> sum(geluTanh(v)), Tensor.vector(-3, -0.4, 0.3, 2.2));
    }
  }
}
