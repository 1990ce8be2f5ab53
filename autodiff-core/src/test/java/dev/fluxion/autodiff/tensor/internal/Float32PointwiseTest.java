package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The float32 runs of {@link Pointwise} and {@link Fused#maskedMulStep}: float tiles, each instruction
 * giving the float32 rounding of its float64 formula, the same bits as the float32 tensor methods one by one; outputs
 * go into float arrays, into a handed-over float32 input's array where donation allows.
 */
class Float32PointwiseTest {
  private final Shape shape = Shape.of(3, 401);
  private final Tensor x = f32(FusedTest.special(Tensor.normal(Key.of(1), shape, 0, 1)).times(1e20));
  private final Tensor y = f32(FusedTest.special(Tensor.normal(Key.of(2), shape, 0, 1)).times(-1e19));

  private static Tensor f32(Tensor t) {
    return t.cast(DType.FLOAT32);
  }

  /** A copy of {@code t} in an array of its own, which a donating run may overwrite. */
  private static Tensor own(Tensor t) {
    return Tensor.of(t.toFloatArray(), t.shape());
  }

  @Nested
  class Run {
    @Test
    void shouldEqualTheFloat32TensorMethodsOverSeveralTiles() {
      Pointwise p = Pointwise.of(shape, 3, List.of(Pointwise.add(0, 1), Pointwise.mul(3, 2),
          Pointwise.maskedMul(4, 0), Pointwise.relu(5), Pointwise.step(1), Pointwise.div(6, 7),
          Pointwise.where(7, 8, 0), Pointwise.sub(9, 3), Pointwise.map(Math::exp, 10), Pointwise.constant(0.1),
          Pointwise.zip((a, b) -> a * b, 11, 12)), new int[] {13, 3, 4});
      Tensor c = Tensor.scalar(1e30, DType.FLOAT32);
      Tensor[] out = p.run(x, y, c);
      Tensor v3 = x.plus(y);
      Tensor v4 = v3.times(c);
      Tensor v9 = Tensor.where(y.step(), v4.maskedTimes(x).relu().div(y.step()), x);
      assertEquals(v9.minus(v3).exp().times(Tensor.scalar(0.1, DType.FLOAT32)), out[0]);
      assertEquals(v3, out[1]);
      assertEquals(v4, out[2]);
      assertTrue(!v4.allFinite(), "1e30 * 1e20 leaves float32's range: " + v4);
    }

    @Test
    void shouldNegateAndTakeRootsAsTheTensorMethodsInBothDtypes() {
      for (Tensor a : new Tensor[] {x, x.cast(DType.FLOAT64)}) {
        Pointwise p = Pointwise.of(shape, 1, List.of(Pointwise.neg(0), Pointwise.sqrt(0), Pointwise.sqrt(1)),
            new int[] {1, 2, 3});
        Tensor[] out = p.run(a);
        assertEquals(a.unaryMinus(), out[0]);
        assertEquals(a.sqrt(), out[1]);
        assertEquals(a.unaryMinus().sqrt(), out[2]);
      }
    }

    @Test
    void shouldRoundEveryInstructionNotOnlyTheOutput() {
      // (x * y) / y: float32 rounds (and overflows) the product before the division
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.mul(0, 1), Pointwise.div(2, 1)), new int[] {3});
      Tensor got = p.run(x, y)[0];
      assertEquals(x.times(y).div(y), got);
      Tensor wide = x.cast(DType.FLOAT64).times(y.cast(DType.FLOAT64)).div(y.cast(DType.FLOAT64));
      assertTrue(!wide.cast(DType.FLOAT32).equals(got), "a run rounded only at the end would differ");
    }

    @Test
    void shouldAllocateLessThanOneFloat64CopyOfAnInput() {
      Shape big = Shape.of(64, 1024);
      Tensor a = f32(Tensor.normal(Key.of(3), big, 0, 1));
      Tensor b = f32(Tensor.normal(Key.of(4), big, 0, 1));
      Pointwise p = Pointwise.of(big, 2, List.of(Pointwise.mul(0, 1), Pointwise.relu(2), Pointwise.add(3, 0)),
          new int[] {4});
      var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 20; i++) {
        long b0 = mx.getCurrentThreadAllocatedBytes();
        p.run(a, b);
        best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - b0);
      }
      long oneDoubleCopy = 8L * big.size();
      assertTrue(best < oneDoubleCopy / 2 + 64 * 1024, "a float32 run allocated " + best + " bytes; one float64 "
          + "copy of an input is " + oneDoubleCopy);
    }
  }

  @Nested
  class Donation {
    @Test
    void shouldWriteFloat32OutputsIntoHandedOverFloat32Inputs() {
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.add(0, 1), Pointwise.mul(2, 0)), new int[] {2, 3})
          .donating(new boolean[] {true, true});
      assertArrayEquals(new int[] {1, 0}, p.donors());
      Tensor ox = own(x);
      Tensor oy = own(y);
      float[] xArray = Storage.floats(ox);
      float[] yArray = Storage.floats(oy);
      Tensor[] out = p.run(ox, oy);
      assertEquals(x.plus(y), out[0]);
      assertEquals(x.plus(y).times(x), out[1]);
      assertSame(yArray, Storage.floats(out[0]), "x + y written over y");
      assertSame(xArray, Storage.floats(out[1]), "(x + y) * x written over x");
    }

    @Test
    void shouldNeverOverwriteSize1SharedOrUnmarkedFloat32Inputs() {
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.relu(0), Pointwise.add(2, 1)), new int[] {2, 3})
          .donating(new boolean[] {true, false});
      Tensor shared = own(x);
      Tensor[] out = p.run(shared, shared);
      assertEquals(x, shared, "a's array is also b's: not overwritten");
      assertEquals(x.relu().plus(x), out[1]);
      Tensor one = Tensor.scalar(-2.5, DType.FLOAT32);
      Tensor[] scalarOut = p.run(one, own(y));
      assertEquals(Tensor.scalar(-2.5, DType.FLOAT32), one, "a size-1 input is never overwritten");
      assertEquals(Tensor.zeros(shape, DType.FLOAT32).plus(y), scalarOut[1]);
      Tensor keep = own(y);
      p.run(own(x), keep);
      assertEquals(y, keep, "an unmarked input is only read");
    }
  }

  @Nested
  class MaskedMulStep {
    @Test
    void shouldEqualTheReferenceWithZerosNaNAndInfinities() {
      for (Tensor[] ab : new Tensor[][] {{x, y}, {y, x}, {x, x}}) {
        Tensor want = Fused.maskedMulStep(ab[0].cast(DType.FLOAT64), ab[1].cast(DType.FLOAT64)).cast(DType.FLOAT32);
        Tensor got = Fused.maskedMulStep(ab[0], ab[1]);
        assertEquals(DType.FLOAT32, got.dtype());
        assertEquals(want, got);
        assertEquals(ab[0].maskedTimes(ab[1].step()), got);
      }
    }
  }
}
