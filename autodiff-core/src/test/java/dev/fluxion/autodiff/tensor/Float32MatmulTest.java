package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** float32 matrix products run the float GEMM on float storage: float32 FMA chains, no widening. */
class Float32MatmulTest {
  static Tensor random(long seed, int... dims) {
    return Tensor.uniform(Key.of(seed), Shape.of(dims), -1, 1).cast(DType.FLOAT32);
  }

  /** {@code c[i,j]}: the float32 FMA chain over {@code p = 0..k-1} in order, as SGEMM accumulates. */
  static float[] chain(float[] a, float[] b, int m, int n, int k) {
    float[] c = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[i * k + p], b[p * n + j], s);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** Asserts {@code |got - want| <= 1e-5 * sqrt(k) * (1 + |want|)} elementwise, with the dtype float32. */
  static void assertFloatClose(Tensor want64, Tensor got32, int k) {
    assertEquals(DType.FLOAT32, got32.dtype());
    assertEquals(want64.shape(), got32.shape());
    double tol = 1e-5 * Math.sqrt(k);
    double[] w = want64.toArray();
    double[] g = got32.toArray();
    for (int i = 0; i < w.length; i++) {
      assertTrue(Math.abs(w[i] - g[i]) <= tol * (1 + Math.abs(w[i])), "element " + i + ": " + g[i] + " vs " + w[i]);
    }
  }

  @Nested
  class Accumulation {
    @Test
    void shouldBeTheFloat32FmaChainOnOddShapes() {
      int[][] mnk = {{1, 1, 1}, {3, 5, 7}, {17, 33, 65}, {64, 10, 128}, {9, 130, 300}, {131, 67, 257}};
      for (int[] s : mnk) {
        Tensor a = random(s[0] + 10L * s[2], s[0], s[2]);
        Tensor b = random(s[1] + 20L * s[2], s[2], s[1]);
        float[] got = a.matmul(b).toFloatArray();
        assertArrayEquals(chain(a.toFloatArray(), b.toFloatArray(), s[0], s[1], s[2]), got,
            s[0] + "x" + s[1] + "x" + s[2]);
      }
    }

    @Test
    void shouldDifferFromTheRoundedFloat64ProductOnlyWithinFloat32Tolerance() {
      int k = 1000;
      Tensor a = random(1, 40, k);
      Tensor b = random(2, k, 30);
      Tensor wide = a.cast(DType.FLOAT64).matmul(b.cast(DType.FLOAT64));
      Tensor narrow = a.matmul(b);
      assertFloatClose(wide, narrow, k);
      assertTrue(!narrow.equals(wide.cast(DType.FLOAT32)),
          "a float32 accumulation of 1000 terms should differ somewhere from the once-rounded float64 sum");
    }

    @Test
    void shouldRunLargeProductsOnTwoThreadsWithTheSameBits() {
      int m = 300;
      int n = 280;
      int k = 200;
      assertTrue((long) m * n * k > 1L << 21, "large enough for the two-thread split");
      Tensor a = random(3, m, k);
      Tensor b = random(4, k, n);
      assertArrayEquals(chain(a.toFloatArray(), b.toFloatArray(), m, n, k), a.matmul(b).toFloatArray());
    }
  }

  @Nested
  class Transposes {
    @Test
    void shouldAgreeBitForBitWithTheMaterializedTranspose() {
      int[][] shapes = {{1, 1, 1}, {5, 3, 9}, {64, 10, 128}, {33, 70, 257}, {300, 280, 200}};
      for (int[] s : shapes) {
        Tensor a = random(5 + s[0], s[0], s[2]);
        Tensor b = random(6 + s[1], s[1], s[2]);
        Tensor at = random(7 + s[0], s[2], s[0]);
        Tensor c = random(8 + s[1], s[2], s[1]);
        String where = s[0] + "x" + s[1] + "x" + s[2];
        assertEquals(a.matmul(b.transpose()), a.matmulTransposed(b), where);
        assertEquals(at.transpose().matmul(c), at.transposedMatmul(c), where);
        assertEquals(DType.FLOAT32, a.matmulTransposed(b).dtype());
        assertFloatClose(a.cast(DType.FLOAT64).matmulTransposed(b.cast(DType.FLOAT64)), a.matmulTransposed(b), s[2]);
        assertFloatClose(at.cast(DType.FLOAT64).transposedMatmul(c.cast(DType.FLOAT64)), at.transposedMatmul(c), s[2]);
      }
    }

    @Test
    void shouldRejectMixedDTypesNamingBoth() {
      Tensor a = random(1, 3, 4);
      Tensor b = Tensor.ones(5, 4);
      for (var call : new java.util.function.Supplier<?>[] {() -> a.matmulTransposed(b), () -> a.matmul(b.transpose()),
          () -> b.transposedMatmul(a.transpose())}) {
        var e = assertThrows(IllegalArgumentException.class, call::get);
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
      }
    }
  }

  @Nested
  class Batches {
    @Test
    void shouldBroadcastBatchesAsSeparateProducts() {
      Tensor a = random(11, 3, 1, 5, 7);
      Tensor b = random(12, 4, 7, 6);
      Tensor c = a.matmul(b);
      assertEquals(Shape.of(3, 4, 5, 6), c.shape());
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          Tensor want = a.select(0, i).select(0, 0).matmul(b.select(0, j));
          assertEquals(want, c.select(0, i).select(0, j), "batch " + i + "," + j);
        }
      }
      assertFloatClose(a.cast(DType.FLOAT64).matmul(b.cast(DType.FLOAT64)), c, 7);
    }

    @Test
    void shouldTreatVectorsAsRowsAndColumns() {
      Tensor v = random(13, 9);
      Tensor m = random(14, 9, 4);
      Tensor u = random(15, 4);
      assertEquals(v.reshape(1, 9).matmul(m).reshape(4), v.matmul(m));
      assertEquals(m.transpose().matmul(v.reshape(9, 1)).reshape(4), m.transpose().matmul(v));
      assertEquals(Shape.of(), v.matmul(v).shape());
      float[] dot = chain(v.toFloatArray(), v.toFloatArray(), 1, 1, 9);
      assertEquals(dot[0], v.matmul(v).toFloatArray()[0]);
      assertEquals(DType.FLOAT32, m.matmul(u).dtype());
    }

    @Test
    void shouldHandleEmptyDimensions() {
      Tensor a = Tensor.zeros(Shape.of(3, 0), DType.FLOAT32);
      Tensor b = Tensor.zeros(Shape.of(0, 2), DType.FLOAT32);
      assertEquals(Tensor.zeros(Shape.of(3, 2), DType.FLOAT32), a.matmul(b));
      assertEquals(Tensor.zeros(Shape.of(0, 2), DType.FLOAT32), a.transpose().matmul(Tensor.zeros(Shape.of(3, 2), DType.FLOAT32)));
    }
  }

  @Test
  void shouldComputeTheChainOnFloatsGivenDirectly() {
    SplittableRandom r = new SplittableRandom(42);
    float[] a = new float[6 * 4];
    float[] b = new float[4 * 5];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextDouble(-3, 3);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextDouble(-3, 3);
    }
    assertArrayEquals(chain(a, b, 6, 5, 4), Tensor.of(a, 6, 4).matmul(Tensor.of(b, 4, 5)).toFloatArray());
  }
}
