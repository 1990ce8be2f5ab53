package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** int32 tensors: factories, conversions, errors on arithmetic, and gather/scatterAdd against a direct loop. */
class IndicesTensorTest {
  @Test
  void shouldHoldIndicesAsInt32AndCopyOnTheWayInAndOut() {
    int[] data = {3, 0, 7, 1, 2, 2};
    Tensor t = Tensor.of(data, 2, 3);
    data[0] = 99;
    assertEquals(DType.INT32, t.dtype());
    assertEquals(3, t.get(0, 0));
    int[] out = t.toIntArray();
    out[1] = 42;
    assertEquals(0, t.get(0, 1));
    assertArrayEquals(new double[] {3, 0, 7, 1, 2, 2}, t.toArray());
    assertEquals(Tensor.of(new int[] {3, 0, 7, 1, 2, 2}, 3, 2), t.reshape(3, 2));
    assertEquals("[[3, 0, 7],\n [1, 2, 2]] shape=[2, 3] dtype=int32", t.toString());
    assertEquals(t, Tensor.of(new int[] {3, 0, 7, 1, 2, 2}, 2, 3));
    assertEquals(t.hashCode(), Tensor.of(new int[] {3, 0, 7, 1, 2, 2}, 2, 3).hashCode());
    assertNotEquals(t, t.cast(DType.FLOAT64));
    assertTrue(t.allFinite());
    assertEquals(DType.INT32, DType.of("int32"));
    fails(() -> DType.floatOf("int32"), "expected float32 or float64");
    fails(() -> DType.of("float16"), "expected float32, float64 or int32");
    assertFalse(DType.INT32.isFloat());
  }

  @Test
  void shouldConvertBetweenIndicesAndFloatsTruncatingTowardZero() {
    Tensor f = Tensor.vector(2.9, -2.9, 0.0, 2147483647.0);
    assertEquals(Tensor.of(new int[] {2, -2, 0, Integer.MAX_VALUE}, 4), f.cast(DType.INT32));
    assertEquals(Tensor.vector(2, -2, 0, 2147483647.0), f.cast(DType.INT32).cast(DType.FLOAT64));
    assertEquals(Tensor.of(new float[] {5, -1}, 2), Tensor.of(new int[] {5, -1}, 2).cast(DType.FLOAT32));
    assertEquals(Tensor.of(new int[] {1, 2}, 2), Tensor.of(new float[] {1.5f, 2.5f}, 2).cast(DType.INT32));
    assertEquals(Tensor.of(new int[] {7, 7}, 2), Tensor.full(Shape.of(2), 7, DType.INT32));
    assertEquals(Tensor.of(new int[] {0, 0, 0}, 3), Tensor.zeros(Shape.of(3), DType.INT32));
  }

  @Test
  void shouldRejectConversionsThatWouldGiveAWrongIndex() {
    fails(() -> Tensor.vector(1, Double.NaN).cast(DType.INT32), "element 1 is NaN");
    fails(() -> Tensor.vector(3e9).cast(DType.INT32), "element 0 is 3.0E9");
    fails(() -> Tensor.full(Shape.of(2), 1.5, DType.INT32), "1.5 is not an integer");
    fails(() -> Tensor.of(new int[] {1, 2}, 3), "2 indices do not fill shape [3]");
    assertThrows(IllegalStateException.class, DType.INT32::epsilon);
  }

  @Test
  void shouldRefuseArithmeticOnIndicesSayingToCastFirst() {
    Tensor i = Tensor.of(new int[] {1, 2}, 2);
    fails(() -> i.plus(i), "plus: int32 tensors hold indices", "cast");
    fails(() -> i.exp(), "holds indices, not float64 numbers", "cast(DType.FLOAT64)");
    fails(() -> i.sum(), "holds indices");
    fails(() -> i.plus(Tensor.vector(1, 2)), "dtypes int32 and float64 differ");
    fails(() -> Tensor.vector(1, 2).toIntArray(), "must be an int32 tensor, not float64");
  }

