package dev.fluxion.autodiff.expr;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Masks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Triangle masks ({@code Masks}, {@code Fx.tril}, {@code Fx.triu}) and the masked softmax. */
class MaskingTest {
  /** Row 0 partly masked, row 1 fully masked, row 2 fully kept. */
  private static final Tensor MASK = Tensor.matrix(new double[] {1, 0, 1, 1}, new double[] {0, 0, 0, 0},
      new double[] {1, 1, 1, 1});
  private static final Tensor X = Tensor.matrix(new double[] {0.3, -1.2, 2.5, -0.7}, new double[] {1.1, 0.4, -2, 3},
      new double[] {-0.5, 0.8, 0.1, 1.9});
  private static final Expr V = variable("x", 3, 4);

  private static Tensor eval(Expr f, Tensor x) {
    return AD.eval(f, Bindings.of("x", x));
  }

  @Nested
  class Triangles {
    @Test
    void shouldBuildNumPyTriangleMasks() {
      assertEquals(Tensor.matrix(new double[] {1, 0, 0, 0}, new double[] {1, 1, 0, 0}, new double[] {1, 1, 1, 0}),
          Masks.tril(3, 4, 0));
      assertEquals(Tensor.matrix(new double[] {0, 0, 0, 0}, new double[] {1, 0, 0, 0}, new double[] {1, 1, 0, 0}),
          Masks.tril(3, 4, -1));
      assertEquals(Tensor.matrix(new double[] {0, 1, 1, 1}, new double[] {0, 0, 1, 1}, new double[] {0, 0, 0, 1}),
          Masks.triu(3, 4, 1));
      assertEquals(Tensor.matrix(new double[] {1, 1, 1}, new double[] {1, 1, 1}), Masks.triu(2, 3, -1));
      assertEquals(Tensor.zeros(0, 3), Masks.tril(0, 3, 0));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.triu(-1, 2, 0));
      assertEquals("triu: needs n, m >= 0, got n = -1, m = 2", e.getMessage());
    }

