package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Fx;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShapeTest {
  @Nested
  class Reshaped {
    @Test
    void shouldInferOneMinusOneFromTheSize() {
      assertEquals(Shape.of(3, 4), Shape.of(2, 6).reshaped(3, -1));
      assertEquals(Shape.of(12), Shape.of(2, 6).reshaped(-1));
      assertEquals(Shape.of(0, 5), Shape.of(0, 5).reshaped(0, 5));
    }

    @Test
    void shouldRejectTwoUnknownsNegativeDimensionsAndOtherSizes() {
      assertEquals("reshape: more than one -1 in [-1, -1]",
          assertThrows(IllegalArgumentException.class, () -> Shape.of(4).reshaped(-1, -1)).getMessage());
      assertEquals("reshape: negative dimension in [-2, 2]",
          assertThrows(IllegalArgumentException.class, () -> Shape.of(4).reshaped(-2, 2)).getMessage());
      assertEquals("reshape: cannot reshape [4] to [3, -1]",
          assertThrows(IllegalArgumentException.class, () -> Shape.of(4).reshaped(3, -1)).getMessage());
      assertThrows(IllegalArgumentException.class, () -> Shape.of(4).reshaped(0, -1));
      assertThrows(IllegalArgumentException.class, () -> Shape.of(4).reshaped(5));
    }

    @Test
    void shouldBeTheOneRuleForTensorsAndExpressions() {
      int[][] cases = {{3, -1}, {-1}, {-1, -1}, {5, -1}, {-3, 4}, {1, 12}};
      Tensor t = Tensor.zeros(Shape.of(2, 6));
      for (int[] dims : cases) {
        String tensor = outcome(() -> t.reshape(dims).shape());
        String expr = outcome(() -> Fx.reshape(Fx.variable("x", 2, 6), dims).shape());
        assertEquals(tensor, expr, java.util.Arrays.toString(dims));
      }
    }

    private static String outcome(java.util.function.Supplier<Shape> f) {
      try {
        return f.get().toString();
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
  }
}
