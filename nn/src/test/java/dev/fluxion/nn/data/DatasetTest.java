package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DatasetTest {
  /** Ten examples: x_i = [[i, 10 i], [100 i, 1000 i]] (shape [2, 2]), y_i = i. */
  static Dataset ten() {
    double[] x = new double[40];
    double[] y = new double[10];
    for (int i = 0; i < 10; i++) {
      x[4 * i] = i;
      x[4 * i + 1] = 10 * i;
      x[4 * i + 2] = 100 * i;
      x[4 * i + 3] = 1000 * i;
      y[i] = i;
    }
    return Dataset.of(Tensor.of(x, 10, 2, 2), Tensor.of(y, 10));
  }

  @Nested
  class Access {
    @Test
    void shouldExposeSizeShapesAndExamples() {
      Dataset d = ten();
      assertEquals(10, d.size());
      assertEquals(Shape.of(2, 2), d.featureShape());
      assertEquals(Shape.scalar(), d.targetShape());
      Example e = d.get(3);
      assertEquals(Tensor.of(new double[] {3, 30, 300, 3000}, 2, 2), e.x());
      assertEquals(Tensor.scalar(3), e.y());
      assertEquals(Shape.of(10, 2, 2), d.features().shape());
      assertEquals(Shape.of(10), d.targets().shape());
    }

    @Test
    void shouldNameIndexAndSizeInErrors() {
      var e = assertThrows(IllegalArgumentException.class, () -> ten().get(10));
      assertTrue(e.getMessage().contains("index 10") && e.getMessage().contains("size 10"), e.getMessage());
      var b = assertThrows(IllegalArgumentException.class, () -> ten().batch(new int[] {1, -1}));
      assertTrue(b.getMessage().contains("index -1") && b.getMessage().contains("size 10"), b.getMessage());
    }

    @Test
    void shouldRejectMismatchedCountsAndScalars() {
      assertThrows(IllegalArgumentException.class, () -> Dataset.of(Tensor.zeros(3, 2), Tensor.zeros(4)));
      assertThrows(IllegalArgumentException.class, () -> Dataset.of(Tensor.scalar(1), Tensor.zeros(1)));
    }

    @Test
    void shouldStackBatchesInIndexOrder() {
      Batch b = ten().batch(new int[] {7, 2, 7});
      assertEquals(Shape.of(3, 2, 2), b.x().shape());
      assertEquals(Tensor.vector(7, 2, 7), b.y());
      assertEquals(3, b.size());
      assertEquals(20.0, b.x().get(1, 0, 1));
    }

    @Test
    void shouldBuildFromExamples() {
      Dataset d = Dataset.ofExamples(List.of(new Example(Tensor.vector(1, 2), Tensor.scalar(0)),
          new Example(Tensor.vector(3, 4), Tensor.scalar(1))));
      assertEquals(Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}), d.features());
      var e = assertThrows(IllegalArgumentException.class, () -> Dataset.ofExamples(List.of(
          new Example(Tensor.vector(1, 2), Tensor.scalar(0)), new Example(Tensor.vector(3), Tensor.scalar(1)))));
      assertTrue(e.getMessage().contains("example 1"), e.getMessage());
    }
  }

  @Nested
  class Operations {
    @Test
    void shouldMapAndAllowNewShapes() {
      Dataset d = ten().map(e -> new Example(e.x().reshape(4), e.y().times(2)));
      assertEquals(Shape.of(4), d.featureShape());
      assertEquals(Tensor.scalar(18), d.get(9).y());
    }

    @Test
    void shouldFilterTakeAndConcat() {
      Dataset even = ten().filter(e -> e.y().item() % 2 == 0);
      assertEquals(Tensor.vector(0, 2, 4, 6, 8), even.targets());
      assertEquals(3, ten().take(3).size());
      assertEquals(10, ten().take(99).size());
      Dataset both = ten().take(2).concat(even);
      assertEquals(Tensor.vector(0, 1, 0, 2, 4, 6, 8), both.targets());
      assertThrows(IllegalArgumentException.class,
          () -> ten().concat(Dataset.of(Tensor.zeros(1, 3), Tensor.zeros(1))));
    }

    @Test
    void shouldSplitIntoDisjointPartsOfTheRightSize() {
      Dataset.Split s = ten().split(0.7, Key.of(1));
      assertEquals(7, s.first().size());
      assertEquals(3, s.second().size());
      Set<Double> seen = new HashSet<>();
      for (Dataset part : List.of(s.first(), s.second())) {
        for (double v : part.targets().toArray()) {
          assertTrue(seen.add(v), "duplicate " + v);
        }
      }
      assertEquals(10, seen.size());
      assertEquals(s.first().targets(), ten().split(0.7, Key.of(1)).first().targets());
      assertNotEquals(s.first().targets(), ten().split(0.7, Key.of(2)).first().targets());
      assertEquals(0, ten().split(0, Key.of(1)).first().size());
      assertThrows(IllegalArgumentException.class, () -> ten().split(1.5, Key.of(1)));
    }

    @Test
    void shouldKeepTheFeaturesWithTheirTargetsWhenShuffling() {
      Dataset part = ten().split(0.5, Key.of(3)).first();
      for (int i = 0; i < part.size(); i++) {
        Example e = part.get(i);
        assertEquals(e.y().item() * 1000, e.x().get(1, 1));
      }
    }
  }
}
