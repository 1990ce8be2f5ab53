package dev.fluxion.nn.init;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static final Key KEY = Key.of(20240611);
  /** 200,000 draws: standard errors of about 0.2% of the scale. */
  private static final Shape BIG = Shape.of(400, 500);

  private static double phi(double x) {
    return 0.5 * (1 + Erf.erf(x / Math.sqrt(2)));
  }

  /** The sample mean and standard deviation. */
  private static double[] moments(Tensor t) {
    double[] d = t.toArray();
    double mean = 0;
    for (double v : d) {
      mean += v;
    }
    mean /= d.length;
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(ss / (d.length - 1))};
  }

  /** The 0.1% critical value of the Kolmogorov–Smirnov statistic for {@code n} draws: about 1.95 / √n. */
  private static double ksCritical(Tensor t) {
    return 1.95 / Math.sqrt(t.size());
  }

  /** The Kolmogorov–Smirnov distance between the sample and {@code cdf}. */
  private static double ks(Tensor t, DoubleUnaryOperator cdf) {
    double[] d = t.toArray();
    Arrays.sort(d);
    double worst = 0;
    for (int i = 0; i < d.length; i++) {
      double f = cdf.applyAsDouble(d[i]);
      worst = Math.max(worst, Math.max(f - (double) i / d.length, (i + 1.0) / d.length - f));
    }
    return worst;
  }

  /** Checks mean 0 and standard deviation {@code std} within 5 standard errors. */
  private static void assertMoments(Tensor t, double std) {
    double[] m = moments(t);
    double n = t.size();
    assertEquals(0, m[0], 5 * std / Math.sqrt(n), "mean");
    assertEquals(std, m[1], 5 * std / Math.sqrt(2 * n), "std");
  }

  private static void assertUniform(Tensor t, double bound) {
    assertMoments(t, bound / Math.sqrt(3));
    assertTrue(t.min().item() >= -bound && t.max().item() < bound, "within bounds");
    assertTrue(t.max().item() > 0.999 * bound && t.min().item() < -0.999 * bound, "bounds reached");
    assertTrue(ks(t, x -> (x + bound) / (2 * bound)) < ksCritical(t), "KS uniform");
  }

  private static void assertNormal(Tensor t, double std) {
    assertMoments(t, std);
    assertTrue(ks(t, x -> phi(x / std)) < ksCritical(t), "KS normal");
  }

  @Nested
  class Determinism {
    @Test
    void shouldGiveTheSameTensorForTheSameKey() {
      for (Initializer init : new Initializer[] {Initializers.uniform(-1, 1), Initializers.normal(0, 1),
          Initializers.truncatedNormal(1), Initializers.xavierUniform(), Initializers.kaimingNormal(),
          Initializers.lecunNormal()}) {
        Tensor a = init.init(Key.of(7), 3, 4);
        assertEquals(a, init.init(Key.of(7), Shape.of(3, 4)));
        assertNotEquals(a, init.init(Key.of(8), 3, 4));
        assertEquals(Shape.of(3, 4), a.shape());
      }
    }

    @Test
    void shouldFillConstants() {
      assertEquals(Tensor.zeros(2, 3), Initializers.zeros().init(KEY, 2, 3));
      assertEquals(Tensor.ones(4), Initializers.ones().init(KEY, 4));
      assertEquals(Tensor.full(Shape.scalar(), 2.5), Initializers.constant(2.5).init(KEY, Shape.scalar()));
    }

    @Test
    void shouldHandleEmptyShapes() {
      assertEquals(Tensor.zeros(0, 3), Initializers.kaimingUniform().init(KEY, 0, 3));
      assertEquals(Tensor.zeros(4, 0, 3, 3), Initializers.xavierNormal().init(KEY, 4, 0, 3, 3));
    }
  }

  @Nested
  class Statistics {
    @Test
    void shouldDrawUniformAndNormal() {
      Tensor u = Initializers.uniform(2, 6).init(KEY, BIG);
      assertUniform(u.minus(4), 2);
      assertNormal(Initializers.normal(3, 0.5).init(KEY, BIG).minus(3), 0.5);
    }

    @Test
    void shouldTruncateAtTwoStandardDeviations() {
      double std = 0.3;
      Tensor t = Initializers.truncatedNormal(std).init(KEY, BIG);
      assertTrue(t.abs().max().item() <= 2 * std);
      assertTrue(t.abs().max().item() > 0.999 * 2 * std);
      double mass = phi(2) - phi(-2);
      double expectedStd = std * Math.sqrt(1 - 4 * Math.exp(-2) / Math.sqrt(2 * Math.PI) / mass);
      assertEquals(Initializers.TRUNCATED_STD, expectedStd / std, 1e-15);
      assertMoments(t, expectedStd);
      assertTrue(ks(t, x -> (phi(x / std) - phi(-2)) / mass) < ksCritical(t), "KS truncated normal");
    }

    @Test
    void shouldScaleXavierByBothFans() {
      // [400, 500]: a = gain * sqrt(6 / (400 + 500)), sigma = gain * sqrt(2 / (400 + 500))
      Shape s = Shape.of(400, 500);
      assertUniform(Initializers.xavierUniform().init(KEY, s), Math.sqrt(6.0 / 900));
      assertUniform(Initializers.xavierUniform(Gain.tanh()).init(KEY, s), 5.0 / 3 * Math.sqrt(6.0 / 900));
      assertNormal(Initializers.xavierNormal().init(KEY, s), Math.sqrt(2.0 / 900));
    }

    @Test
    void shouldScaleKaimingByTheChosenFan() {
      Shape conv = Shape.of(32, 50, 5, 5); // fanIn = 50 * 25 = 1250, fanOut = 32 * 25 = 800
      assertUniform(Initializers.kaimingUniform().init(KEY, conv), Math.sqrt(2) * Math.sqrt(3.0 / 1250));
      assertNormal(Initializers.kaimingNormal().init(KEY, conv), Math.sqrt(2) / Math.sqrt(1250));
      assertNormal(Initializers.kaimingNormal(Fans.Mode.FAN_OUT, Gain.linear()).init(KEY, conv), 1 / Math.sqrt(800));
      assertUniform(Initializers.kaimingUniform(Fans.Mode.FAN_OUT, Gain.leakyRelu(0.2)).init(KEY, conv),
          Math.sqrt(2 / 1.04) * Math.sqrt(3.0 / 800));
    }

    @Test
    void shouldGiveLecunTheVarianceOneOverFanIn() {
      Tensor n = Initializers.lecunNormal().init(KEY, BIG);
      assertMoments(n, 1 / Math.sqrt(400));
      assertTrue(n.abs().max().item() <= 2 / Math.sqrt(400) / Initializers.TRUNCATED_STD);
      assertUniform(Initializers.lecunUniform().init(KEY, BIG), Math.sqrt(3.0 / 400));
    }
  }

  @Nested
  class FansAndGains {
    @Test
    void shouldComputeFansForDenseAndConvShapes() {
      assertEquals(new Fans(3, 5), Fans.of(Shape.of(3, 5)));
      assertEquals(new Fans(3 * 5 * 5, 8 * 5 * 5), Fans.of(Shape.of(8, 3, 5, 5)));
      assertEquals(new Fans(4 * 7, 2 * 7), Fans.of(Shape.of(2, 4, 7)));
      assertEquals(2.5, new Fans(2, 3).fan(Fans.Mode.FAN_AVG));
      assertEquals(3, new Fans(2, 3).fan(Fans.Mode.FAN_OUT));
    }

    @Test
    void shouldRejectShapesWithoutFans() {
      var e = assertThrows(IllegalArgumentException.class, () -> Fans.of(Shape.of(5)));
      assertTrue(e.getMessage().contains("rank >= 2"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Initializers.xavierUniform().init(KEY, 5));
      assertThrows(IllegalArgumentException.class, () -> Initializers.kaimingNormal().init(KEY, Shape.scalar()));
    }

    @Test
    void shouldMatchPytorchGains() {
      assertEquals(Math.sqrt(2), Gain.relu());
      assertEquals(5.0 / 3, Gain.tanh());
      assertEquals(1, Gain.linear());
      assertEquals(1, Gain.sigmoid());
      assertEquals(0.75, Gain.selu());
      assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Gain.leakyRelu(0.01));
      assertEquals(Math.sqrt(2), Gain.leakyRelu(0));
      assertEquals(1, Gain.leakyRelu(1), 1e-15);
    }
  }

  @Nested
  class Validation {
    @Test
    void shouldRejectInvalidArguments() {
      assertThrows(IllegalArgumentException.class, () -> Initializers.uniform(1, 0));
      assertThrows(IllegalArgumentException.class, () -> Initializers.uniform(0, Double.POSITIVE_INFINITY));
      assertThrows(IllegalArgumentException.class, () -> Initializers.normal(0, -1));
      assertThrows(IllegalArgumentException.class, () -> Initializers.truncatedNormal(Double.NaN));
      assertThrows(IllegalArgumentException.class, () -> Initializers.constant(Double.NaN));
      assertThrows(IllegalArgumentException.class, () -> Initializers.xavierUniform(0));
      assertThrows(IllegalArgumentException.class, () -> Gain.leakyRelu(Double.NaN));
      var e = assertThrows(IllegalArgumentException.class, () -> Initializers.kaimingUniform(null, 1));
      assertTrue(e.getMessage().contains("mode is null"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Initializers.zeros().init(null, Shape.of(1)));
    }
  }
}
