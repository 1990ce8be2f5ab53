package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GemmKernelTest {
  static final int[] SIZES = {1, 3, 7, 17, 63, 65, 129, 300};

  static double[] random(SplittableRandom r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = r.nextDouble(-1, 1);
    }
    return d;
  }

  /** The reference: {@code C(i,j) = fma chain over p} with A(i,p), B(p,j) read through strides. */
  static double[] naive(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs,
      int bcs) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[aOff + i * ars + p * acs], b[bOff + p * brs + j * bcs], s);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** Runs all three variants for one size with offsets and checks them against the reference. */
  static void check(int m, int n, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int aOff = 3;
    int bOff = 5;
    int cOff = 2;
    double[] a = random(r, aOff + m * k + 1);
    double[] b = random(r, bOff + k * n + 1);
    String at = m + "x" + n + "x" + k;
    double[] c = new double[cOff + m * n + 1];
    GemmKernel.gemm(m, n, k, a, aOff, b, bOff, c, cOff);
    assertArrayEquals(naive(m, n, k, a, aOff, k, 1, b, bOff, n, 1), slice(c, cOff, m * n), "gemm " + at);
    GemmKernel.gemmTN(m, n, k, a, aOff, b, bOff, c, cOff);
    assertArrayEquals(naive(m, n, k, a, aOff, 1, m, b, bOff, n, 1), slice(c, cOff, m * n), "gemmTN " + at);
    GemmKernel.gemmNT(m, n, k, a, aOff, b, bOff, c, cOff);
    assertArrayEquals(naive(m, n, k, a, aOff, k, 1, b, bOff, 1, k), slice(c, cOff, m * n), "gemmNT " + at);
    assertEquals(0.0, c[0]);
    assertEquals(0.0, c[c.length - 1]);
  }

  static double[] slice(double[] c, int off, int len) {
    return java.util.Arrays.copyOfRange(c, off, off + len);
  }

  @Nested
  class Kernel {
    @Test
    void shouldMatchTheNaiveLoopOnEdgeSizes() {
      long seed = 0;
      for (int m : SIZES) {
        for (int n : new int[] {1, 7, 65, 129}) {
          check(m, n, SIZES[(int) (seed++ % SIZES.length)], seed);
        }
      }
      for (int k : SIZES) {
        check(17, 63, k, seed++);
      }
      check(300, 300, 300, seed);
    }

    @Test
    void shouldMatchTheNaiveLoopOnRandomSizes() {
      SplittableRandom r = new SplittableRandom(42);
      for (int t = 0; t < 20; t++) {
        check(1 + r.nextInt(90), 1 + r.nextInt(150), 1 + r.nextInt(300), t);
      }
    }

    @Test
    void shouldZeroTheOutputWhenTheInnerDimensionIsEmpty() {
      double[] c = {7, 7, 7, 7};
      GemmKernel.gemm(2, 2, 0, new double[0], 0, new double[0], 0, c, 0);
      assertArrayEquals(new double[4], c);
    }

    @Test
    void shouldBeBitIdenticalWithAndWithoutThreads() {
      SplittableRandom r = new SplittableRandom(7);
      int m = 301;
      int n = 130;
      int k = 129;
      assertTrue(GemmKernel.bands(m, n, k) >= 2, "large enough to be cut into bands");
      double[] a = random(r, m * k);
      double[] b = random(r, k * n);
      double[] serial = new double[m * n];
      double[] threaded = new double[m * n];
      for (int[] st : new int[][] {{k, 1, n, 1}, {1, m, n, 1}, {k, 1, 1, k}}) {
        GemmKernel.multiply(m, n, k, a, 0, st[0], st[1], b, 0, st[2], st[3], serial, 0, false);
        for (int rep = 0; rep < 3; rep++) {
          GemmKernel.multiply(m, n, k, a, 0, st[0], st[1], b, 0, st[2], st[3], threaded, 0, true);
          assertArrayEquals(serial, threaded);
        }
      }
    }
  }

  @Nested
  class Matmul {
    @Test
    void shouldMultiplyMatrices() {
      Tensor a = Tensor.matrix(new double[] {1, 2}, new double[] {3, 4});
      Tensor b = Tensor.matrix(new double[] {5, 6}, new double[] {7, 8});
      assertEquals(Tensor.matrix(new double[] {19, 22}, new double[] {43, 50}), a.matmul(b));
    }

    @Test
    void shouldMultiplyBatchesAndBroadcastBatchDimensions() {
      Tensor a = Tensor.uniform(Key.of(1), Shape.of(2, 1, 3, 4), -1, 1);
      Tensor b = Tensor.uniform(Key.of(2), Shape.of(5, 4, 6), -1, 1);
      Tensor c = a.matmul(b);
      assertEquals(Shape.of(2, 5, 3, 6), c.shape());
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 5; j++) {
          Tensor expect = a.select(0, i).select(0, 0).matmul(b.select(0, j));
          assertEquals(expect, c.select(0, i).select(0, j));
        }
      }
    }

    @Test
    void shouldTreatRankOneOperandsAsVectors() {
      Tensor m = Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6});
      assertEquals(Tensor.vector(14, 32), m.matmul(Tensor.vector(1, 2, 3)));
      assertEquals(Tensor.vector(9, 12, 15), Tensor.vector(1, 2).matmul(m));
      assertEquals(Tensor.scalar(32), Tensor.vector(1, 2, 3).matmul(Tensor.vector(4, 5, 6)));
    }

    @Test
    void shouldNameBothShapesWhenInnerDimensionsDiffer() {
      var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(64, 784).matmul(Tensor.zeros(128, 10)));
      assertEquals("matmul: [64, 784] @ [128, 10]: inner dimensions 784 and 128 differ", e.getMessage());
    }

    @Test
    void shouldRejectScalarsAndMismatchedBatches() {
      assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(2, 2)));
      var e = assertThrows(IllegalArgumentException.class,
          () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
      assertTrue(e.getMessage().contains("batch dimensions [2] and [3]"), e.getMessage());
    }
  }
}
