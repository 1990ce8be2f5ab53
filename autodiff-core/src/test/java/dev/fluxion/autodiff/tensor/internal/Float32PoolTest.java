package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * float32 pooling runs native {@code float} loops that are bit for bit the reference path: widen
 * exactly, run the float64 kernel, round once to float32.
 */
class Float32PoolTest {
  private static final double[] SPECIALS = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 1.0, 1.0, -1.0};

  /** float32 samples with ties, signed zeros, NaNs and infinities mixed in, and values that round differently in sums. */
  static Tensor sample(long seed, int... dims) {
    SplittableRandom r = new SplittableRandom(seed);
    int size = Shape.of(dims).size();
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      int pick = r.nextInt(16);
      v[i] = pick < SPECIALS.length && r.nextInt(4) == 0 ? (float) SPECIALS[pick]
          : (float) (r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-20, 20)));
    }
    return Tensor.of(v, dims);
  }

  /** Finite float32 samples of widely different magnitudes (sums round in float32, not in float64). */
  static Tensor finite(long seed, int... dims) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[Shape.of(dims).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-20, 20)));
    }
    return Tensor.of(v, dims);
  }

  static Tensor wide(Tensor t) {
    return t.cast(DType.FLOAT64);
  }

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of(new int[] {2, 3, 8, 8}, new int[] {2, 2}, new int[] {2, 2}),
        Arguments.of(new int[] {2, 3, 7, 9}, new int[] {3, 3}, new int[] {2, 2}),
        Arguments.of(new int[] {1, 2, 6, 5}, new int[] {3, 2}, new int[] {1, 1}),
        Arguments.of(new int[] {2, 2, 7, 7}, new int[] {2, 2}, new int[] {1, 1}),
        Arguments.of(new int[] {3, 1, 5, 5}, new int[] {5, 5}, new int[] {1, 1}),
        Arguments.of(new int[] {2, 2, 9, 4}, new int[] {2, 1}, new int[] {3, 2}),
        Arguments.of(new int[] {1, 3, 11, 13}, new int[] {3, 2}, new int[] {3, 4}));
  }

  @Nested
  class MaxPool {
    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.Float32PoolTest#configs")
    void shouldEqualTheReferencePathBitForBit(int[] xs, int[] k, int[] s) {
      PoolGeometry g = PoolGeometry.of(k, s);
      Tensor x = sample(1, xs);
      Tensor y = Convolutions.maxPool2d(x, g);
      assertEquals(DType.FLOAT32, y.dtype());
      assertEquals(Convolutions.maxPool2d(wide(x), g).cast(DType.FLOAT32), y);
      Tensor yBar = finite(2, y.shape().toArray());
      Tensor xBar = Convolutions.maxPool2dBackward(x, yBar, g);
      assertEquals(Convolutions.maxPool2dBackward(wide(x), wide(yBar), g).cast(DType.FLOAT32), xBar);
      Tensor t = sample(3, xs);
      assertEquals(Convolutions.maxPool2dGather(wide(x), wide(t), g).cast(DType.FLOAT32),
          Convolutions.maxPool2dGather(x, t, g));
    }

    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.Float32PoolTest#configs")
    void shouldScatterAndMaskLikeTheReferencePath(int[] xs, int[] k, int[] s) {
      PoolGeometry g = PoolGeometry.of(k, s);
      Tensor x = sample(4, xs);
      Tensor z = sample(5, xs);
      Tensor yBar = sample(6, Convolutions.maxPool2d(x, g).shape().toArray());
      Tensor fused = Fused.maxPool2dBackwardMaskedStep(x, yBar, z, g);
      assertEquals(DType.FLOAT32, fused.dtype());
      assertEquals(Fused.maxPool2dBackwardMaskedStep(wide(x), wide(yBar), wide(z), g).cast(DType.FLOAT32), fused);
      assertEquals(Convolutions.maxPool2dBackward(x, yBar, g).maskedTimes(z.step()), fused);
    }

    @Test
    void shouldAccumulateOverlappingWindowsInFloat64AndRoundOnce() {
      Tensor x = Tensor.of(new float[] {0, 0, 9, 0, 0}, 1, 1, 1, 5);
      float big = 1 << 24;
      Tensor yBar = Tensor.of(new float[] {big, 1, 1}, 1, 1, 1, 3);
      Tensor xBar = Convolutions.maxPool2dBackward(x, yBar, new PoolGeometry(1, 3, 1, 1));
      assertEquals(Tensor.of(new float[] {0, 0, big + 2, 0, 0}, 1, 1, 1, 5), xBar);
      assertTrue(big + 2 != big + 1f + 1f, "a float32 running sum would lose the ones");
    }
  }

  @Nested
  class AvgPool {
    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.Float32PoolTest#configs")
    void shouldEqualTheReferencePathBitForBit(int[] xs, int[] k, int[] s) {
      PoolGeometry g = PoolGeometry.of(k, s);
      for (Tensor x : new Tensor[] {sample(7, xs), finite(8, xs)}) {
        Tensor y = Convolutions.avgPool2d(x, g);
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals(Convolutions.avgPool2d(wide(x), g).cast(DType.FLOAT32), y);
        Tensor yBar = finite(9, y.shape().toArray());
        Tensor xBar = Convolutions.avgPool2dBackward(yBar, x.shape(), g);
        assertEquals(DType.FLOAT32, xBar.dtype());
        assertEquals(Convolutions.avgPool2dBackward(wide(yBar), x.shape(), g).cast(DType.FLOAT32), xBar);
      }
    }

    @Test
    void shouldSumAWindowInFloat64() {
      float big = 1 << 24;
      Tensor x = Tensor.of(new float[] {big, 1, 1, 1}, 1, 1, 2, 2);
      float y = Convolutions.avgPool2d(x, new PoolGeometry(2, 2, 2, 2)).toFloatArray()[0];
      assertEquals((float) ((big + 3.0) / 4), y);
      assertTrue(y != ((big + 1f + 1f + 1f) / 4), "a float32 running sum would lose the ones");
    }

    @Test
    void shouldTurnNegativeZeroSharesIntoZeroAsTheReferenceAddDoes() {
      Tensor yBar = Tensor.of(new float[] {-0f, 2f}, 1, 1, 1, 2);
      Tensor xBar = Convolutions.avgPool2dBackward(yBar, Shape.of(1, 1, 2, 4), new PoolGeometry(2, 2, 2, 2));
      assertEquals(Convolutions.avgPool2dBackward(wide(yBar), Shape.of(1, 1, 2, 4), new PoolGeometry(2, 2, 2, 2))
          .cast(DType.FLOAT32), xBar);
      assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(xBar.toFloatArray()[0]));
    }
  }

  @Test
  void shouldRejectMixedDTypesNamingBoth() {
    Tensor x = sample(10, 1, 1, 4, 4);
    PoolGeometry g = new PoolGeometry(2, 2, 2, 2);
    Tensor yBar64 = Tensor.zeros(1, 1, 2, 2);
    for (var call : new org.junit.jupiter.api.function.Executable[] {
        () -> Convolutions.maxPool2dBackward(x, yBar64, g),
        () -> Convolutions.maxPool2dGather(x, wide(x), g),
        () -> Fused.maxPool2dBackwardMaskedStep(x, yBar64, x, g)}) {
      var e = assertThrows(IllegalArgumentException.class, call);
      assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
    }
  }
}
