package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The interval rules each op states, read by {@link Intervals}. */
class IntervalsTest {
  private static final Expr X = variable("x", 2, 3);
  private static final Expr Y = variable("y", 3, 2);

  private static Intervals on(double lo, double hi) {
    return new Intervals(Map.of("x", Domain.of(lo, hi), "y", Domain.of(-1, 2)));
  }

  @Nested
  class Bounds {
    @Test
    void shouldPropagateThroughArithmeticAndMonotoneFunctions() {
      assertArrayEquals(new double[] {-3, -1}, on(1, 3).bound(neg(X)), 0.0);
      assertArrayEquals(new double[] {0, Math.log(3)}, on(1, 3).bound(log(X)), 0.0);
      assertArrayEquals(new double[] {-1, 1}, on(1, 3).bound(sin(X)), 0.0);
      assertArrayEquals(new double[] {0, 1}, on(-5, 5).bound(sigmoid(X)), 0.0);
      assertArrayEquals(new double[] {0, 5}, on(-5, 5).bound(relu(X)), 0.0);
      assertArrayEquals(new double[] {-1, 7}, on(1, 3).bound(X.times(X).minus(2.0)), 0.0);
      assertArrayEquals(new double[] {-2, 2}, on(1, 3).bound(X.minus(X)), 0.0);
    }

    @Test
    void shouldScaleReductionsAndProductsByTheirSize() {
      assertArrayEquals(new double[] {6, 18}, on(1, 3).bound(sum(X)), 0.0);
      assertArrayEquals(new double[] {-9, 18}, on(1, 3).bound(matmul(X, Y)), 0.0);
      assertArrayEquals(new double[] {1, 3 + Math.log(3)}, on(1, 3).bound(logSumExp(X, 1, false)), 0.0);
    }

    @Test
    void shouldBeUnknownWhereADivisorMayBeZero() {
      double[] b = on(-1, 1).bound(div(scalar(1), X));
      assertEquals(Double.NEGATIVE_INFINITY, b[0]);
      assertEquals(Double.POSITIVE_INFINITY, b[1]);
    }
  }

  @Nested
  class Rules {
    @Test
    void shouldNameTheOpTheRuleAndTheBounds() {
      assertEquals("log needs an argument >= 0.05, got bounds [0.0, 1.0] in log(x)", on(0, 1).violation(log(X)));
      assertEquals("exp needs an argument <= 20, got bounds [0.0, 30.0] in exp(x)", on(0, 30).violation(exp(X)));
      assertEquals("relu needs an argument outside (-0.05, 0.05), got bounds [-1.0, 1.0] in relu(x)",
          on(-1, 1).violation(relu(X)));
      assertEquals("max may tie, got bounds [1.0, 2.0] in max(x)", on(1, 2).violation(max(X)));
      assertNull(on(1, 2).violation(log(X).plus(sqrt(X)).plus(relu(X))));
    }

    @Test
    void shouldRejectValuesBeyondTheLimit() {
      String v = on(1, 1e3).violation(X.times(X));
      assertNotNull(v);
      assertTrue(v.startsWith("mul may reach 1000000.0 (more than 10000.0)"), v);
    }
  }
}