  @Test
  void shouldGatherAsNumpyTakeAndReportIndicesOutOfRange() {
    Tensor x = Tensor.arange(24).reshape(2, 3, 4);
    Tensor idx = Tensor.of(new int[] {2, 0, 2}, 3);
    Tensor y = x.gather(idx, 1);
    assertEquals(Shape.of(2, 3, 4), y.shape());
    assertEquals(x.get(1, 2, 3), y.get(1, 0, 3));
    assertEquals(x.get(0, 0, 1), y.get(0, 1, 1));
    Tensor z = x.gather(Tensor.of(new int[] {0, 1, 3, 3, 2, 1}, 2, 3), -1);
    assertEquals(Shape.of(2, 3, 2, 3), z.shape());
    assertEquals(x.get(1, 2, 3), z.get(1, 2, 1, 0));
    assertEquals(Tensor.vector(8, 9, 10, 11), x.reshape(6, 4).gather(Tensor.of(new int[] {2}), 0));
    assertEquals(Tensor.of(new int[] {7, 5, 7}, 3), Tensor.of(new int[] {5, 6, 7}, 3).gather(idx, 0));
    fails(() -> x.gather(Tensor.of(new int[] {0, 3}, 2), 1), "index 3 at flat position 1", "[0, 3)");
    fails(() -> x.gather(Tensor.of(new int[] {-1}, 1), 0), "index -1 at flat position 0");
    fails(() -> x.gather(Tensor.vector(0, 1), 0), "must be an int32 tensor, not float64");
    fails(() -> x.gather(idx, 3), "gather: axis 3 is out of range");
  }

  @Test
  void shouldMatchADirectLoopAndBeTheTransposeOfGatherInBothDTypes() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 40; trial++) {
      int pre = rng.nextInt(1, 4);
      int n = rng.nextInt(1, 6);
      int post = rng.nextInt(1, 4);
      int m = rng.nextInt(0, 7);
      int[] ids = new int[m];
      for (int j = 0; j < m; j++) {
        ids[j] = rng.nextInt(n);
      }
      Tensor idx = Tensor.of(ids, m);
      Tensor x = Tensor.uniform(Key.of(trial), Shape.of(pre, n, post), -1, 1);
      Tensor u = Tensor.uniform(Key.of(100 + trial), Shape.of(pre, m, post), -1, 1);
      Tensor g = x.gather(idx, 1);
      Tensor s = u.scatterAdd(idx, 1, n);
      double[] sum = new double[pre * n * post];
      for (int o = 0; o < pre; o++) {
        for (int j = 0; j < m; j++) {
          for (int e = 0; e < post; e++) {
            assertEquals(x.get(o, ids[j], e), g.get(o, j, e));
            sum[(o * n + ids[j]) * post + e] += u.get(o, j, e);
          }
        }
      }
      assertEquals(Tensor.of(sum, pre, n, post), s);
      double lhs = g.times(u).sum().item();
      double rhs = x.times(s).sum().item();
      assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)), "<gather x, u> = <x, scatterAdd u>");
      Tensor x32 = x.cast(DType.FLOAT32);
      assertEquals(g.cast(DType.FLOAT32), x32.gather(idx, 1), "float32 gather copies");
      assertTrue(u.cast(DType.FLOAT32).scatterAdd(idx, 1, n).allClose(s, 1e-6, 1e-6));
    }
  }

  @Test
  void shouldRejectScatterShapesThatDoNotHoldTheIndices() {
    Tensor u = Tensor.zeros(Shape.of(2, 3));
    fails(() -> u.scatterAdd(Tensor.of(new int[] {0, 1}, 2), 1, 4), "do not hold indices of shape [2]");
    fails(() -> u.scatterAdd(Tensor.of(new int[] {0, 1, 4}, 3), 1, 4), "index 4 at flat position 2");
  }

  private static void fails(Executable e, String... parts) {
    String m = assertThrows(IllegalArgumentException.class, e).getMessage();
    for (String p : parts) {
      assertTrue(m.contains(p), () -> "message '" + m + "' lacks '" + p + "'");
    }
  }
}
