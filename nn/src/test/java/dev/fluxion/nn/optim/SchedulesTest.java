package dev.fluxion.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SchedulesTest {
  private static final double EPS = 1e-12;

  private static void assertNonIncreasing(Schedule s, long from, long to) {
    for (long t = from; t < to; t++) {
      assertTrue(s.at(t + 1) <= s.at(t) + EPS, s + " increases at step " + t);
    }
  }

  private static void assertNonDecreasing(Schedule s, long from, long to) {
    for (long t = from; t < to; t++) {
      assertTrue(s.at(t + 1) >= s.at(t) - EPS, s + " decreases at step " + t);
    }
  }

  @Nested
  class Decays {
    @Test
    void shouldStepDecay() {
      // initial * factor^floor(step / every)
      Schedule s = Schedules.stepDecay(0.1, 0.5, 10);
      assertEquals(0.1, s.at(0), EPS);
      assertEquals(0.1, s.at(9), EPS);
      assertEquals(0.05, s.at(10), EPS);
      assertEquals(0.025, s.at(25), EPS);
      assertNonIncreasing(s, 0, 100);
    }

    @Test
    void shouldDecayExponentially() {
      // initial * rate^(step / decaySteps), the exponent floored when staircase
      Schedule smooth = Schedules.exponential(1, 0.5, 10, false);
      Schedule stairs = Schedules.exponential(1, 0.5, 10, true);
      assertEquals(1, smooth.at(0), EPS);
      assertEquals(0.7071067811865476, smooth.at(5), EPS);
      assertEquals(0.3535533905932738, smooth.at(15), EPS);
      assertEquals(1, stairs.at(5), EPS);
      assertEquals(0.5, stairs.at(10), EPS);
      assertEquals(0.5, stairs.at(19), EPS);
      assertEquals(0.25, stairs.at(20), EPS);
      assertNonIncreasing(smooth, 0, 100);
    }

    @Test
    void shouldDecayAlongACosine() {
      // initial * ((1 - alpha) * (1 + cos(pi * min(step, D) / D)) / 2 + alpha)
      Schedule s = Schedules.cosine(1, 100, 0.1);
      assertEquals(1, s.at(0), EPS);
      assertEquals(0.8681980515339464, s.at(25), EPS); // 0.9 * (1 + cos(pi/4)) / 2 + 0.1
      assertEquals(0.55, s.at(50), EPS);
      assertEquals(0.1, s.at(100), EPS);
      assertEquals(0.1, s.at(1_000_000), EPS);
      assertNonIncreasing(s, 0, 150);
    }

    @Test
    void shouldWarmUpThenDecay() {
      // peak * step / W before W; then end + (peak - end) * (1 + cos(pi * min(step - W, D - W) / (D - W))) / 2
      Schedule s = Schedules.warmupCosine(1, 10, 110, 0.1);
      assertEquals(0, s.at(0), EPS);
      assertEquals(0.5, s.at(5), EPS);
      assertEquals(1, s.at(10), EPS);
      assertEquals(0.55, s.at(60), EPS);
      assertEquals(0.1, s.at(110), EPS);
      assertEquals(0.1, s.at(5000), EPS);
      assertNonDecreasing(s, 0, 10);
      assertNonIncreasing(s, 10, 200);
      assertEquals(1, Schedules.warmupCosine(1, 0, 10, 0).at(0), EPS);
    }

    @Test
    void shouldInterpolateLinearly() {
      Schedule s = Schedules.linear(1, 3, 4);
      assertEquals(1, s.at(0), EPS);
      assertEquals(2, s.at(2), EPS);
      assertEquals(3, s.at(4), EPS);
      assertEquals(3, s.at(40), EPS);
    }
  }

  @Nested
  class Cyclical {
    // Smith 2017: cycle = floor(1 + t / 2s), x = |t / s - 2 cycle + 1|, lr = base + (max - base) * max(0, 1 - x) * scale
    private final double base = 0.001;
    private final double max = 0.006;

    @Test
    void shouldRunTriangularCycles() {
      Schedule s = Schedules.triangular(base, max, 2000);
      assertEquals(0.001, s.at(0), EPS);
      assertEquals(0.0035, s.at(1000), EPS);
      assertEquals(0.006, s.at(2000), EPS);
      assertEquals(0.0035, s.at(3000), EPS);
      assertEquals(0.001, s.at(4000), EPS);
      for (long t = 0; t < 4000; t += 37) {
        assertEquals(s.at(t), s.at(t + 4000), EPS, "period at " + t);
        assertEquals(s.at(t), s.at(t + 40_000), EPS, "period at " + t);
      }
      assertNonDecreasing(s, 0, 2000);
      assertNonIncreasing(s, 2000, 4000);
    }

    @Test
    void shouldHalveTheAmplitudeEachCycleForTriangular2() {
      Schedule s = Schedules.triangular2(base, max, 2000);
      assertEquals(0.006, s.at(2000), EPS);
      assertEquals(0.0035, s.at(6000), EPS); // 0.001 + 0.005 / 2
      assertEquals(0.00225, s.at(10000), EPS); // 0.001 + 0.005 / 4
      assertEquals(0.001, s.at(8000), EPS);
    }

    @Test
    void shouldDecayTheAmplitudeExponentiallyForExpRange() {
      Schedule s = Schedules.expRange(base, max, 2000, 0.99994);
      assertEquals(0.001, s.at(0), EPS);
      assertEquals(0.00335440709585463, s.at(1000), EPS); // 0.001 + 0.005 * 0.5 * 0.99994^1000
      assertEquals(0.0054345862184085065, s.at(2000), EPS); // 0.001 + 0.005 * 0.99994^2000
      assertTrue(s.at(6000) < s.at(2000));
    }
  }

  @Nested
  class OneCycle {
    // PyTorch OneCycleLR: initial = max / div, min = initial / finalDiv; phase ends e1 = pct * T - 1, e2 = T - 1;
    // anneal(a, b, p) = b + (a - b) / 2 * (cos(pi p) + 1)
    private final Schedule s = Schedules.oneCycle(1, 100, 0.3, 25, 1e4);

    @Test
    void shouldFollowPytorchValues() {
      assertEquals(0.04, s.at(0), EPS);
      assertEquals(0.29516394846410077, s.at(10), EPS);
      assertEquals(1, s.at(29), EPS);
      assertEquals(0.9994965352845243, s.at(30), EPS);
      assertEquals(0.500002, s.at(64), EPS);
      assertEquals(4e-6, s.at(99), EPS);
      assertEquals(4e-6, s.at(500), EPS);
    }

    @Test
    void shouldRiseThenFall() {
      assertNonDecreasing(s, 0, 29);
      assertNonIncreasing(s, 29, 200);
      assertEquals(Schedules.oneCycle(1, 100).at(64), s.at(64), EPS);
    }

    @Test
    void shouldRejectDegeneratePhases() {
      assertThrows(IllegalArgumentException.class, () -> Schedules.oneCycle(1, 3));
      assertThrows(IllegalArgumentException.class, () -> Schedules.oneCycle(1, 100, 1, 25, 1e4));
      assertThrows(IllegalArgumentException.class, () -> Schedules.oneCycle(1, 100, 0.3, 0, 1e4));
    }
  }

  @Nested
  class Joining {
    @Test
    void shouldShiftTheStepAtEachBoundary() {
      Schedule s = Schedules.join(List.of(Schedules.linear(0, 1, 10), Schedules.constant(1),
          Schedules.exponential(1, 0.5, 1, false)), 10, 20);
      assertEquals(0.5, s.at(5), EPS);
      assertEquals(1, s.at(10), EPS);
      assertEquals(1, s.at(19), EPS);
      assertEquals(1, s.at(20), EPS);
      assertEquals(0.25, s.at(22), EPS);
    }

    @Test
    void shouldRejectMismatchedBoundaries() {
      var one = List.of(Schedules.constant(1), Schedules.constant(2));
      assertThrows(IllegalArgumentException.class, () -> Schedules.join(one));
      assertThrows(IllegalArgumentException.class, () -> Schedules.join(List.of(Schedules.constant(1),
          Schedules.constant(2), Schedules.constant(3)), 5, 4));
      assertThrows(IllegalArgumentException.class, () -> Schedules.join(List.of()));
    }
  }

  @Nested
  class Validation {
    @Test
    void shouldRejectNegativeSteps() {
      var e = assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(1, 10, 0).at(-1));
      assertEquals("cosine(1.0, 10, 0.0): step must be >= 0, got -1", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Schedules.constant(1).at(-5));
    }

    @Test
    void shouldRejectInvalidArguments() {
      var e = assertThrows(IllegalArgumentException.class, () -> Schedules.constant(Double.NaN));
      assertTrue(e.getMessage().contains("value is not finite"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Schedules.stepDecay(0.1, 0.5, 0));
      assertThrows(IllegalArgumentException.class, () -> Schedules.stepDecay(0.1, -0.5, 10));
      assertThrows(IllegalArgumentException.class, () -> Schedules.exponential(1, 0, 10, false));
      assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(Double.POSITIVE_INFINITY, 10, 0));
      assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(1, 0, 0));
      var w = assertThrows(IllegalArgumentException.class, () -> Schedules.warmupCosine(1, 10, 10, 0));
      assertTrue(w.getMessage().contains("must exceed warmupSteps"), w.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Schedules.warmupCosine(1, -1, 10, 0));
      assertThrows(IllegalArgumentException.class, () -> Schedules.triangular(0, 1, 0));
      assertThrows(IllegalArgumentException.class, () -> Schedules.expRange(0, 1, 10, -1));
      assertThrows(IllegalArgumentException.class, () -> Schedules.linear(0, Double.NaN, 10));
    }

    @Test
    void shouldPrintAsTheFactoryCall() {
      assertEquals("stepDecay(0.1, 0.5, 10)", Schedules.stepDecay(0.1, 0.5, 10).toString());
    }
  }
}
