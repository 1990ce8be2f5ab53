package dev.fluxion.autodiff.control;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code whileLoop}: values after a data-dependent number of iterations, forward-mode derivatives
 * carried beside the carries, and reverse mode refused with a message saying why.
 */
class WhileLoopTest {
  private static final Var A = new Var("a", Shape.scalar());

  /** Newton's iteration {@code x ← (x + a/x)/2} from {@code x = a} until {@code |x² − a| < tol}. */
  private static Expr newtonSqrt(Expr a, double tol) {
    return Loops.whileLoop(v -> gt(abs(v.get(0).times(v.get(0)).minus(v.get(1))), scalar(tol)),
        v -> v.get(0).plus(v.get(1).div(v.get(0))).times(0.5), a, a);
  }

  private static final Expr SQRT = newtonSqrt(A, 1e-12);

  /** Doubling {@code x} until it exceeds {@code limit}, counting the iterations in {@code n}. */
  private static List<Expr> doubling(Expr x, Expr limit) {
    return Loops.whileLoop(v -> le(v.get(0), v.get(2)),
        v -> List.of(v.get(0).times(2.0), v.get(1).plus(1.0)), List.of(x, scalar(0.0)), List.of(limit));
  }

  @Nested
  class Values {
    @Test
    void shouldRunNewtonUntilItConverges() {
      for (double a : new double[] {2, 9, 0.3, 1234.5}) {
        double x = AD.eval(SQRT, Bindings.of("a", a)).item();
        assertEquals(Math.sqrt(a), x, 1e-12 * Math.sqrt(a), "sqrt(" + a + ")");
        assertTrue(Math.abs(x * x - a) < 1e-12, "stopped only once |x² - a| < 1e-12, a = " + a);
      }
    }

    @Test
    void shouldCountTheIterations() {
      Var x = new Var("x", Shape.scalar());
      List<Expr> r = doubling(x, scalar(1000.0));
      for (double x0 : new double[] {1, 3, 999, 1000, 1001}) {
        Bindings at = Bindings.of("x", x0);
        int n = 0;
        double y = x0;
        while (y <= 1000) {
          y *= 2;
          n++;
        }
        assertEquals(y, AD.eval(r.get(0), at).item(), "x, from " + x0);
        assertEquals(n, AD.eval(r.get(1), at).item(), "iterations, from " + x0);
      }
      assertEquals(10.0, AD.eval(r.get(1), Bindings.of("x", 1.0)).item(), "1 → 1024 in 10 doublings");
      List<Expr> folded = doubling(scalar(1.0), scalar(1000.0));
      assertTrue(folded.get(1) instanceof Const c && c.value().item() == 10.0, "constant arguments fold when built");
    }

    @Test
    void shouldReturnTheInitialCarriesWhenTheConditionIsFalseAtOnce() {
      Var x = new Var("x", Shape.of(3));
      Expr r = Loops.whileLoop(v -> gt(sum(v.get(0)), v.get(1)), v -> sin(v.get(0)).times(v.get(1)), x, A);
      Tensor x0 = Tensor.vector(1, -2, 0.5);
      Bindings at = Bindings.of("x", x0).with("a", 4.0);
      assertEquals(x0, AD.eval(r, at));
      Tensor dx = Tensor.vector(0.1, 0.2, 0.3);
      assertEquals(dx, AD.jvp(r, at, Bindings.of("x", dx)).tangent(), "the tangent of init");
      assertEquals(Tensor.zeros(3), AD.jvp(r, at, Bindings.of("a", 1.0)).tangent(), "no iteration reads a");
    }

