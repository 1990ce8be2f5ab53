package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
          Pointwise.where(7, 8, 0), Pointwise.sub(9, 3), Pointwise.map(Math::exp, 10), Pointwise.constant(2.5),
          Pointwise.zip((a, b) -> a * b, 11, 12)), new int[] {13, 3});
      Tensor c = Tensor.scalar(-0.0);
      Tensor[] out = p.run(x, y, c);
      Tensor v3 = x.plus(y);
      Tensor v9 = Tensor.where(y.step(), v3.times(c).maskedTimes(x).relu().div(y.step()), x);
      assertEquals(v9.minus(v3).exp().times(2.5), out[0]);
      assertEquals(v3, out[1]);
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
  }
}
