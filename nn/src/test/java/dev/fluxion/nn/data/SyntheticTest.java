package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SyntheticTest {
  private static int[] classCounts(Dataset d, int classes) {
    int[] counts = new int[classes];
    for (double y : d.targets().toArray()) {
      counts[(int) y]++;
    }
    return counts;
  }

  private static void assertTwoDimensional(Dataset d, int n) {
    assertEquals(n, d.size());
    assertEquals(Shape.of(2), d.featureShape());
    assertEquals(Shape.scalar(), d.targetShape());
    assertTrue(d.features().allFinite());
  }

  @Nested
  class Shapes {
    @Test
    void shouldGiveTheFourXorPoints() {
      Dataset d = Synthetic.xor();
      assertTwoDimensional(d, 4);
      assertEquals(Tensor.vector(0, 1, 1, 0), d.targets());
      Dataset noisy = Synthetic.xor(100, 0.1, Key.of(1));
      assertTwoDimensional(noisy, 100);
      assertArrayEquals(new int[] {50, 50}, classCounts(noisy, 2));
    }

    @Test
    void shouldMakeBalancedSpirals() {
      Dataset d = Synthetic.spirals(3, 100, 0.2, Key.of(0));
      assertTwoDimensional(d, 300);
      assertArrayEquals(new int[] {100, 100, 100}, classCounts(d, 3));
      assertTrue(d.features().abs().max().item() <= 1.0);
    }

    @Test
    void shouldMakeMoonsAndCircles() {
      Dataset m = Synthetic.moons(101, 0.1, Key.of(2));
      assertTwoDimensional(m, 101);
      assertArrayEquals(new int[] {50, 51}, classCounts(m, 2));
      Dataset c = Synthetic.circles(200, 0.0, 0.5, Key.of(3));
      assertTwoDimensional(c, 200);
      assertArrayEquals(new int[] {100, 100}, classCounts(c, 2));
      Tensor x = c.get(150).x();
      assertEquals(0.5, Math.hypot(x.get(0), x.get(1)), 1e-12);
      assertThrows(IllegalArgumentException.class, () -> Synthetic.circles(10, 0.1, 1.0, Key.of(1)));
    }

    @Test
    void shouldSpreadBlobsAroundTheirCenters() {
      Tensor centers = Tensor.matrix(new double[] {-5, 0, 1}, new double[] {5, 0, 1});
      Dataset d = Synthetic.blobs(1001, centers, 0.5, Key.of(4));
      assertEquals(Shape.of(3), d.featureShape());
      assertArrayEquals(new int[] {501, 500}, classCounts(d, 2));
      Dataset first = d.filter(e -> e.y().item() == 0);
      assertEquals(-5, first.features().mean(new int[] {0}, false).get(0), 0.15);
      Dataset random = Synthetic.blobs(90, 3, 1.0, Key.of(5));
      assertTwoDimensional(random, 90);
      assertArrayEquals(new int[] {30, 30, 30}, classCounts(random, 3));
    }
  }

  @Nested
  class Determinism {
    @Test
    void shouldRepeatForTheSameKeyAndDifferForAnother() {
      assertEquals(Synthetic.spirals(2, 20, 0.2, Key.of(9)).features(), Synthetic.spirals(2, 20, 0.2, Key.of(9)).features());
      assertNotEquals(Synthetic.moons(20, 0.1, Key.of(9)).features(), Synthetic.moons(20, 0.1, Key.of(8)).features());
      assertEquals(Synthetic.blobs(30, 3, 1.0, Key.of(7)).features(), Synthetic.blobs(30, 3, 1.0, Key.of(7)).features());
    }

    @Test
    void shouldRejectNegativeNoise() {
      assertThrows(IllegalArgumentException.class, () -> Synthetic.moons(10, -0.1, Key.of(1)));
    }
  }
}