    @Test
    void shouldZeroTheOtherTriangleOfTheLastTwoAxes() {
      Tensor x = Tensor.arange(12).plus(1).reshape(2, 2, 3);
      Expr v = variable("x", 2, 2, 3);
      assertEquals(Tensor.of(new double[] {1, 0, 0, 4, 5, 0, 7, 0, 0, 10, 11, 0}, 2, 2, 3), eval(tril(v, 0), x));
      assertEquals(Tensor.of(new double[] {0, 2, 3, 0, 0, 6, 0, 8, 9, 0, 0, 12}, 2, 2, 3), eval(triu(v, 1), x));
      assertEquals(x, eval(tril(v, 2), x));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tril(variable("y", 3), 0));
      assertEquals("tril: needs rank >= 2 (a triangle of the last two axes), got shape [3]", e.getMessage());
    }

    @Test
    void shouldGiveTheZeroedTriangleExactZeroDerivatives() {
      Expr v = variable("x", 2, 2);
      Tensor x = Tensor.matrix(new double[] {2, 0}, new double[] {4, 1});
      Tensor g = AD.grad(sum(tril(log(v), 0)), Bindings.of("x", x), "x");
      assertEquals(Tensor.matrix(new double[] {0.5, 0}, new double[] {0.25, 1}), g, "log'(0) above the diagonal is cut off");
      GradCheck.assertCorrect(t -> sum(square(triu(t, 0))), Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}));
      assertEquals(DType.FLOAT32, tril(variable("y", Shape.of(2, 2), DType.FLOAT32), 0).dtype());
    }
  }

  @Nested
  class MaskedSoftmax {
    @Test
    void shouldEqualThePlainSoftmaxOverTheKeptEntries() {
      Tensor y = eval(softmax(V, -1, constant(MASK)), X);
      Tensor kept = Tensor.vector(0.3, 2.5, -0.7).softmax(0);
      Tensor full = Tensor.vector(-0.5, 0.8, 0.1, 1.9).softmax(0);
      double[] d = y.toArray();
      double[] expected = {kept.get(0), 0, kept.get(1), kept.get(2), 0, 0, 0, 0, full.get(0), full.get(1), full.get(2),
          full.get(3)};
      for (int i = 0; i < d.length; i++) {
        assertEquals(expected[i], d[i], 1e-15 * expected[i], "element " + i);
        assertEquals(expected[i] == 0, d[i] == 0, "element " + i);
      }
    }

    @Test
    void shouldGiveAFullyMaskedLineZeroGradientAndIgnoreWhatMaskedEntriesHold() {
      Tensor x = Tensor.matrix(new double[] {0.3, Double.NEGATIVE_INFINITY, 2.5, -0.7},
          new double[] {Double.NaN, 1e308, Double.POSITIVE_INFINITY, -3}, new double[] {-0.5, 0.8, 0.1, 1.9});
      Expr f = sum(softmax(V, -1, constant(MASK)).times(constant(X)));
      assertTrue(eval(softmax(V, -1, constant(MASK)), x).allFinite());
      Tensor g = AD.grad(f, Bindings.of("x", x), "x");
      assertTrue(g.allFinite(), g::toString);
      assertEquals(Tensor.zeros(4), g.select(0, 1));
      assertEquals(0.0, g.get(0, 1), 0.0);
      Tensor h = AD.hessian(sum(softmax(variable("r", 4), 0, constant(Tensor.zeros(4)))), Bindings.of("r",
          Tensor.vector(1, 2, 3, 4)), "r");
      assertEquals(Tensor.zeros(4, 4), h);
    }

    @Test
    void shouldKeepEveryNodeFiniteInValueJvpVjpAndSecondOrder() {
      Expr y = softmax(V, -1, constant(MASK));
      Expr f = sum(y.times(constant(X.times(0.7))));
      Expr grad = AD.gradExpr(f, "x");
      Expr second = AD.gradExpr(sum(grad.times(constant(X))), "x");
      Expr jvp = AD.jvpExpr(y, Map.of("x", constant(X.minus(0.2))));
      Bindings at = Bindings.of("x", X);
      for (Expr root : List.of(y, grad, second, jvp)) {
        for (Expr n : Exprs.topologicalOrder(root)) {
          Bindings b = Bindings.of();
          for (String name : Exprs.variables(n).keySet()) {
            b = b.with(name, at.get(name));
          }
          assertTrue(AD.eval(n, b).allFinite(), () -> "not finite: " + Exprs.print(n));
        }
      }
    }

    @Test
    void shouldPassGradCheckToSecondOrderWithFullyMaskedLinesInBothDTypes() {
      Expr mask = constant(Tensor.of(new double[] {1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0}, 3, 1, 4));
      Tensor x = Tensor.arange(24).times(0.37).sin().reshape(3, 2, 4);
      GradCheck.assertCorrect(t -> sum(square(softmax(t, 0, mask)).times(t)), x);
      GradCheck.assertCorrect(t -> sum(square(softmax(t, 0, mask)).times(t)), x.cast(DType.FLOAT32));
      GradCheck.assertCorrect(t -> sum(softmax(t, -1, constant(MASK)).times(t)), X);
    }

    @Test
    void shouldRejectMasksThatDoNotFit() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> softmax(V, -1, constant(Tensor.ones(5))));
      assertTrue(e.getMessage().startsWith("softmax: mask shape [5] does not broadcast to x's [3, 4]"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> softmax(V, -1, constant(Tensor.ones(2, 3, 4))));
      assertEquals("softmax: mask shape [2, 3, 4] does not broadcast to x's [3, 4] (it would broadcast x to [2, 3, 4])",
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> softmax(V, -1, constant(MASK.times(0.5))));
      assertEquals("softmax: mask must hold only 0 (masked) and 1 (kept), got 0.5 at flat index 0", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> softmax(V, 2, constant(MASK)));
      assertTrue(e.getMessage().startsWith("softmax: axis 2 is out of range"), e.getMessage());
    }

    @Test
    void shouldTakeAFloat64MaskForFloat32Input() {
      Expr v = variable("x", Shape.of(3, 4), DType.FLOAT32);
      Tensor y = AD.eval(softmax(v, 1, constant(MASK)), Bindings.of("x", X.cast(DType.FLOAT32)));
      assertEquals(DType.FLOAT32, y.dtype());
      assertTrue(y.allClose(eval(softmax(V, 1, constant(MASK)), X), 1e-6, 1e-7));
    }
  }
}
