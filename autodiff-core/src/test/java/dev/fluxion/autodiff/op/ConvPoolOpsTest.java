package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConvPoolOpsTest {
  private static final double H = 1e-5;

  /** Central differences of a scalar expression with respect to one variable. */
  private static Tensor numericGrad(Expr f, Bindings at, String name) {
    double[] x = at.get(name).toArray();
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double[] p = x.clone();
      double[] m = x.clone();
      p[i] += H;
      m[i] -= H;
      double fp = AD.eval(f, at.with(name, Tensor.of(p, at.get(name).shape()))).item();
      double fm = AD.eval(f, at.with(name, Tensor.of(m, at.get(name).shape()))).item();
      g[i] = (fp - fm) / (2 * H);
    }
    return Tensor.of(g, at.get(name).shape());
  }

  private static void assertGradientsMatch(Expr f, Bindings at) {
    Map<String, Tensor> g = AD.grad(f, at);
    for (String name : at.values().keySet()) {
      Tensor fd = numericGrad(f, at, name);
      assertTrue(g.get(name).allClose(fd, 1e-6, 1e-7), name + ": " + g.get(name) + " vs " + fd);
    }
  }

  private static Tensor random(long seed, int... dims) {
    return Tensor.normal(Key.of(seed), Shape.of(dims), 0, 1);
  }

  @Nested
  class Conv {
    private final Expr x = variable("x", 2, 3, 6, 5);
    private final Expr w = variable("w", 4, 3, 3, 2);
    private final Bindings at = Bindings.of("x", random(1, 2, 3, 6, 5)).with("w", random(2, 4, 3, 3, 2));

    @Test
    void shouldMatchFiniteDifferencesWithStrideAndPadding() {
      Expr y = conv2d(x, w, new int[] {2, 1}, new int[] {1, 0});
      Expr f = sum(tanh(y).times(constant(random(3, y.shape().toArray()))));
      assertGradientsMatch(f, at);
    }

    @Test
    void shouldGiveSecondOrderThroughTheAdjointConvolutions() {
      Expr f = sum(square(conv2d(x, w, 1, 1)));
      Expr gw = AD.gradExpr(f, "w");
      Expr proj = sum(gw.times(constant(random(4, 4, 3, 3, 2))));
      assertGradientsMatch(proj, at);
    }
  }

  @Nested
  class Pooling {
    private final Expr x = variable("x", 2, 2, 6, 6);
    private final Bindings at = Bindings.of("x", random(5, 2, 2, 6, 6));

    @Test
    void shouldDifferentiateMaxPooling() {
      Expr f = sum(maxPool2d(x, 2, 2).times(constant(random(6, 2, 2, 3, 3))));
      assertGradientsMatch(f, at);
    }

    @Test
    void shouldDifferentiateAveragePoolingTwice() {
      Expr f = sum(square(avgPool2d(x, new int[] {3, 2}, new int[] {1, 2})));
      assertGradientsMatch(f, at);
      Expr proj = sum(AD.gradExpr(f, "x").times(constant(random(7, 2, 2, 6, 6))));
      assertGradientsMatch(proj, at);
    }

    @Test
    void shouldDifferentiateMaxPoolingTwice() {
      Expr f = sum(square(maxPool2d(x, 3, 1)));
      Expr proj = sum(AD.gradExpr(f, "x").times(constant(random(8, 2, 2, 6, 6))));
      assertGradientsMatch(proj, at);
    }
  }

  @Test
  void shouldNameShapesWhenChannelsDiffer() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> conv2d(variable("x", 2, 3, 8, 8), variable("w", 4, 2, 3, 3), 1, 0));
    assertTrue(e.getMessage().contains("[2, 3, 8, 8]") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
  }
}
