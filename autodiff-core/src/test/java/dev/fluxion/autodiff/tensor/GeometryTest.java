package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.internal.ConvShapes;
import dev.fluxion.autodiff.tensor.internal.Convolutions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GeometryTest {
  @Nested
  class Conv {
    @Test
    void shouldRejectAStrideBelowOneOrANegativePaddingNamingBoth() {
      var e = assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 0, 0, 0));
      assertEquals("conv2d: stride must be >= 1 and padding >= 0, got stride [1, 0] padding [0, 0]", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 1, 0, -1));
      assertThrows(IllegalArgumentException.class, () -> ConvGeometry.square(0, 0));
    }

    @Test
    void shouldBuildFromArraysWithoutKeepingThem() {
      int[] stride = {2, 1};
      int[] padding = {1, 0};
      ConvGeometry g = ConvGeometry.of(stride, padding);
      stride[0] = 7;
      padding[1] = 7;
      assertEquals(new ConvGeometry(2, 1, 1, 0), g);
      assertEquals(new ConvGeometry(3, 3, 2, 2), ConvGeometry.square(3, 2));
    }

    @Test
    void shouldRejectArraysOfTheWrongLengthOrNull() {
      var e = assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(new int[] {1}, new int[] {0, 0}));
      assertEquals("conv2d: stride and padding need 2 entries each", e.getMessage());
      assertEquals("padding is null",
          assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(new int[] {1, 1}, null)).getMessage());
    }

    @Test
    void shouldGiveTheOutputShapeOfEachAxisFromItsOwnStrideAndPadding() {
      // H: (9 + 2*1 - 3) / 2 + 1 = 5; W: (7 + 0 - 2) / 1 + 1 = 6
      Shape y = ConvShapes.conv2d(Shape.of(3, 2, 9, 7), Shape.of(5, 2, 3, 2), new ConvGeometry(2, 1, 1, 0));
      assertEquals(Shape.of(3, 5, 5, 6), y);
      assertEquals(y, Convolutions.conv2d(Tensor.zeros(3, 2, 9, 7), Tensor.zeros(5, 2, 3, 2), new ConvGeometry(2, 1, 1, 0)).shape());
    }

    @Test
    void shouldNameTheAxisWhoseKernelExceedsThePaddedInput() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> ConvShapes.conv2d(Shape.of(1, 1, 3, 3), Shape.of(1, 1, 2, 6), new ConvGeometry(1, 1, 1, 1)));
      assertEquals("conv2d: input [1, 1, 3, 3] and weight [1, 1, 2, 6]: window width 6 exceeds the (padded) input width 5",
          e.getMessage());
      assertEquals(Shape.of(1, 1, 4, 1), ConvShapes.conv2d(Shape.of(1, 1, 3, 3), Shape.of(1, 1, 2, 5), new ConvGeometry(1, 1, 1, 1)));
    }

    @Test
    void shouldRejectANullGeometryByName() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Convolutions.conv2d(Tensor.zeros(1, 1, 3, 3), Tensor.zeros(1, 1, 2, 2), null));
      assertEquals("geometry is null", e.getMessage());
    }

    @Test
    void shouldDescribeItselfAsGraphsPrintIt() {
      assertEquals("stride=[2, 1], padding=[1, 0]", new ConvGeometry(2, 1, 1, 0).describe());
    }
  }

  @Nested
  class Pool {
    @Test
    void shouldRejectAWindowOrStrideBelowOneNamingBoth() {
      var e = assertThrows(IllegalArgumentException.class, () -> new PoolGeometry(2, 0, 1, 1));
      assertEquals("pool2d: window and stride must be >= 1, got window [2, 0] stride [1, 1]", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> PoolGeometry.square(2, 0));
      assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(new int[] {2, 2, 2}, new int[] {1, 1}));
      assertEquals("window is null",
          assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(null, new int[] {1, 1})).getMessage());
    }

    @Test
    void shouldBuildFromArraysWithoutKeepingThem() {
      int[] window = {3, 2};
      PoolGeometry g = PoolGeometry.of(window, new int[] {1, 2});
      window[0] = 9;
      assertEquals(new PoolGeometry(3, 2, 1, 2), g);
      assertEquals(new PoolGeometry(2, 2, 2, 2), PoolGeometry.square(2, 2));
    }

    @Test
    void shouldTellDisjointWindowsFromOverlappingOnes() {
      assertTrue(PoolGeometry.square(2, 2).disjoint());
      assertTrue(new PoolGeometry(2, 1, 3, 2).disjoint());
      assertFalse(new PoolGeometry(3, 2, 2, 2).disjoint());
      assertFalse(new PoolGeometry(2, 3, 2, 2).disjoint());
    }

    @Test
    void shouldGiveTheOutputShapeOfEachAxisFromItsOwnWindowAndStride() {
      // H: (9 - 2) / 3 + 1 = 3; W: (4 - 1) / 2 + 1 = 2
      Shape y = ConvShapes.pool2d(Shape.of(2, 2, 9, 4), new PoolGeometry(2, 1, 3, 2));
      assertEquals(Shape.of(2, 2, 3, 2), y);
      assertEquals(y, Convolutions.avgPool2d(Tensor.zeros(2, 2, 9, 4), new PoolGeometry(2, 1, 3, 2)).shape());
      assertEquals("geometry is null",
          assertThrows(IllegalArgumentException.class, () -> ConvShapes.pool2d(Shape.of(1, 1, 2, 2), null)).getMessage());
    }

    @Test
    void shouldNameTheAxisWhoseWindowExceedsTheInput() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Convolutions.maxPool2d(Tensor.zeros(1, 1, 4, 4), new PoolGeometry(2, 5, 1, 1)));
      assertEquals("maxPool2d: input [1, 1, 4, 4]: window width 5 exceeds the (padded) input width 4", e.getMessage());
    }

    @Test
    void shouldDescribeItselfAsGraphsPrintIt() {
      assertEquals("window=[3, 2], stride=[1, 2]", new PoolGeometry(3, 2, 1, 2).describe());
    }
  }
}
