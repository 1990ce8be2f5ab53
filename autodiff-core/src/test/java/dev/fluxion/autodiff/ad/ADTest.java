package dev.fluxion.autodiff.ad;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ADTest {
  private final Expr x1 = variable("x1");
  private final Expr x2 = variable("x2");
  /** The AD survey's example f(x1, x2) = ln(x1) + x1*x2 - sin(x2). */
  private final Expr survey = log(x1).plus(x1.times(x2)).minus(sin(x2));
  private final Bindings at = Bindings.of("x1", 2.0).with("x2", 5.0);

  @Nested
  class SurveyExample {
    @Test
    void shouldReproduceValueAndGradientInReverseMode() {
      ValueAndGrad r = AD.valueAndGrad(survey, at);
      assertEquals(Math.log(2) + 10 - Math.sin(5), r.value().item(), 1e-12);
      assertEquals(11.652, r.value().item(), 5e-4);
      assertEquals(5.5, r.gradient("x1").item(), 1e-12);
      assertEquals(2 - Math.cos(5), r.gradient("x2").item(), 1e-12);
      assertEquals(1.716, r.gradient("x2").item(), 5e-4);
    }

    @Test
    void shouldAgreeInForwardMode() {
      Jvp j = AD.jvp(survey, at, Bindings.of("x1", 1.0));
      assertEquals(5.5, j.tangent().item(), 1e-12);
      Jvp j2 = AD.jvp(survey, at, Bindings.of("x2", 1.0));
      assertEquals(2 - Math.cos(5), j2.tangent().item(), 1e-12);
    }

    @Test
    void shouldGiveTheHessian() {
      Map<String, Map<String, Tensor>> h = AD.hessian(survey, at);
      assertEquals(-0.25, h.get("x1").get("x1").item(), 1e-12);
      assertEquals(1.0, h.get("x1").get("x2").item(), 1e-12);
      assertEquals(1.0, h.get("x2").get("x1").item(), 1e-12);
      assertEquals(Math.sin(5), h.get("x2").get("x2").item(), 1e-12);
    }

    @Test
    void shouldPrintTheSymbolicGradient() {
      Expr g = AD.gradExpr(survey, "x1");
      assertEquals("x2 + 1 / x1", Exprs.print(g));
      assertEquals(5.5, AD.eval(g, at).item(), 1e-12);
    }
  }

  @Test
  void shouldBeFreeOfPerturbationConfusion() {
    // d/dx [ x * (d/dy (x + y)) at y = x ] = 1; a confused implementation gives 2.
    Expr result = AD.grad(x -> x.times(AD.grad(y -> x.plus(y)).apply(x))).apply(scalar(3.0));
    assertEquals(1.0, AD.eval(result, Bindings.of()).item(), 0.0);
  }

  @Test
  void shouldComputeJacobiansBothWays() {
    Expr x = variable("x", 3);
    Expr f = sin(x).times(x.sum());
    Bindings b = Bindings.of("x", Tensor.vector(0.1, -0.7, 1.3));
    Tensor jf = AD.jacfwd(f, b, "x");
    Tensor jr = AD.jacrev(f, b, "x");
    assertEquals(Shape.of(3, 3), jf.shape());
    assertTrue(jf.allClose(jr, 1e-12, 1e-12), jf + " vs " + jr);
  }

  @Test
  void shouldNotLeakNaNThroughWhere() {
    Expr x = variable("x", 2);
    Expr safe = where(gt(x, scalar(0)), sqrt(x), scalar(0)).sum();
    Tensor g = AD.grad(safe, Bindings.of("x", Tensor.vector(-1.0, 4.0)), "x");
    assertEquals(Tensor.vector(0.0, 0.25), g);
  }

  @Test
  void shouldRejectUnknownAndMissingVariables() {
    var e1 = assertThrows(IllegalArgumentException.class, () -> AD.eval(survey, Bindings.of("x1", 2.0)));
    assertTrue(e1.getMessage().contains("x2"), e1.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class, () -> AD.grad(survey, at, "x3"));
    assertTrue(e2.getMessage().contains("unknown variable x3"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class, () -> AD.jvp(survey, at, Bindings.of("x3", 1.0)));
    assertTrue(e3.getMessage().contains("unknown variable x3"), e3.getMessage());
    var e4 = assertThrows(IllegalArgumentException.class,
        () -> AD.eval(survey, at.with("x1", dev.fluxion.autodiff.tensor.Tensor.vector(1, 2))));
    assertTrue(e4.getMessage().contains("variable x1 has shape [] but is bound to a tensor of shape [2]"), e4.getMessage());
  }

  @Test
  void shouldEvaluateADerivativeThatLostAVariableAtTheOriginalPoint() {
    Expr g = AD.gradExpr(x1.times(x2), "x2");
    assertEquals(2.0, AD.eval(g, at).item(), 0.0);
  }

  @Test
  void shouldRejectMatmulShapeMismatchWhenBuilt() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> matmul(variable("a", 64, 784), variable("b", 128, 10)));
    assertEquals("matmul: [64, 784] @ [128, 10]: inner dimensions 784 and 128 differ", e.getMessage());
  }
}
