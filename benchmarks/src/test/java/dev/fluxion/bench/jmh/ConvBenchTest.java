package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.internal.Convolutions;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ConvBench's forward ops equal direct loops, and its adjoints satisfy the inner-product identity
 * {@code <f(u), v> = <u, f*(v)>}.
 */
class ConvBenchTest {
  @ParameterizedTest
  @ValueSource(strings = {"conv1", "conv2", "conv1w", "conv2w"})
  void convolutionAndItsAdjoints(String layer) {
    ConvBench b = new ConvBench();
    b.layer = layer;
    b.setUp();
    Tensor y = b.convForward();
    assertTrue(y.allClose(naiveConv(b.x, b.w), 1e-12, 1e-12), "conv2d differs from the direct loop");
    double yv = dot(y, b.yBar);
    assertEquals(yv, dot(b.x, b.convBackwardInput()), 1e-9 * Math.abs(yv) + 1e-9);
    assertEquals(yv, dot(b.w, b.convBackwardWeight()), 1e-9 * Math.abs(yv) + 1e-9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv1", "conv2w"})
  void float32RunsEveryOperationInFloat32CloseToFloat64(String layer) {
    ConvBench wide = new ConvBench();
    wide.layer = layer;
    wide.setUp();
    ConvBench narrow = new ConvBench();
    narrow.layer = layer;
    narrow.dtype = "float32";
    narrow.setUp();
    Tensor[] w = {wide.convForward(), wide.convBackwardInput(), wide.convBackwardWeight(), wide.maxPoolForward(),
        wide.maxPoolBackward()};
    Tensor[] n = {narrow.convForward(), narrow.convBackwardInput(), narrow.convBackwardWeight(),
        narrow.maxPoolForward(), narrow.maxPoolBackward()};
    for (int i = 0; i < w.length; i++) {
      assertEquals(DType.FLOAT32, n[i].dtype(), "operation " + i);
      assertTrue(n[i].allClose(w[i], 1e-3, 1e-3), "operation " + i);
    }
  }

  @org.junit.jupiter.api.Test
  void unknownLayersAndDTypesAreRejected() {
    ConvBench b = new ConvBench();
    b.layer = "conv3";
    assertThrows(IllegalArgumentException.class, b::setUp);
    b.layer = "conv1";
    b.dtype = "float16";
    assertThrows(IllegalArgumentException.class, b::setUp);
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv1", "conv2"})
  void maxPoolAndItsAdjoint(String layer) {
    ConvBench b = new ConvBench();
    b.layer = layer;
    b.setUp();
    Tensor pooled = b.maxPoolForward();
    int[] d = b.y.shape().toArray();
    double[] y = b.y.toArray();
    double[] want = new double[pooled.size()];
    for (int o = 0; o < want.length; o++) {
      int j = o % (d[3] / 2);
      int i = o / (d[3] / 2) % (d[2] / 2);
      int plane = o / (d[3] / 2 * (d[2] / 2));
      int base = plane * d[2] * d[3] + 2 * i * d[3] + 2 * j;
      want[o] = Math.max(Math.max(y[base], y[base + 1]), Math.max(y[base + d[3]], y[base + d[3] + 1]));
    }
    assertTrue(pooled.allClose(Tensor.of(want, pooled.shape()), 0, 0));
    Tensor xBar = b.maxPoolBackward();
    Tensor g = b.yBar;
    assertEquals(dot(Convolutions.maxPool2dGather(b.y, g, ConvBench.POOL), b.pooledBar),
        dot(g, xBar), 1e-9);
  }

  private static double dot(Tensor a, Tensor b) {
    return a.times(b).sum().item();
  }

  /** Direct 3x3, stride 1, pad 1 cross-correlation. */
  private static Tensor naiveConv(Tensor x, Tensor w) {
    int[] xd = x.shape().toArray();
    int[] wd = w.shape().toArray();
    int n = xd[0];
    int c = xd[1];
    int h = xd[2];
    int wi = xd[3];
    int o = wd[0];
    double[] xs = x.toArray();
    double[] ws = w.toArray();
    double[] out = new double[n * o * h * wi];
    for (int b = 0; b < n; b++) {
      for (int oc = 0; oc < o; oc++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < wi; j++) {
            double s = 0;
            for (int ic = 0; ic < c; ic++) {
              for (int ki = 0; ki < 3; ki++) {
                for (int kj = 0; kj < 3; kj++) {
                  int r = i + ki - 1;
                  int q = j + kj - 1;
                  if (r >= 0 && r < h && q >= 0 && q < wi) {
                    s += xs[((b * c + ic) * h + r) * wi + q] * ws[((oc * c + ic) * 3 + ki) * 3 + kj];
                  }
                }
              }
            }
            out[((b * o + oc) * h + i) * wi + j] = s;
          }
        }
      }
    }
    return Tensor.of(out, n, o, h, wi);
  }
}
