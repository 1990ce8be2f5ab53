package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConvKernelsTest {
  static Tensor random(long seed, int... dims) {
    return Tensor.uniform(Key.of(seed), Shape.of(dims), -1, 1);
  }

  static double dot(Tensor a, Tensor b) {
    return a.times(b).sum().item();
  }

  /** The definition, one output element at a time. */
  static Tensor naiveConv(Tensor x, Tensor w, int[] s, int[] p) {
    Shape ys = ConvShapes.conv2d(x.shape(), w.shape(), ConvGeometry.of(s, p));
    int cin = x.shape().dim(1);
    int h = x.shape().dim(2);
    int wd = x.shape().dim(3);
    int kh = w.shape().dim(2);
    int kw = w.shape().dim(3);
    double[] y = new double[ys.size()];
    int idx = 0;
    for (int n = 0; n < ys.dim(0); n++) {
      for (int o = 0; o < ys.dim(1); o++) {
        for (int i = 0; i < ys.dim(2); i++) {
          for (int j = 0; j < ys.dim(3); j++) {
            double acc = 0;
            for (int c = 0; c < cin; c++) {
              for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                  int ih = i * s[0] + ki - p[0];
                  int iw = j * s[1] + kj - p[1];
                  if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                    acc += x.get(n, c, ih, iw) * w.get(o, c, ki, kj);
                  }
                }
              }
            }
            y[idx++] = acc;
          }
        }
      }
    }
    return Tensor.of(y, ys);
  }

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of(new int[] {2, 3, 8, 8}, new int[] {4, 3, 3, 3}, new int[] {1, 1}, new int[] {0, 0}),
        Arguments.of(new int[] {2, 3, 8, 8}, new int[] {4, 3, 3, 3}, new int[] {1, 1}, new int[] {1, 1}),
        Arguments.of(new int[] {3, 2, 9, 7}, new int[] {5, 2, 3, 2}, new int[] {2, 1}, new int[] {1, 0}),
        Arguments.of(new int[] {1, 1, 5, 6}, new int[] {2, 1, 5, 1}, new int[] {3, 2}, new int[] {2, 3}),
        Arguments.of(new int[] {2, 4, 6, 6}, new int[] {3, 4, 1, 1}, new int[] {2, 2}, new int[] {0, 0}),
        Arguments.of(new int[] {4, 2, 7, 7}, new int[] {6, 2, 4, 4}, new int[] {3, 3}, new int[] {2, 2}));
  }

  @Nested
  class Forward {
    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.ConvKernelsTest#configs")
    void shouldMatchTheDirectLoop(int[] xs, int[] ws, int[] s, int[] p) {
      Tensor x = random(1, xs);
      Tensor w = random(2, ws);
      Tensor y = Convolutions.conv2d(x, w, ConvGeometry.of(s, p));
      assertEquals(ConvShapes.conv2d(x.shape(), w.shape(), ConvGeometry.of(s, p)), y.shape());
      assertTrue(y.allClose(naiveConv(x, w, s, p), 1e-12, 1e-12));
    }

    @Test
    void shouldMatchTheDirectLoopOnALargeBatchSplitBetweenThreads() {
      assertTrue(30L * 2 * 4 * 5 * 5 * 40 * 40 > Parallel.PARALLEL_WORK, "large enough to run in chunks");
      Tensor x = random(3, 30, 4, 40, 40);
      Tensor w = random(4, 2, 4, 5, 5);
      int[] s = {1, 1};
      int[] p = {2, 2};
      assertTrue(Convolutions.conv2d(x, w, ConvGeometry.of(s, p)).allClose(naiveConv(x, w, s, p), 1e-12, 1e-12));
    }

    @Test
    void shouldComputeAKnownSmallExample() {
      Tensor x = Tensor.arange(9).reshape(1, 1, 3, 3);
      Tensor w = Tensor.ones(1, 1, 2, 2);
      assertEquals(Tensor.of(new double[] {8, 12, 20, 24}, 1, 1, 2, 2), Convolutions.conv2d(x, w, new ConvGeometry(1, 1, 0, 0)));
    }
  }

  @Nested
  class Adjoints {
    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.ConvKernelsTest#configs")
    void shouldSatisfyTheInnerProductIdentity(int[] xs, int[] ws, int[] s, int[] p) {
      Tensor x = random(5, xs);
      Tensor w = random(6, ws);
      Tensor y = Convolutions.conv2d(x, w, ConvGeometry.of(s, p));
      Tensor yBar = random(7, y.shape().toArray());
      double lhs = dot(yBar, y);
      Tensor xBar = Convolutions.conv2dBackwardInput(yBar, w, x.shape(), ConvGeometry.of(s, p));
      Tensor wBar = Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), ConvGeometry.of(s, p));
      assertEquals(x.shape(), xBar.shape());
      assertEquals(w.shape(), wBar.shape());
      assertEquals(lhs, dot(xBar, x), 1e-10 * (1 + Math.abs(lhs)));
      assertEquals(lhs, dot(wBar, w), 1e-10 * (1 + Math.abs(lhs)));
    }

    @Test
    void shouldSatisfyTheIdentityOnALargeBatchSplitBetweenThreads() {
      int[] s = {2, 1};
      int[] p = {1, 2};
      Tensor x = random(8, 30, 4, 40, 40);
      Tensor w = random(9, 2, 4, 5, 5);
      Tensor yBar = random(10, Convolutions.conv2d(x, w, ConvGeometry.of(s, p)).shape().toArray());
      double lhs = dot(yBar, Convolutions.conv2d(x, w, ConvGeometry.of(s, p)));
      assertEquals(lhs, dot(Convolutions.conv2dBackwardInput(yBar, w, x.shape(), ConvGeometry.of(s, p)), x), 1e-9 * Math.abs(lhs));
      assertEquals(lhs, dot(Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), ConvGeometry.of(s, p)), w), 1e-9 * Math.abs(lhs));
    }
  }

  @Nested
  class Threads {
    /** The three kernels on {@code threads} threads: forward, input adjoint, weight adjoint. */
    List<Tensor> run(int threads, Tensor x, Tensor w, Tensor yBar, ConvGeometry g) {
      int before = dev.fluxion.autodiff.tensor.Threads.count();
      dev.fluxion.autodiff.tensor.Threads.setCount(threads);
      try {
        return List.of(Convolutions.conv2d(x, w, g), Convolutions.conv2dBackwardInput(yBar, w, x.shape(), g),
            Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), g));
      } finally {
        dev.fluxion.autodiff.tensor.Threads.setCount(before);
      }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 30, 64})
    void shouldGiveTheSameBitsForOneTwoFourAndEightThreads(int batch) {
      ConvGeometry g = ConvGeometry.of(new int[] {1, 1}, new int[] {1, 1});
      Tensor x = random(11, batch, 8, 14, 14);
      Tensor w = random(12, 16, 8, 3, 3);
      Tensor yBar = random(13, batch, 16, 14, 14);
      long work = (long) batch * 16 * 8 * 9 * 14 * 14;
      assertTrue(work >= Parallel.PARALLEL_WORK && Parallel.chunks(work, Parallel.PARALLEL_WORK, batch) >= 2,
          "large enough to be cut into chunks");
      List<Tensor> want = run(1, x, w, yBar, g);
      for (int threads : new int[] {2, 4, 8}) {
        List<Tensor> got = run(threads, x, w, yBar, g);
        for (int i = 0; i < want.size(); i++) {
          assertArrayEquals(want.get(i).toArray(), got.get(i).toArray(), threads + " threads, kernel " + i);
        }
      }
    }

    Tensor batch(Tensor t, int lo, int hi) {
      int[] stop = t.shape().toArray();
      stop[0] = hi;
      return t.slice(new int[] {lo, 0, 0, 0}, stop, new int[] {1, 1, 1, 1});
    }

    @Test
    void shouldSumTheWeightAdjointChunkByChunkInOrder() {
      ConvGeometry g = ConvGeometry.of(new int[] {1, 1}, new int[] {1, 1});
      int batch = 30;
      Tensor x = random(14, batch, 8, 14, 14);
      Tensor w = random(15, 16, 8, 3, 3);
      Tensor yBar = random(16, batch, 16, 14, 14);
      int chunks = Parallel.chunks((long) batch * 16 * 8 * 9 * 14 * 14, Parallel.PARALLEL_WORK, batch);
      Tensor want = null;
      for (int t = 0; t < chunks; t++) {
        int lo = Parallel.start(batch, chunks, t);
        int hi = Parallel.start(batch, chunks, t + 1);
        Tensor part = Convolutions.conv2dBackwardWeight(batch(x, lo, hi), batch(yBar, lo, hi), w.shape(), g);
        want = want == null ? part : want.plus(part);
      }
      assertArrayEquals(want.toArray(), run(4, x, w, yBar, g).get(2).toArray());
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldNameOpAndShapesWhenChannelsDiffer() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Convolutions.conv2d(Tensor.zeros(2, 3, 8, 8), Tensor.zeros(4, 2, 3, 3), new ConvGeometry(1, 1, 0, 0)));
      assertEquals("conv2d: input [2, 3, 8, 8] and weight [4, 2, 3, 3]: input channels 3 and 2 differ", e.getMessage());
    }

    @Test
    void shouldRejectBadRanksStridesPaddingsAndKernels() {
      Tensor w = Tensor.zeros(4, 3, 3, 3);
      int[] one = {1, 1};
      int[] zero = {0, 0};
      assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(Tensor.zeros(3, 8, 8), w, ConvGeometry.of(one, zero)));
      assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(Tensor.zeros(1, 3, 8, 8), w, ConvGeometry.of(zero, zero)));
      assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(Tensor.zeros(1, 3, 8, 8), w, ConvGeometry.of(one, new int[] {-1, 0})));
      assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(Tensor.zeros(1, 3, 8, 8), w, ConvGeometry.of(new int[] {1}, zero)));
      var e = assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(Tensor.zeros(1, 3, 2, 8), w, ConvGeometry.of(one, zero)));
      assertTrue(e.getMessage().startsWith("conv2d: input [1, 3, 2, 8] and weight [4, 3, 3, 3]:"), e.getMessage());
      assertEquals("stride is null", assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(null, zero)).getMessage());
    }

    @Test
    void shouldRejectACotangentOfTheWrongShape() {
      Tensor w = Tensor.zeros(4, 3, 3, 3);
      int[] one = {1, 1};
      int[] zero = {0, 0};
      var e = assertThrows(IllegalArgumentException.class,
          () -> Convolutions.conv2dBackwardInput(Tensor.zeros(1, 4, 5, 5), w, Shape.of(1, 3, 8, 8), ConvGeometry.of(one, zero)));
      assertTrue(e.getMessage().contains("[1, 4, 6, 6]"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> Convolutions.conv2dBackwardWeight(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(1, 4, 5, 5), w.shape(), ConvGeometry.of(one, zero)));
    }
  }
}
