package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TensorTest {
  static Tensor m23() {
    return Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
  }

  @Nested
  class Creation {
    @Test
    void shouldBuildFromFactories() {
      assertEquals(Shape.scalar(), Tensor.scalar(2).shape());
      assertEquals(2.0, Tensor.of(2).item());
      assertEquals(Tensor.of(new double[] {0, 0, 0, 0}, 2, 2), Tensor.zeros(2, 2));
      assertEquals(Tensor.full(Shape.of(3), 1), Tensor.ones(3));
      assertEquals(Tensor.vector(0, 1, 2), Tensor.arange(3));
      assertEquals(Tensor.vector(1, 1.5, 2), Tensor.arange(1, 2.5, 0.5));
      assertEquals(Tensor.matrix(new double[] {1, 0}, new double[] {0, 1}), Tensor.eye(2));
      assertEquals(Tensor.vector(0, 0.25, 0.5, 0.75, 1), Tensor.linspace(0, 1, 5));
    }

    @Test
    void shouldEndLinspaceExactlyAtItsEnd() {
      Tensor t = Tensor.linspace(-1.1, 0.7, 10);
      assertEquals(0.7, t.get(9));
    }

    @Test
    void shouldSampleReproduciblyFromAKey() {
      Tensor a = Tensor.normal(Key.of(3), Shape.of(1000), 2, 0.5);
      assertEquals(a, Tensor.normal(Key.of(3), Shape.of(1000), 2, 0.5));
      assertEquals(2, a.mean().item(), 0.1);
      Tensor u = Tensor.uniform(Key.of(4), Shape.of(100), -1, 1);
      assertTrue(u.ge(Tensor.scalar(-1)).times(u.lt(Tensor.scalar(1))).min().item() == 1);
    }

    @Test
    void shouldRejectBadArguments() {
      var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[3], 2, 2));
      assertEquals("Tensor.of: 3 values do not fill shape [2, 2] (4 elements)", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Tensor.matrix(new double[] {1}, new double[] {1, 2}));
      assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
      assertEquals("data is null", assertThrows(IllegalArgumentException.class,
          () -> Tensor.of((double[]) null, Shape.of(1))).getMessage());
    }

    @Test
    void shouldEncodeOneHotRows() {
      assertEquals(Tensor.matrix(new double[] {0, 1, 0}, new double[] {1, 0, 0}), Tensor.oneHot(new int[] {1, 0}, 3));
      assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(new int[] {3}, 3));
    }
  }

  @Nested
  class Broadcasting {
    @Test
    void shouldBroadcastRowsColumnsAndScalars() {
      Tensor col = Tensor.of(new double[] {10, 20}, 2, 1);
      Tensor row = Tensor.vector(1, 2, 3);
      assertEquals(Tensor.of(new double[] {11, 12, 13, 21, 22, 23}, 2, 3), col.plus(row));
      assertEquals(Tensor.of(new double[] {2, 4, 6, 8, 10, 12}, 2, 3), m23().times(Tensor.scalar(2)));
      assertEquals(m23().minus(1), m23().minus(Tensor.ones(1, 3)));
    }

    @Test
    void shouldNameBothShapesWhenShapesDoNotBroadcast() {
      var e = assertThrows(IllegalArgumentException.class, () -> m23().plus(Tensor.zeros(4)));
      assertTrue(e.getMessage().startsWith("plus: shapes [2, 3] and [4] do not broadcast"), e.getMessage());
    }

    @Test
    void shouldSumBackToTheBroadcastShape() {
      assertEquals(Tensor.of(new double[] {5, 7, 9}, 1, 3), m23().sumTo(Shape.of(1, 3)));
      assertEquals(m23(), Tensor.vector(1, 2, 3).broadcastTo(Shape.of(2, 3)).plus(Tensor.of(new double[] {0, 3}, 2, 1)));
    }

    @Test
    void shouldSelectWithWhere() {
      Tensor c = Tensor.vector(1, 0, 1);
      assertEquals(Tensor.of(new double[] {1, 0, 3, 4, 0, 6}, 2, 3), Tensor.where(c, m23(), Tensor.scalar(0)));
    }
  }

  @Nested
  class Reductions {
    @Test
    void shouldSumAContiguousBlockInFourRunningSumsThenPairwise() {
      // s0 = 1e16 + (-1e16) (the tail joins the first sum), s1 = s2 = s3 = 1: (0 + 1) + (1 + 1) = 3,
      // where one running sum loses each 1 against 1e16 (its ulp is 2) and gives 0
      Tensor x = Tensor.vector(1e16, 1, 1, 1, -1e16);
      assertEquals(Tensor.scalar(3), x.sum());
      assertEquals(Tensor.scalar(3, DType.FLOAT32), x.cast(DType.FLOAT32).sum());
      assertEquals(Tensor.of(new double[] {3, 6}, 2, 1), Tensor.of(new double[] {1e16, 1, 1, 1, -1e16, 1, 1, 1, 1, 2},
          2, 5).sum(new int[] {1}, true));
    }

    @Test
    void shouldReduceWithKeepDimsAndNegativeAxes() {
      assertEquals(Tensor.scalar(21), m23().sum());
      assertEquals(Tensor.vector(6, 15), m23().sum(new int[] {-1}, false));
      assertEquals(Tensor.of(new double[] {5, 7, 9}, 1, 3), m23().sum(new int[] {0}, true));
      assertEquals(Tensor.of(new double[] {3, 6}, 2, 1), m23().max(new int[] {-1}, true));
      assertEquals(Tensor.vector(1, 2, 3), m23().min(new int[] {-2}, false));
      assertEquals(Tensor.vector(2, 5), m23().mean(new int[] {1}, false));
      assertEquals(3.5, m23().mean().item());
    }

    @Test
    void shouldTakeTheFirstArgmax() {
      Tensor t = Tensor.matrix(new double[] {1, 3, 3}, new double[] {7, 2, 7});
      assertEquals(Tensor.of(new int[] {1, 0}, 2), t.argmax(1));
      assertEquals(Tensor.of(new int[] {1, 0, 1}, 3), t.argmax(0));
      assertEquals(DType.INT32, t.cast(DType.FLOAT32).argmax(1).dtype());
      assertEquals(Shape.of(0), Tensor.zeros(3, 0).argmax(0).shape());
      assertEquals(Shape.of(0), Tensor.zeros(0, 3).argmax(1).shape());
    }

    @Test
    void shouldComputeLogSumExpStablyAtLargeMagnitude() {
      assertEquals(10000 + Math.log(2), Tensor.vector(10000, 10000).logSumExp(0, false).item(), 1e-9);
      assertEquals(-10000 + Math.log(2), Tensor.vector(-10000, -10000).logSumExp(0, false).item(), 1e-9);
    }

    @Test
    void shouldGiveSoftmaxRowsSummingToOne() {
      Tensor s = Tensor.matrix(new double[] {1, 2, 3}, new double[] {1000, 0, -1000}).softmax(1);
      assertTrue(s.sum(new int[] {1}, false).allClose(Tensor.ones(2), 1e-12, 1e-12));
      assertTrue(s.allFinite());
    }
  }

  @Nested
  class Layouts {
    @Test
    void shouldReshapeWithAnInferredDimension() {
      assertEquals(Shape.of(3, 2), m23().reshape(-1, 2).shape());
      assertThrows(IllegalArgumentException.class, () -> m23().reshape(4, -1));
      assertThrows(IllegalArgumentException.class, () -> m23().reshape(-1, -1));
    }

    @Test
    void shouldPermuteAndTranspose() {
      Tensor t = m23().transpose();
      assertEquals(Tensor.matrix(new double[] {1, 4}, new double[] {2, 5}, new double[] {3, 6}), t);
      Tensor x = Tensor.arange(24).reshape(2, 3, 4);
      Tensor p = x.permute(2, 0, 1);
      assertEquals(Shape.of(4, 2, 3), p.shape());
      assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
      assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0, 1));
    }

    @Test
    void shouldMakeUnsliceTheAdjointOfSlice() {
      Tensor x = Tensor.uniform(Key.of(1), Shape.of(5, 6), -1, 1);
      int[] start = {1, 0};
      int[] stop = {5, 5};
      int[] step = {2, 3};
      Tensor y = x.slice(start, stop, step);
      assertEquals(Shape.of(2, 2), y.shape());
      Tensor yBar = Tensor.uniform(Key.of(2), y.shape(), -1, 1);
      assertEquals(y.times(yBar).sum().item(), x.times(yBar.unslice(x.shape(), start, step)).sum().item(), 1e-12);
    }

    @Test
    void shouldRejectAnUnsliceWithTooFewStarts() {
      assertThrows(IllegalArgumentException.class,
          () -> Tensor.zeros(2, 2).unslice(Shape.of(4, 4), new int[] {0}, new int[] {1}));
      assertEquals(Tensor.zeros(3), Tensor.zeros(0).unslice(Shape.of(3), new int[] {3}, new int[] {1}));
    }

    @Test
    void shouldSelectAlongAnAxis() {
      assertEquals(Tensor.vector(2, 5), m23().select(1, 1));
      assertEquals(Tensor.vector(4, 5, 6), m23().select(-2, 1));
      assertThrows(IllegalArgumentException.class, () -> m23().select(0, 2));
    }

    @Test
    void shouldConcatAndStack() {
      assertEquals(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, 4, 3), Tensor.concat(0, m23(), m23()));
      assertEquals(Shape.of(2, 6), Tensor.concat(-1, m23(), m23()).shape());
      assertEquals(Shape.of(2, 0), Tensor.concat(1, Tensor.zeros(2, 0), Tensor.zeros(2, 0)).shape());
      assertEquals(Shape.of(2, 2, 3), Tensor.stack(0, m23(), m23()).shape());
      assertEquals(Tensor.of(new double[] {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6}, 2, 3, 2), Tensor.stack(-1, m23(), m23()));
      var e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, m23(), Tensor.zeros(2, 2)));
      assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
    }
  }

  @Nested
  class ValuesAndText {
    @Test
    void shouldCompareByShapeAndBits() {
      assertEquals(m23(), m23());
      assertEquals(m23().hashCode(), m23().hashCode());
      assertNotEquals(m23(), m23().reshape(3, 2));
      assertEquals(Tensor.scalar(Double.NaN), Tensor.scalar(Double.NaN));
      assertNotEquals(Tensor.scalar(0.0), Tensor.scalar(-0.0));
    }

    @Test
    void shouldAbbreviateLargeTensors() {
      String s = Tensor.zeros(100, 100).toString();
      assertTrue(s.contains("..."), s);
      assertTrue(s.length() < 500, s);
      assertEquals("[[1, 2, 3],\n [4, 5, 6]] shape=[2, 3]", m23().toString());
      assertEquals("2.5", Tensor.scalar(2.5).toString());
      assertEquals("-0.0", Tensor.scalar(-0.0).toString());
    }

    @Test
    void shouldNotShareArraysWithCallers() {
      double[] in = {1, 2, 3};
      Tensor t = Tensor.of(in, 3);
      in[0] = 99;
      assertEquals(1.0, t.get(0));
      double[] out = t.toArray();
      out[1] = 99;
      assertArrayEquals(new double[] {1, 2, 3}, t.toArray());
      double[] v = {4, 5};
      Tensor u = Tensor.vector(v);
      v[0] = 0;
      assertEquals(Tensor.vector(4, 5), u);
    }

    @Test
    void shouldReadElementsAndRejectBadIndices() {
      assertEquals(6.0, m23().get(1, 2));
      assertThrows(IllegalArgumentException.class, () -> m23().get(2, 0));
      assertThrows(IllegalArgumentException.class, () -> m23().get(0));
      assertThrows(IllegalStateException.class, () -> m23().item());
    }
  }
}
