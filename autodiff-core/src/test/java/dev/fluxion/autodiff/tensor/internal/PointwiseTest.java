package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The one-pass elementwise kernel: each instruction's loop equals its tensor method, and bad programs fail early. */
class PointwiseTest {
  private final Shape shape = Shape.of(3, 401);
  private final Tensor x = FusedTest.special(Tensor.normal(Key.of(1), shape, 0, 1));
  private final Tensor y = FusedTest.special(Tensor.normal(Key.of(2), shape, 0, 1)).times(-1.0);

  @Nested
  class Run {
    @Test
    void shouldEqualTheTensorMethodsOverSeveralTilesWithScratchReused() {
      // values: 0 = x, 1 = y, 2 = c (size 1); 3 = x + y, 4 = 3 * c, 5 = maskedMul(4, x), 6 = relu(5),
      // 7 = step(y), 8 = 6 / 7, 9 = where(7, 8, x), 10 = 9 - 3, 11 = map(exp, 10), 12 = 2.5, 13 = 11 * 12
      Pointwise p = Pointwise.of(shape, 3, List.of(Pointwise.add(0, 1), Pointwise.mul(3, 2),
          Pointwise.maskedMul(4, 0), Pointwise.relu(5), Pointwise.step(1), Pointwise.div(6, 7),
          Pointwise.where(7, 8, 0), Pointwise.sub(9, 3), Pointwise.map(Exponential::exp, 10), Pointwise.constant(2.5),
          Pointwise.zip((a, b) -> a * b, 11, 12)), new int[] {13, 3});
      Tensor c = Tensor.scalar(-0.0);
      Tensor[] out = p.run(x, y, c);
      Tensor v3 = x.plus(y);
      Tensor v9 = Tensor.where(y.step(), v3.times(c).maskedTimes(x).relu().div(y.step()), x);
      assertEquals(v9.minus(v3).exp().times(2.5), out[0]);
      assertEquals(v3, out[1]);
    }
  }

  private static <T> T withThreads(int n, java.util.function.Supplier<T> body) {
    int before = dev.fluxion.autodiff.tensor.Threads.count();
    dev.fluxion.autodiff.tensor.Threads.setCount(n);
    try {
      return body.get();
    } finally {
      dev.fluxion.autodiff.tensor.Threads.setCount(before);
    }
  }

  @Nested
  class Chunks {
    @Test
    void shouldCutALargeRunIntoChunksGivingTheSameBitsOnOneOrEightThreadsInBothDTypes() {
      Shape big = Shape.of(301, 1001);
      Tensor a = Tensor.normal(Key.of(3), big, 0, 1);
      Tensor b = Tensor.normal(Key.of(4), big, 0, 1);
      // 2 = a * b, 3 = exp(2), 4 = 3 + a, 5 = relu(4), 6 = 5 / b; outputs 6 and 2, the first donated into a
      Pointwise p = Pointwise.of(big, 2, List.of(Pointwise.mul(0, 1), Pointwise.exp(2), Pointwise.add(3, 0),
          Pointwise.relu(4), Pointwise.div(5, 1)), new int[] {6, 2}).donating(new boolean[] {true, false});
      assertTrue(p.chunks(big.size(), (big.size() + Pointwise.TILE - 1) / Pointwise.TILE) > 1, "the run is cut");
      Tensor want = a.times(b).exp().plus(a).relu().div(b);
      for (int threads : new int[] {1, 8}) {
        Tensor[] out = withThreads(threads,
            () -> p.run(Tensor.of(a.toArray(), big), b));
        assertEquals(want, out[0], threads + " threads");
        assertEquals(a.times(b), out[1]);
        Tensor a32 = a.cast(dev.fluxion.autodiff.tensor.DType.FLOAT32);
        Tensor b32 = b.cast(dev.fluxion.autodiff.tensor.DType.FLOAT32);
        Tensor[] out32 = withThreads(threads,
            () -> p.run(Tensor.of(a32.toFloatArray(), big), b32));
        assertEquals(a32.times(b32).exp().plus(a32).relu().div(b32), out32[0], threads + " threads, float32");
      }
    }
  }

  @Nested
  class Donation {
    /** A copy of {@code t} in an array of its own, which a donating run may overwrite. */
    private Tensor own(Tensor t) {
      return Tensor.of(t.toArray(), t.shape());
    }