    @Test
    void shouldCompileToAPlanGivingTheSameValues() {
      Var x = new Var("x", Shape.scalar());
      List<Expr> r = doubling(x, A);
      Expr both = r.get(0).plus(r.get(1));
      Plan plan = Plan.of(Map.of("x", r.get(0), "n", r.get(1), "both", both, "sqrt", SQRT));
      for (double x0 : new double[] {0.7, 5, 40}) {
        Bindings at = Bindings.of("x", x0).with("a", 30.0);
        Map<String, Tensor> out = plan.run(at);
        assertEquals(AD.eval(r.get(0), at), out.get("x"));
        assertEquals(AD.eval(r.get(1), at), out.get("n"));
        assertEquals(AD.eval(both, at), out.get("both"));
        assertEquals(AD.eval(SQRT, at), out.get("sqrt"));
      }
      Expr tangent = AD.jvpExpr(SQRT, Map.of("a", scalar(1.0)));
      assertEquals(AD.eval(tangent, Bindings.of("a", 7.0)), Plan.of(tangent).run(Bindings.of("a", 7.0)).get("out"));
    }

    @Test
    void shouldRunInFloat32() {
      Var a = new Var("a", Shape.scalar(), DType.FLOAT32);
      Expr r = newtonSqrt(a, 1e-6);
      assertEquals(DType.FLOAT32, r.dtype());
      Tensor a0 = Tensor.scalar(2.0, DType.FLOAT32);
      Tensor y = AD.eval(r, Bindings.of("a", a0));
      assertEquals(DType.FLOAT32, y.dtype());
      assertEquals(Math.sqrt(2), y.item(), 1e-6);
      Tensor t = AD.jvp(r, Bindings.of("a", a0), Bindings.of("a", Tensor.scalar(1.0, DType.FLOAT32))).tangent();
      assertEquals(DType.FLOAT32, t.dtype());
      assertEquals(0.5 / Math.sqrt(2), t.item(), 1e-6);
    }

    @Test
    void shouldPrintAsOneNode() {
      String text = Exprs.print(SQRT);
      assertTrue(text.startsWith("whileLoop(a, a, "), text);
      assertTrue(text.contains("maxIterations=" + Loops.DEFAULT_MAX_ITERATIONS), text);
      assertEquals(text, SQRT.toString());
    }
  }

  @Nested
  class ForwardMode {
    @Test
    void shouldDifferentiateNewtonsSquareRoot() {
      for (double a : new double[] {2, 9, 0.3}) {
        Bindings at = Bindings.of("a", a);
        double want = 0.5 / Math.sqrt(a);
        assertEquals(want, AD.jvp(SQRT, at, Bindings.of("a", 1.0)).tangent().item(), 1e-12, "jvp, a = " + a);
        assertEquals(want, AD.jacfwd(SQRT, at, "a").item(), 1e-12, "jacfwd, a = " + a);
        Expr d = AD.jvpExpr(SQRT, Map.of("a", scalar(1.0)));
        assertEquals(want, AD.eval(d, at).item(), 1e-12, "jvpExpr, a = " + a);
        assertEquals(-0.25 * Math.pow(a, -1.5), AD.jacfwd(d, at, "a").item(), 1e-9, "forward over forward, a = " + a);
      }
    }

    @Test
    void shouldDifferentiateThroughEveryCarryAndConstant() {
      Var x = new Var("x", Shape.scalar());
      List<Expr> r = doubling(x, A);
      Bindings at = Bindings.of("x", 3.0).with("a", 100.0);
      assertEquals(64.0, AD.jvp(r.get(0), at, Bindings.of("x", 1.0)).tangent().item(), "2^6 doublings");
      assertEquals(0.0, AD.jvp(r.get(1), at, Bindings.of("x", 1.0)).tangent().item(), "the count is flat");
      assertEquals(0.0, AD.jvp(r.get(0), at, Bindings.of("a", 1.0)).tangent().item(), "the limit only decides when");
    }
  }

