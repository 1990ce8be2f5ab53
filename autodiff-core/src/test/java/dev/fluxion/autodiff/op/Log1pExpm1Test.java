package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.Domain;
import dev.fluxion.autodiff.check.ExprGenConfig;
import dev.fluxion.autodiff.check.Gens;
import dev.fluxion.autodiff.check.Intervals;
import dev.fluxion.autodiff.check.Property;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code log1p} and {@code expm1}, added as an op file, an {@code Fx} alias and an op-table row only. */
class Log1pExpm1Test {
  private static final Expr X = variable("x");

  private static double at(Expr f, double x) {
    return AD.eval(f, Bindings.of("x", x)).item();
  }

  @Nested
  class Precision {
    @Test
    void shouldKeepTinyArgumentsWhereTheNaiveFormulasRoundToZero() {
      assertEquals(1e-17, at(log1p(X), 1e-17), 0.0);
      assertEquals(0.0, at(log(X.plus(1.0)), 1e-17), 0.0, "1 + 1e-17 rounds to 1");
      assertEquals(1e-17, at(expm1(X), 1e-17), 0.0);
      assertEquals(0.0, at(exp(X).minus(1.0), 1e-17), 0.0, "e^1e-17 rounds to 1");
    }

    @Test
    void shouldDifferentiateAs1Over1PlusXAndYPlus1() {
      assertEquals(0.5, AD.grad(log1p(X), Bindings.of("x", 1.0), "x").item(), 0.0);
      assertEquals(1.0, AD.grad(log1p(X), Bindings.of("x", 1e-17), "x").item(), 0.0);
      assertEquals(Math.expm1(0.7) + 1, AD.grad(expm1(X), Bindings.of("x", 0.7), "x").item(), 0.0);
    }
  }

  @Nested
  class Text {
    @Test
    void shouldParseAndPrintBackTheSame() {
      String text = "log1p(x) * expm1(y) - log1p(expm1(x))";
      Expr e = Formula.parse(text);
      assertEquals(text, Exprs.print(e));
      assertTrue(Exprs.structurallyEqual(e, Formula.parse(Exprs.print(e))));
      assertSame(Log1p.OP, ((Apply) ((Apply) ((Apply) e).arg(0)).arg(0)).op());
    }
  }

  @Nested
  class IntervalRules {
    @Test
    void shouldBoundByMonotonicity() {
      Intervals iv = new Intervals(Map.of("x", Domain.of(0, 1)));
      assertArrayEquals(new double[] {0, Math.log1p(1)}, iv.bound(log1p(X)), 0.0);
      assertArrayEquals(new double[] {0, Math.expm1(1)}, iv.bound(expm1(X)), 0.0);
    }

    @Test
    void shouldKeepLog1pAwayFromMinusOneAndExpm1FromOverflow() {
      String v = new Intervals(Map.of("x", Domain.of(-1, 1))).violation(log1p(X));
      assertNotNull(v);
      assertTrue(v.startsWith("log1p needs an argument >= -0.95, got bounds [-1.0, 1.0]"), v);
      String w = new Intervals(Map.of("x", Domain.of(0, 25))).violation(expm1(X));
      assertNotNull(w);
      assertTrue(w.startsWith("expm1 needs an argument <= 20"), w);
      assertNull(new Intervals(Map.of("x", Domain.of(-0.9, 3))).violation(log1p(X)));
    }
  }

  @Nested
  class Generation {
    @Test
    void shouldAppearInGeneratedExpressions() {
      var gen = Gens.exprs(ExprGenConfig.of(Map.of("x", Shape.of(2, 3), "s", Shape.scalar())));
      int log1p = 0;
      int expm1 = 0;
      for (int i = 1; i <= 200; i++) {
        Expr e = gen.generate(Property.random(11, i));
        for (Expr n : Exprs.topologicalOrder(e)) {
          log1p += n instanceof Apply a && a.op() == Log1p.OP ? 1 : 0;
          expm1 += n instanceof Apply a && a.op() == Expm1.OP ? 1 : 0;
        }
      }
      assertTrue(log1p > 0 && expm1 > 0, "log1p " + log1p + ", expm1 " + expm1);
    }
  }
}