    @Test
    void shouldWriteOutputsIntoHandedOverInputsNoLaterInstructionReads() {
      // 2 = x + y (output), 3 = 2 * x (output): y is read last by instruction 0, x by instruction 1
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.add(0, 1), Pointwise.mul(2, 0)), new int[] {2, 3})
          .donating(new boolean[] {true, true});
      assertArrayEquals(new int[] {1, 0}, p.donors());
      Tensor ox = own(x);
      Tensor oy = own(y);
      double[] xArray = Storage.raw(ox);
      double[] yArray = Storage.raw(oy);
      Tensor[] out = p.run(ox, oy);
      assertEquals(x.plus(y), out[0]);
      assertEquals(x.plus(y).times(x), out[1]);
      assertSame(yArray, Storage.raw(out[0]), "x + y written over y");
      assertSame(xArray, Storage.raw(out[1]), "(x + y) * x written over x");
    }

    @Test
    void shouldNotOverwriteAnInputThatALaterInstructionStillReads() {
      // 1 = relu(x) (output), 2 = 1 + x (output): x is read after relu(x) is written
      Pointwise p = Pointwise.of(shape, 1, List.of(Pointwise.relu(0), Pointwise.add(1, 0)), new int[] {1, 2})
          .donating(new boolean[] {true});
      Tensor[] out = p.run(own(x));
      assertEquals(x.relu(), out[0]);
      assertEquals(x.relu().plus(x), out[1]);
      assertArrayEquals(new int[] {-1, 0}, p.donors());
    }

    @Test
    void shouldNeverOverwriteUnmarkedSize1OrSharedInputs() {
      // 2 = relu(a) (output, may take a), 3 = 2 + b (output)
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.relu(0), Pointwise.add(2, 1)), new int[] {2, 3})
          .donating(new boolean[] {true, false});
      assertArrayEquals(new int[] {0, -1}, p.donors());
      Tensor shared = own(x);
      Tensor[] out = p.run(shared, shared);
      assertEquals(x, shared, "a's array is also b's: not overwritten");
      assertEquals(x.relu().plus(x), out[1]);
      Tensor one = Tensor.scalar(-2.5);
      Tensor[] scalarOut = p.run(one, own(y));
      assertEquals(Tensor.scalar(-2.5), one, "a size-1 input is never overwritten");
      assertEquals(Tensor.full(shape, 0.0).plus(y), scalarOut[1]);
      Tensor keep = own(y);
      p.run(own(x), keep);
      assertEquals(y, keep, "an unmarked input is only read");
    }

    @Test
    void shouldRejectAFlagCountOtherThanTheInputs() {
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.add(0, 1)), new int[] {2});
      var e = assertThrows(IllegalArgumentException.class, () -> p.donating(new boolean[] {true}));
      assertTrue(e.getMessage().contains("1 flags for 2 inputs"), e.getMessage());
    }
  }

  @Nested
  class Validation {
    @Test
    void shouldRejectReadsOfLaterValuesAndBadOutputs() {
      var later = assertThrows(IllegalArgumentException.class,
          () -> Pointwise.of(shape, 1, List.of(Pointwise.add(0, 1)), new int[] {1}));
      assertTrue(later.getMessage().contains("instruction 0 reads value 1"), later.getMessage());
      var input = assertThrows(IllegalArgumentException.class,
          () -> Pointwise.of(shape, 1, List.of(Pointwise.relu(0)), new int[] {0}));
      assertTrue(input.getMessage().contains("output value 0"), input.getMessage());
      var twice = assertThrows(IllegalArgumentException.class,
          () -> Pointwise.of(shape, 1, List.of(Pointwise.relu(0)), new int[] {1, 1}));
      assertTrue(twice.getMessage().contains("repeats"), twice.getMessage());
    }

    @Test
    void shouldRejectInputsOfAnotherShapeOrCount() {
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.add(0, 1)), new int[] {2});
      var shapeError = assertThrows(IllegalArgumentException.class, () -> p.run(x, Tensor.zeros(3)));
      assertTrue(shapeError.getMessage().contains("input 1 has shape [3]"), shapeError.getMessage());
      assertThrows(IllegalArgumentException.class, () -> p.run(x));
    }

    @Test
    void shouldRejectAWrongNumberOfGivenArraysAndIgnoreUnfitOnes() {
      Pointwise p = Pointwise.of(shape, 2, List.of(Pointwise.add(0, 1)), new int[] {2});
      var count = assertThrows(IllegalArgumentException.class, () -> p.run(new Tensor[] {x, x}, new Object[2]));
      assertTrue(count.getMessage().contains("2 given arrays for 1 outputs"), count.getMessage());
      double[] tooShort = new double[1];
      assertEquals(x.plus(x), p.run(new Tensor[] {x, x}, new Object[] {tooShort})[0]);
      assertEquals(0.0, tooShort[0]);
      double[] fits = new double[shape.size()];
      Tensor[] out = p.run(new Tensor[] {x, x}, new Object[] {fits});
      assertEquals(x.plus(x), out[0]);
      assertEquals(x.plus(x).toArray()[0], fits[0]);
    }
  }
}
