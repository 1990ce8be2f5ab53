package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.Domain;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Intervals;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code cumsum}: values along each axis and both directions, its checked axis, its order, and its rules. */
class CumsumTest {
  private static final Tensor M = Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6});
  private static final Expr X = variable("x", 2, 3);

  private static Tensor eval(Expr f, Tensor x) {
    return AD.eval(f, Bindings.of("x", x));
  }

  @Nested
  class Values {
    @Test
    void shouldSumInclusivelyAlongEitherAxisAndDirection() {
      assertEquals(Tensor.matrix(new double[] {1, 3, 6}, new double[] {4, 9, 15}), eval(cumsum(X, 1), M));
      assertEquals(Tensor.matrix(new double[] {1, 3, 6}, new double[] {4, 9, 15}), eval(cumsum(X, -1), M));
      assertEquals(Tensor.matrix(new double[] {1, 2, 3}, new double[] {5, 7, 9}), eval(cumsum(X, 0), M));
      assertEquals(Tensor.matrix(new double[] {6, 5, 3}, new double[] {15, 11, 6}), eval(cumsum(X, 1, true), M));
      assertEquals(Tensor.matrix(new double[] {5, 7, 9}, new double[] {4, 5, 6}), eval(cumsum(X, -2, true), M));
    }

    @Test
    void shouldSumEachLineInOneFixedSequentialOrder() {
      Expr v = variable("x", 4);
      Tensor x = Tensor.vector(1e16, 1, 1, -1e16);
      assertEquals(Tensor.vector(1e16, 1e16, 1e16, 0), eval(cumsum(v, 0), x), "1e16 + 1 rounds to 1e16, twice");
      assertEquals(Tensor.vector(0, -1e16, -1e16, -1e16), eval(cumsum(v, 0, true), x), "from the end");
      assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(
          eval(cumsum(v, 0), Tensor.vector(-0.0, -0.0, -0.0, -0.0)).get(3)));
    }

    @Test
    void shouldKeepFloat32AndRoundEachRunningSumOnce() {
      Tensor x = Tensor.vector(0.1, 0.2, 0.3).cast(DType.FLOAT32);
      Tensor y = eval(cumsum(variable("x", Shape.of(3), DType.FLOAT32), 0), x);
      assertEquals(DType.FLOAT32, y.dtype());
      float[] f = x.toFloatArray();
      assertArrayEquals(new float[] {f[0], (float) ((double) f[0] + f[1]), (float) ((double) f[0] + f[1] + f[2])},
          y.toFloatArray());
    }

    @Test
    void shouldRejectAnAxisOutOfRangeNamingItAndTheRank() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cumsum(X, 2));
      assertEquals("cumsum: axis 2 is out of range for rank 2 (shape [2, 3]); expected -2 to 1", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> cumsum(X, -3, true));
      assertTrue(e.getMessage().startsWith("cumsum: axis -3 is out of range for rank 2"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> cumsum(variable("s"), 0));
      assertEquals("cumsum: axis 0 is out of range for rank 0 (shape []): a scalar has no axis", e.getMessage());
    }
  }

  @Nested
  class Rules {
    @Test
    void shouldPullBackAsTheReverseCumsumAndPushForwardAsCumsum() {
      Tensor u = Tensor.matrix(new double[] {1, 0, 2}, new double[] {-1, 3, 1});
      assertEquals(Tensor.matrix(new double[] {3, 2, 2}, new double[] {3, 4, 1}),
          AD.vjp(cumsum(X, 1), Bindings.of("x", M), u).cotangents().get("x"));
      assertEquals(Tensor.matrix(new double[] {1, 0, 2}, new double[] {0, 3, 3}),
          AD.vjp(cumsum(X, 0, true), Bindings.of("x", M), u).cotangents().get("x"));
      assertEquals(Tensor.matrix(new double[] {1, 1, 3}, new double[] {-1, 2, 3}),
          AD.jvp(cumsum(X, 1), Bindings.of("x", M), Bindings.of("x", u)).tangent());
    }

    @Test
    void shouldDifferentiateTheGradientAgainAsACumsum() {
      Expr g = AD.vjpExpr(cumsum(X, 1, true), variable("u", 2, 3)).get("x");
      assertInstanceOf(Cumsum.class, ((Apply) g).op());
      assertEquals(new Cumsum(1, false), ((Apply) g).op());
      GradCheck.assertCorrect(x -> sum(square(cumsum(x, -1)).times(cumsum(x, 0, true))), M);
      GradCheck.assertCorrect(x -> sum(square(cumsum(x, -1)).times(cumsum(x, 0, true))), M.cast(DType.FLOAT32));
    }

    @Test
    void shouldKeepStructuralZerosOfTheCotangentPastTheLastLiveOne() {
      Expr v = variable("x", 3);
      Expr masked = where(constant(Tensor.vector(1, 0, 0)), cumsum(log(v), 0), scalar(0));
      Tensor g = AD.grad(sum(masked), Bindings.of("x", Tensor.vector(2, 0, -1)), "x");
      assertEquals(Tensor.vector(0.5, 0, 0), g, "log'(0) and log'(-1) are cut off, not 0 * inf");
    }
  }

  @Nested
  class Metadata {
    @Test
    void shouldPrintItsAxisAndDirection() {
      assertEquals("cumsum(x, axis=1)", Exprs.print(cumsum(X, -1)));
      assertEquals("cumsum(x, axis=0, reverse=true)", Exprs.print(cumsum(X, 0, true)));
    }

    @Test
    void shouldBoundBetweenOneAndTheAxisLengthTimesAnElement() {
      Intervals iv = new Intervals(Map.of("x", Domain.of(-1, 2)));
      assertArrayEquals(new double[] {-3, 6}, iv.bound(cumsum(X, 1)), 0.0);
      assertArrayEquals(new double[] {-2, 4}, iv.bound(cumsum(X, 0)), 0.0);
    }
  }
}
