package dev.fluxion.autodiff.text;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotationTest {
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  @Nested
  class Print {
    @Test
    void shouldWriteTheSurveysNotationWithMinimalParentheses() {
      Expr x = variable("v0");
      Expr y = variable("v1");
      assertEquals("v0 − v1", Notation.print(x.plus(neg(y))));
      assertEquals("v0 − (v1 − v0)", Notation.print(x.minus(y.minus(x))));
      assertEquals("(v0 + v1) × v0", Notation.print(x.plus(y).times(x)));
      assertEquals("ln v0 · cos (sin v1)", Notation.print(maskedMul(log(x), cos(sin(y)))));
      assertEquals("(v0^v1)^v0", Notation.print(pow(pow(x, y), x)));
    }

    @Test
    void shouldCutADeepFormulaAtTheCapWithBoundedAllocation() {
      Expr e = variable("x");
      for (int i = 0; i < 100_000; i++) {
        e = e.plus(variable("x"));
      }
      long before = allocatedBytes();
      String text = Notation.print(e);
      long allocated = allocatedBytes() - before;
      assertEquals(Notation.CAP + 1, text.length());
      assertTrue(text.startsWith("x + x + x") && text.endsWith("…"), text.substring(0, 20));
      assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes");
    }
  }
}
