package dev.fluxion.autodiff.expr;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InfixTest {
  private static final int DEPTH = 100_000;
  /** Allocation allowed for printing at the cap: a few copies of the text and a stack per level. */
  private static final long PRINT_BUDGET = 64L << 20;

  /** Bytes allocated by this thread while {@code print} runs, and its result. */
  private record Measured(String text, long allocated) {}

  private static Measured measure(Supplier<String> print) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    String text = print.get();
    return new Measured(text, threads.getCurrentThreadAllocatedBytes() - before);
  }

  private static Expr sinChain(Expr x, int depth) {
    Expr e = x;
    for (int i = 0; i < depth; i++) {
      e = sin(e);
    }
    return e;
  }

  @Nested
  class Cap {
    @Test
    void shouldCutADeepExpressionAtTheCapWithBoundedAllocation() {
      Measured m = measure(() -> Exprs.print(sinChain(variable("x"), DEPTH)));
      assertEquals(Infix.CAP + 1, m.text().length());
      assertTrue(m.text().startsWith("sin(sin(") && m.text().endsWith("…"), m.text().substring(0, 20));
      assertTrue(m.allocated() < PRINT_BUDGET, "allocated " + m.allocated() + " bytes");
    }

    @Test
    void shouldPrintTheDerivativeOfADeepExpressionWithinTheCap() {
      Expr g = AD.gradExpr(sinChain(variable("x"), DEPTH), "x");
      Measured m = measure(() -> Exprs.print(g));
      assertEquals(Infix.CAP + 1, m.text().length());
      assertTrue(m.text().contains("cos(sin(sin("), m.text().substring(0, 40));
      assertTrue(m.allocated() < PRINT_BUDGET, "allocated " + m.allocated() + " bytes");
    }

    @Test
    void shouldCutALeftDeepSumWhoseFirstCharacterIsDeepest() {
      Expr e = variable("x");
      for (int i = 0; i < DEPTH; i++) {
        e = e.plus(1.0);
      }
      Expr sum = e;
      Measured m = measure(() -> Exprs.print(sum));
      assertEquals(Infix.CAP + 1, m.text().length());
      assertTrue(m.text().startsWith("x + 1 + 1 + 1"), m.text().substring(0, 20));
      assertTrue(m.allocated() < PRINT_BUDGET, "allocated " + m.allocated() + " bytes");
    }

    @Test
    void shouldCutASharedDagWhoseTextIsExponential() {
      Expr e = variable("x");
      for (int i = 0; i < 200; i++) {
        e = e.times(e);
      }
      String text = Exprs.print(e);
      assertEquals(Infix.CAP + 1, text.length());
      assertTrue(text.startsWith("x * x * (x * x)"), text.substring(0, 20));
    }

    @Test
    void shouldCutThePrefixOfTheFullText() {
      Expr f = log(variable("x1")).plus(variable("x1").times(variable("x2"))).minus(sin(variable("x2")));
      String full = Exprs.print(f);
      assertEquals("log(x1) + x1 * x2 - sin(x2)", full);
      assertEquals(full, Infix.print(f, full.length()));
      for (int cap = 0; cap < full.length(); cap++) {
        assertEquals(full.substring(0, cap) + "…", Infix.print(f, cap), "cap " + cap);
      }
    }
  }

  @Nested
  class Parentheses {
    @Test
    void shouldKeepTheParenthesesOfRightOperandsPowersAndNegations() {
      Expr x = variable("x");
      Expr y = variable("y");
      assertEquals("x - (y - x)", Exprs.print(x.minus(y.minus(x))));
      assertEquals("x + (y + x)", Exprs.print(x.plus(y.plus(x))));
      assertEquals("(x + y) * x", Exprs.print(x.plus(y).times(x)));
      assertEquals("(x^y)^x", Exprs.print(pow(pow(x, y), x)));
      assertEquals("-(x + y)", Exprs.print(neg(x.plus(y))));
      assertEquals("x * (-2)", Exprs.print(x.times(-2.0)));
    }
  }
}