  @Nested
  class ReverseMode {
    @Test
    void shouldRefuseEveryReverseModeSayingWhy() {
      Bindings at = Bindings.of("a", 2.0);
      List<Executable> reverse = List.of(() -> AD.grad(SQRT, at), () -> AD.grad(SQRT, at, "a"),
          () -> AD.gradExpr(SQRT, "a"), () -> AD.valueAndGrad(SQRT, at),
          () -> AD.vjp(SQRT, at, Tensor.scalar(1.0)), () -> Plan.valueAndGrad(SQRT, List.of("a")),
          () -> AD.hessian(SQRT, at, "a"));
      for (Executable r : reverse) {
        var e = assertThrows(IllegalArgumentException.class, r);
        assertTrue(e.getMessage().contains("whileLoop is forward-differentiable only"), e.getMessage());
        assertTrue(e.getMessage().contains("Scans.scan") && e.getMessage().contains("AD.jacfwd"), e.getMessage());
      }
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldStopAtMaxIterations() {
      Expr forever = Loops.whileLoop(v -> scalar(1.0), v -> List.of(v.get(0).plus(1.0)), List.of(A), List.of(), 50)
          .get(0);
      var e = assertThrows(IllegalArgumentException.class, () -> AD.eval(forever, Bindings.of("a", 0.0)));
      assertTrue(e.getMessage().contains("still running after maxIterations = 50 iterations"), e.getMessage());
      assertTrue(e.getMessage().contains("carries [] float64, condition 1"), e.getMessage());
      Expr exactly = Loops.whileLoop(v -> lt(v.get(0), scalar(50.0)), v -> List.of(v.get(0).plus(1.0)), List.of(A),
          List.of(), 50).get(0);
      assertEquals(50.0, AD.eval(exactly, Bindings.of("a", 0.0)).item(), "50 iterations are allowed");
    }

    @Test
    void shouldRejectANaNCondition() {
      Expr r = Loops.whileLoop(v -> v.get(0).minus(1.0), v -> v.get(0).times(0.5), A);
      var e = assertThrows(IllegalArgumentException.class, () -> AD.eval(r, Bindings.of("a", Double.NaN)));
      assertTrue(e.getMessage().contains("whileLoop: the condition is NaN after 0 iterations"), e.getMessage());
    }

    @Test
    void shouldRejectBadBodiesAndConditions() {
      Var x = new Var("x", Shape.of(3));
      var shape = assertThrows(IllegalArgumentException.class, () -> Loops.whileLoop(v -> scalar(0.0),
          v -> sum(v.get(0)), x));
      assertTrue(shape.getMessage().contains("carry 0 enters the body as [3] float64 but the body returns [] float64"),
          shape.getMessage());
      var count = assertThrows(IllegalArgumentException.class, () -> Loops.whileLoop(v -> scalar(0.0),
          v -> List.of(v.get(0), v.get(0)), List.of(x), List.of()));
      assertTrue(count.getMessage().contains("the body returned 2 carries for 1"), count.getMessage());
      var cond = assertThrows(IllegalArgumentException.class, () -> Loops.whileLoop(v -> v.get(0), v -> v.get(0), x));
      assertTrue(cond.getMessage().contains("the condition must be a float scalar"), cond.getMessage());
      var none = assertThrows(IllegalArgumentException.class, () -> Loops.whileLoop(v -> scalar(0.0), v -> List.of(),
          List.of(), List.of()));
      assertTrue(none.getMessage().contains("needs at least one carry"), none.getMessage());
    }

    @Test
    void shouldRejectVariablesReadFromOutside() {
      var body = assertThrows(IllegalArgumentException.class, () -> Loops.whileLoop(v -> scalar(0.0),
          v -> v.get(0).times(A), scalar(1.0)));
      assertTrue(body.getMessage().contains("the body reads variable a from outside; pass it as a constant"),
          body.getMessage());
      var cond = assertThrows(IllegalArgumentException.class, () -> Loops.whileLoop(v -> gt(v.get(0), A),
          v -> v.get(0), scalar(1.0)));
      assertTrue(cond.getMessage().contains("the condition reads variable a from outside"), cond.getMessage());
    }
  }
}
