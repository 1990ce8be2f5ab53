package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private final Example image = new Example(Tensor.of(new double[] {0, 0.5, 1, 0.25}, 2, 2), Tensor.scalar(2));

  @Nested
  class Features {
    @Test
    void shouldNormalizeWithScalarsOrTensors() {
      assertEquals(Tensor.of(new double[] {-1, 0, 1, -0.5}, 2, 2), Transforms.normalize(0.5, 0.5).apply(image).x());
      Example e = Transforms.normalize(Tensor.vector(0, 1), Tensor.vector(1, 2)).apply(image);
      assertEquals(Tensor.of(new double[] {0, -0.25, 1, -0.375}, 2, 2), e.x());
      assertSame(image.y(), e.y());
      assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(0, 0));
    }

    @Test
    void shouldStandardizeToZeroMeanAndUnitVariance() {
      Dataset d = Synthetic.blobs(200, 3, 2.0, Key.of(1)).map(e -> new Example(e.x().times(3).plus(7), e.y()));
      Dataset s = d.map(Transforms.standardize(d));
      Tensor x = s.features();
      assertTrue(x.mean(new int[] {0}, false).allClose(Tensor.zeros(2), 0, 1e-12));
      assertTrue(x.pow(2).mean(new int[] {0}, false).allClose(Tensor.ones(2), 0, 1e-12));
    }

    @Test
    void shouldOnlyCenterConstantFeatures() {
      Dataset d = Dataset.of(Tensor.matrix(new double[] {3, 1}, new double[] {3, 2}), Tensor.zeros(2));
      assertEquals(Tensor.vector(0, -1), d.map(Transforms.standardize(d)).get(0).x());
    }

    @Test
    void shouldFlattenFeatures() {
      assertEquals(Shape.of(4), Transforms.flatten().apply(image).x().shape());
    }
  }

  @Nested
  class Targets {
    @Test
    void shouldOneHotLabels() {
      Example e = Transforms.oneHot(4).apply(image);
      assertEquals(Tensor.vector(0, 0, 1, 0), e.y());
      Dataset d = Synthetic.spirals(3, 5, 0.1, Key.of(0)).map(Transforms.oneHot(3).andThen(Transforms.flatten()));
      assertEquals(Shape.of(15, 3), d.targets().shape());
      assertEquals(Tensor.vector(5, 5, 5), d.targets().sum(new int[] {0}, false));
    }

    @Test
    void shouldRejectLabelsOutsideTheClasses() {
      var e = assertThrows(IllegalArgumentException.class, () -> Transforms.oneHot(2).apply(image));
      assertTrue(e.getMessage().contains("2.0"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> Transforms.oneHot(3).apply(new Example(image.x(), Tensor.vector(1, 0))));
    }

    @Test
    void shouldNameTheExampleOfABadLabelWhenMappingADataset() {
      Dataset d = Dataset.of(Tensor.zeros(3, 2), Tensor.vector(0, Double.NaN, 1));
      var e = assertThrows(IllegalArgumentException.class, () -> d.map(Transforms.oneHot(2)));
      assertEquals("map: example 1: oneHot: label NaN is not an integer class index in [0, 2) (2 classes)",
          e.getMessage());
    }
  }
}
