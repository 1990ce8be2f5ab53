package dev.fluxion.autodiff.dtype;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Formula;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Expressions carry a dtype: inferred with the shape, weak scalars, casts, float32 gradients and plans. */
class Float32ExprTest {
  private static final DType F32 = DType.FLOAT32;

  @Nested
  class Inference {
    @Test
    void shouldInferFloat32AndLetScalarConstantsAdoptIt() {
      Expr x = variable("x", Shape.of(3), F32);
      assertEquals(F32, x.times(2.0).plus(1.0).dtype());
      assertEquals(F32, scalar(2.0).times(x).dtype());
      assertEquals(F32, sigmoid(x).dtype(), "rules' constants adopt the dtype too");
      assertEquals(F32, where(x.times(0.0), x, scalar(3.0)).dtype());
      assertEquals(DType.FLOAT64, variable("y", 3).times(2.0).dtype());
    }

    @Test
    void shouldRejectMixedDTypesNamingBoth() {
      Expr x = variable("x", Shape.of(3), F32);
      Expr y = variable("y", 3);
      var e = assertThrows(IllegalArgumentException.class, () -> x.plus(y));
      assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> matmul(reshape(x, 1, 3), reshape(y, 3, 1)));
      assertThrows(IllegalArgumentException.class, () -> x.plus(constant(Tensor.ones(3))),
          "only rank-0 constants are weak");
      assertEquals(F32, x.plus(cast(y, F32)).dtype());
    }

    @Test
    void shouldRejectABindingOfAnotherDType() {
      Expr x = variable("x", Shape.of(2), F32);
      var e = assertThrows(IllegalArgumentException.class, () -> AD.eval(sum(x), Bindings.of("x", Tensor.vector(1, 2))));
      assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
    }

    @Test
    void shouldParseAndPrintCasts() {
      Expr e = Formula.parse("float32(x) * 2");
      assertEquals(F32, e.dtype());
      assertEquals(e.toString(), Formula.parse(e.toString()).toString());
    }
  }

  @Nested
  class Gradients {
    private final Key[] keys = Key.of(11).split(3);
    private final Tensor x0 = Tensor.normal(keys[0], Shape.of(4, 3), 0, 1);
    private final Tensor w0 = Tensor.normal(keys[1], Shape.of(3, 2), 0, 1);

    private Expr loss(DType d) {
      Expr x = variable("x", Shape.of(4, 3), d);
      Expr w = variable("w", Shape.of(3, 2), d);
      return mean(tanh(matmul(x, w)).times(2.0).plus(1.0).pow(2.0));
    }

    @Test
    void shouldGiveFloat32GradientsCloseToFloat64() {
      Bindings b64 = Bindings.of("x", x0).with("w", w0);
      Bindings b32 = Bindings.of("x", x0.cast(F32)).with("w", w0.cast(F32));
      Map<String, Tensor> g64 = AD.grad(loss(DType.FLOAT64), b64);
      Map<String, Tensor> g32 = AD.grad(loss(F32), b32);
      assertEquals(F32, g32.get("w").dtype());
      assertTrue(g32.get("w").allClose(g64.get("w"), 1e-5, 1e-6), g32.get("w") + " vs " + g64.get("w"));
      assertTrue(g32.get("x").allClose(g64.get("x"), 1e-5, 1e-6));
      assertFalse(g32.get("w").allClose(g64.get("w"), 0, 0), "float32 is not float64 in disguise");
    }

    @Test
    void shouldRunFloat32PlansBitForBitAsTheExpressionsTheyCompile() {
      Expr l = loss(F32);
      Bindings at = Bindings.of("x", x0.cast(F32)).with("w", w0.cast(F32));
      Map<String, Tensor> out = Plan.valueAndGrad(l, List.of("w", "x")).run(at);
      assertEquals(AD.eval(l, at), out.get("loss"));
      assertEquals(AD.eval(AD.gradExpr(l, "w"), at), out.get("w"));
      assertEquals(AD.eval(AD.gradExpr(l, "x"), at), out.get("x"));
      assertEquals(F32, out.get("w").dtype());
    }

    @Test
    void shouldDifferentiateThroughACastBackToTheInputDType() {
      Expr x = variable("x", Shape.of(3), F32);
      Expr f = sum(cast(x, DType.FLOAT64).pow(2.0));
      assertEquals(DType.FLOAT64, f.dtype());
      Tensor at = Tensor.vector(1, 2, 3).cast(F32);
      Tensor g = AD.grad(f, Bindings.of("x", at), "x");
      assertEquals(F32, g.dtype());
      assertEquals(Tensor.vector(2, 4, 6).cast(F32), g);
      assertEquals(F32, AD.gradExpr(f, "x").dtype());
    }
  }
}
