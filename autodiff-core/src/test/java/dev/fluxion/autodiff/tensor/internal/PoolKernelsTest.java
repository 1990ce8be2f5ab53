package dev.fluxion.autodiff.tensor.internal;

import static dev.fluxion.autodiff.tensor.internal.ConvKernelsTest.dot;
import static dev.fluxion.autodiff.tensor.internal.ConvKernelsTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolKernelsTest {
  /** Max (or mean) of each window by the definition. */
  static Tensor naivePool(Tensor x, int[] k, int[] s, boolean max) {
    Shape ys = ConvShapes.pool2d(x.shape(), PoolGeometry.of(k, s));
    double[] y = new double[ys.size()];
    int idx = 0;
    for (int n = 0; n < ys.dim(0); n++) {
      for (int c = 0; c < ys.dim(1); c++) {
        for (int i = 0; i < ys.dim(2); i++) {
          for (int j = 0; j < ys.dim(3); j++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int ki = 0; ki < k[0]; ki++) {
              for (int kj = 0; kj < k[1]; kj++) {
                double v = x.get(n, c, i * s[0] + ki, j * s[1] + kj);
                acc = max ? Math.max(acc, v) : acc + v;
              }
            }
            y[idx++] = max ? acc : acc / (k[0] * k[1]);
          }
        }
      }
    }
    return Tensor.of(y, ys);
  }

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of(new int[] {2, 3, 8, 8}, new int[] {2, 2}, new int[] {2, 2}),
        Arguments.of(new int[] {2, 3, 7, 9}, new int[] {3, 3}, new int[] {2, 2}),
        Arguments.of(new int[] {1, 2, 6, 5}, new int[] {3, 2}, new int[] {1, 1}),
        Arguments.of(new int[] {3, 1, 5, 5}, new int[] {5, 5}, new int[] {1, 1}),
        Arguments.of(new int[] {2, 2, 9, 4}, new int[] {2, 1}, new int[] {3, 2}));
  }

  @Nested
  class MaxPool {
    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.PoolKernelsTest#configs")
    void shouldMatchTheDefinition(int[] xs, int[] k, int[] s) {
      Tensor x = random(1, xs);
      assertEquals(naivePool(x, k, s, true), Convolutions.maxPool2d(x, PoolGeometry.of(k, s)));
    }

    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.PoolKernelsTest#configs")
    void shouldHaveScatterAdjointToGather(int[] xs, int[] k, int[] s) {
      Tensor x = random(2, xs);
      Tensor g = random(3, xs);
      Tensor yBar = random(4, Convolutions.maxPool2d(x, PoolGeometry.of(k, s)).shape().toArray());
      double lhs = dot(yBar, Convolutions.maxPool2dGather(x, g, PoolGeometry.of(k, s)));
      assertEquals(lhs, dot(Convolutions.maxPool2dBackward(x, yBar, PoolGeometry.of(k, s)), g), 1e-12 * (1 + Math.abs(lhs)));
    }

    @Test
    void shouldPickTheFirstMaximumOnTies() {
      Tensor x = Tensor.of(new double[] {1, 5, 5, 5}, 1, 1, 2, 2);
      int[] k = {2, 2};
      Tensor xBar = Convolutions.maxPool2dBackward(x, Tensor.ones(1, 1, 1, 1), PoolGeometry.of(k, k));
      assertEquals(Tensor.of(new double[] {0, 1, 0, 0}, 1, 1, 2, 2), xBar);
      Tensor g = Tensor.of(new double[] {10, 20, 30, 40}, 1, 1, 2, 2);
      assertEquals(20.0, Convolutions.maxPool2dGather(x, g, PoolGeometry.of(k, k)).item());
    }

    @Test
    void shouldAccumulateOverOverlappingWindows() {
      Tensor x = Tensor.of(new double[] {0, 9, 0, 0, 0, 0}, 1, 1, 2, 3);
      Tensor xBar = Convolutions.maxPool2dBackward(x, Tensor.of(new double[] {1, 2}, 1, 1, 1, 2), new PoolGeometry(2, 2, 1, 1));
      assertEquals(Tensor.of(new double[] {0, 3, 0, 0, 0, 0}, 1, 1, 2, 3), xBar);
    }
  }

  @Nested
  class TwoByTwo {
    /** The first maximal element of each window (a NaN counts as maximal), by the definition. */
    private Tensor naiveArgmaxScatter(Tensor x, Tensor yBar, int[] s) {
      int n = x.shape().dim(0);
      int c = x.shape().dim(1);
      int oh = yBar.shape().dim(2);
      int ow = yBar.shape().dim(3);
      double[] out = new double[x.size()];
      int w = x.shape().dim(3);
      int h = x.shape().dim(2);
      for (int p = 0; p < n * c; p++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            int best = -1;
            double bv = 0;
            for (int k = 0; k < 4; k++) {
              int idx = p * h * w + (i * s[0] + k / 2) * w + j * s[1] + k % 2;
              double e = x.toArray()[idx];
              if (best < 0 || (!Double.isNaN(bv) && (Double.isNaN(e) || e > bv))) {
                best = idx;
                bv = e;
              }
            }
            out[best] += yBar.toArray()[(p * oh + i) * ow + j];
          }
        }
      }
      return Tensor.of(out, x.shape());
    }

    @Test
    void shouldPickTheFirstMaximumWithTiesSignedZerosAndNaNs() {
      double[] v = new double[2 * 2 * 6 * 6];
      double[] specials = {0.0, -0.0, Double.NaN, 1.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
      java.util.SplittableRandom g = new java.util.SplittableRandom(5);
      for (int i = 0; i < v.length; i++) {
        v[i] = specials[g.nextInt(specials.length)];
      }
      Tensor x = Tensor.of(v, 2, 2, 6, 6);
      for (int[] s : new int[][] {{2, 2}, {1, 1}, {2, 1}}) {
        int[] win = {2, 2};
        Tensor y = Convolutions.maxPool2d(x, PoolGeometry.of(win, s));
        Tensor yBar = random(4, y.shape().toArray());
        assertEquals(naiveArgmaxScatter(x, yBar, s), Convolutions.maxPool2dBackward(x, yBar, PoolGeometry.of(win, s)));
      }
    }
  }

  @Nested
  class AvgPool {
    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.PoolKernelsTest#configs")
    void shouldMatchTheDefinition(int[] xs, int[] k, int[] s) {
      Tensor x = random(5, xs);
      assertTrue(naivePool(x, k, s, false).allClose(Convolutions.avgPool2d(x, PoolGeometry.of(k, s)), 1e-14, 1e-14));
    }

    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.PoolKernelsTest#configs")
    void shouldSatisfyTheInnerProductIdentity(int[] xs, int[] k, int[] s) {
      Tensor x = random(6, xs);
      Tensor yBar = random(7, Convolutions.avgPool2d(x, PoolGeometry.of(k, s)).shape().toArray());
      double lhs = dot(yBar, Convolutions.avgPool2d(x, PoolGeometry.of(k, s)));
      assertEquals(lhs, dot(Convolutions.avgPool2dBackward(yBar, x.shape(), PoolGeometry.of(k, s)), x), 1e-12 * (1 + Math.abs(lhs)));
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldRejectAWindowLargerThanTheInput() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Convolutions.maxPool2d(Tensor.zeros(1, 1, 2, 8), new PoolGeometry(3, 3, 1, 1)));
      assertEquals("maxPool2d: input [1, 1, 2, 8]: window height 3 exceeds the (padded) input height 2", e.getMessage());
    }

    @Test
    void shouldRejectBadRanksWindowsStridesAndCotangents() {
      int[] two = {2, 2};
      assertThrows(IllegalArgumentException.class, () -> Convolutions.avgPool2d(Tensor.zeros(4, 4), PoolGeometry.of(two, two)));
      assertThrows(IllegalArgumentException.class, () -> Convolutions.avgPool2d(Tensor.zeros(1, 1, 4, 4), PoolGeometry.of(new int[] {0, 2}, two)));
      assertThrows(IllegalArgumentException.class, () -> Convolutions.maxPool2d(Tensor.zeros(1, 1, 4, 4), PoolGeometry.of(two, new int[] {2, 0})));
      assertThrows(IllegalArgumentException.class,
          () -> Convolutions.maxPool2dBackward(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(1, 1, 3, 3), PoolGeometry.of(two, two)));
      assertThrows(IllegalArgumentException.class,
          () -> Convolutions.maxPool2dGather(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(1, 1, 2, 2), PoolGeometry.of(two, two)));
      assertThrows(IllegalArgumentException.class,
          () -> Convolutions.avgPool2dBackward(Tensor.zeros(1, 1, 3, 3), Shape.of(1, 1, 4, 4), PoolGeometry.of(two, two)));
      var e = assertThrows(IllegalArgumentException.class, () -> ConvShapes.pool2d(Shape.of(1, 4, 4), PoolGeometry.of(two, two)));
      assertTrue(e.getMessage().startsWith("pool2d: input [1, 4, 4]"), e.getMessage());
    }
  }
}
