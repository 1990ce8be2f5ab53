package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

import org.junit.jupiter.api.Test;

/** Each fused kernel against its formula evaluated one operation at a time, bit for bit. */
class FusedTest {
  private final Tensor x = special(Tensor.normal(Key.of(1), Shape.of(5, 7), 0, 1));
  private final Tensor y = special(Tensor.normal(Key.of(2), Shape.of(5, 7), 0, 1));

  /** Zeros of both signs, a NaN and infinities among normal samples. */
  static Tensor special(Tensor t) {
    double[] d = t.toArray();
    d[0] = 0.0;
    d[1] = -0.0;
    d[2] = Double.NaN;
    d[3] = Double.POSITIVE_INFINITY;
    d[4] = Double.NEGATIVE_INFINITY;
    return Tensor.of(d, t.shape());
  }

  @Test
  void shouldEqualTheUnfusedFormulas() {
    assertEquals(x.maskedTimes(y.step()), Fused.maskedMulStep(x, y));
    assertEquals(y.maskedTimes(x.step()), Fused.maskedMulStep(y, x));
  }

  @Test
  void shouldScatterAndMaskLikeTheChainWithAndWithoutOverlappingWindows() {
    Tensor in = special(Tensor.normal(Key.of(3), Shape.of(2, 3, 6, 6), 0, 1));
    Tensor z = special(Tensor.normal(Key.of(4), Shape.of(2, 3, 6, 6), 0, 1));
    int[][][] geometries = {{{2, 2}, {2, 2}}, {{2, 2}, {1, 1}}, {{3, 2}, {3, 2}}, {{3, 3}, {2, 2}}};
    for (int[][] wg : geometries) {
      Tensor y = Convolutions.maxPool2d(in, PoolGeometry.of(wg[0], wg[1]));
      Tensor yBar = special(Tensor.normal(Key.of(5), y.shape(), 0, 1));
      Tensor chain = Convolutions.maxPool2dBackward(in, yBar, PoolGeometry.of(wg[0], wg[1])).maskedTimes(z.step());
      assertEquals(chain, Fused.maxPool2dBackwardMaskedStep(in, yBar, z, PoolGeometry.of(wg[0], wg[1])));
    }
  }

  @Test
  void shouldAddTheConvolutionBiasLikeTheBroadcastingAdd() {
    Tensor in = Tensor.normal(Key.of(6), Shape.of(3, 2, 7, 5), 0, 1);
    Tensor w = Tensor.normal(Key.of(7), Shape.of(4, 2, 3, 3), 0, 1);
    Tensor bias = Tensor.of(new double[] {-0.0, 0.5, Double.NaN, -2.0}, 4, 1, 1);
    int[] s = {2, 1};
    int[] p = {1, 0};
    Tensor chain = Convolutions.conv2d(in, w, ConvGeometry.of(s, p)).plus(bias.broadcastTo(Convolutions.conv2d(in, w, ConvGeometry.of(s, p)).shape()));
    assertEquals(chain, Fused.conv2dBias(in, w, bias, ConvGeometry.of(s, p)));
    assertEquals(chain, Fused.conv2dBias(in, w, bias.reshape(4), ConvGeometry.of(s, p)));
    assertThrows(IllegalArgumentException.class, () -> Fused.conv2dBias(in, w, Tensor.zeros(3), ConvGeometry.of(s, p)));
  }

  @Test
  void shouldKeepReluAndStepExactOnSpecialValues() {
    double inf = Double.POSITIVE_INFINITY;
    Tensor v = Tensor.vector(Double.NaN, -0.0, 0.0, -inf, inf, -1.5, 2.5, Double.MIN_VALUE, -Double.MIN_VALUE);
    double nan = Double.NaN;
    assertEquals(Tensor.vector(nan, 0.0, 0.0, 0.0, inf, 0.0, 2.5, Double.MIN_VALUE, 0.0), v.relu());
    assertEquals(Tensor.vector(nan, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0), v.step());
    assertEquals(v.map(a -> a > 0 ? a : a != a ? a : 0.0), v.relu());
    assertEquals(v.map(a -> a > 0 ? 1.0 : a != a ? a : 0.0), v.step());
  }

  @Test
  void shouldRejectDifferentShapes() {
    assertThrows(IllegalArgumentException.class, () -> Fused.maskedMulStep(x, Tensor.zeros(35)));
  }
}
