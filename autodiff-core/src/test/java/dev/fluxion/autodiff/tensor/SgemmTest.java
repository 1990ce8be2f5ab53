package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@code float} GEMM: accuracy against a {@code double} reference, bit-identity with the
 * {@code float} FMA chain, across providers, layouts and the split into bands.
 */
class SgemmTest {
  static final int[] SIZES = {1, 3, 17, 33, 65, 129};
  /** NN, TN (A stored transposed), NT (B stored transposed). */
  static final String[] LAYOUTS = {"NN", "TN", "NT"};
  static final float EPS = Math.ulp(1f);

  static float[] random(SplittableRandom r, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) r.nextDouble(-1, 1);
    }
    return f;
  }

  /** Strides {@code {ars, acs, brs, bcs}} of a layout for an {@code m x k} by {@code k x n} product. */
  static int[] strides(String layout, int m, int n, int k) {
    return switch (layout) {
      case "TN" -> new int[] {1, m, n, 1};
      case "NT" -> new int[] {k, 1, 1, k};
      default -> new int[] {k, 1, n, 1};
    };
  }

  /** The specification: {@code s = fma(A(i,p), B(p,j), s)} in {@code float} over {@code p} in order. */
  static float[] chain(int m, int n, int k, float[] a, int aOff, int[] st, float[] b, int bOff) {
    float[] c = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[aOff + i * st[0] + p * st[1]], b[bOff + p * st[2] + j * st[3]], s);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** {@code {exact, scale}}: the product of the same {@code float} inputs in {@code double}, and {@code sum |a||b|}. */
  static double[][] wide(int m, int n, int k, float[] a, int aOff, int[] st, float[] b, int bOff) {
    double[][] r = new double[2][m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        double scale = 0;
        for (int p = 0; p < k; p++) {
          double x = (double) a[aOff + i * st[0] + p * st[1]] * b[bOff + p * st[2] + j * st[3]];
          s += x;
          scale += Math.abs(x);
        }
        r[0][i * n + j] = s;
        r[1][i * n + j] = scale;
      }
    }
    return r;
  }

  /** Multiplies with offsets through {@code provider}; returns C and checks the guard cells stay untouched. */
  static float[] product(GemmProvider provider, String layout, int m, int n, int k, long seed, boolean threads) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = random(r, 3 + m * k + 1);
    float[] b = random(r, 5 + k * n + 1);
    int[] st = strides(layout, m, n, k);
    float[] c = new float[2 + m * n + 1];
    Arrays.fill(c, 9f);
    GemmKernel.multiply(provider, m, n, k, a, 3, st[0], st[1], b, 5, st[2], st[3], c, 2, threads);
    String at = layout + " " + m + "x" + n + "x" + k;
    assertEquals(9f, c[0], at);
    assertEquals(9f, c[c.length - 1], at);
    float[] got = Arrays.copyOfRange(c, 2, 2 + m * n);
    assertArrayEquals(chain(m, n, k, a, 3, st, b, 5), got, provider.describe() + " " + at);
    return got;
  }

  @Nested
  class Accuracy {
    @Test
    void shouldMatchTheDoubleProductWithinFloatRounding() {
      for (String layout : LAYOUTS) {
        for (int m : SIZES) {
          for (int k : new int[] {1, 17, 300, 1000}) {
            int n = 33;
            SplittableRandom r = new SplittableRandom(m * 31L + k);
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            int[] st = strides(layout, m, n, k);
            float[] c = new float[m * n];
            GemmKernel.multiply(m, n, k, a, 0, st[0], st[1], b, 0, st[2], st[3], c, 0, true);
            double[][] ref = wide(m, n, k, a, 0, st, b, 0);
            for (int e = 0; e < m * n; e++) {
              double tol = 2 * Math.sqrt(k) * EPS * ref[1][e] + Float.MIN_NORMAL;
              assertTrue(Math.abs(c[e] - ref[0][e]) <= tol, layout + " " + m + "x" + n + "x" + k + " element " + e
                  + ": " + c[e] + " vs " + ref[0][e] + " (tolerance " + tol + ")");
            }
          }
        }
      }
    }

    @Test
    void shouldAccumulateInFloatNotInDouble() {
      int m = 17;
      int n = 33;
      int k = 1000;
      SplittableRandom r = new SplittableRandom(3);
      float[] a = random(r, m * k);
      float[] b = random(r, k * n);
      float[] c = new float[m * n];
      GemmKernel.gemm(m, n, k, a, 0, b, 0, c, 0);
      double[] exact = wide(m, n, k, a, 0, strides("NN", m, n, k), b, 0)[0];
      int differ = 0;
      for (int e = 0; e < m * n; e++) {
        differ += c[e] != (float) exact[e] ? 1 : 0;
      }
      assertTrue(differ > m * n / 4, differ + " of " + m * n + " elements differ from the rounded double sum");
    }

    @Test
    void shouldHandleLayoutsThroughTheNamedEntries() {
      SplittableRandom r = new SplittableRandom(5);
      int m = 33;
      int n = 17;
      int k = 65;
      float[] a = random(r, m * k);
      float[] b = random(r, k * n);
      float[] c = new float[m * n];
      GemmKernel.gemm(m, n, k, a, 0, b, 0, c, 0);
      assertArrayEquals(chain(m, n, k, a, 0, strides("NN", m, n, k), b, 0), c);
      GemmKernel.gemmTN(m, n, k, a, 0, b, 0, c, 0);
      assertArrayEquals(chain(m, n, k, a, 0, strides("TN", m, n, k), b, 0), c);
      GemmKernel.gemmNT(m, n, k, a, 0, b, 0, c, 0);
      assertArrayEquals(chain(m, n, k, a, 0, strides("NT", m, n, k), b, 0), c);
    }
  }

  @Nested
  class Providers {
    @Test
    void shouldEqualTheFloatFmaChainOnEdgeSizesWithBothProviders() {
      for (GemmProvider p : GemmProviderTest.providers()) {
        long seed = 0;
        for (String layout : LAYOUTS) {
          for (int m : SIZES) {
            for (int n : SIZES) {
              product(p, layout, m, n, SIZES[(int) (seed++ % SIZES.length)], seed, false);
            }
          }
          for (int k : SIZES) {
            product(p, layout, 17, 65, k, seed++, false);
          }
        }
      }
    }

    @Test
    void shouldCrossTheColumnRowAndInnerBlocksOfBothProviders() {
      for (GemmProvider p : GemmProviderTest.providers()) {
        product(p, "NN", 9, 4100, 260, 5, true);
        product(p, "TN", 300, 70, 513, 6, true);
      }
    }

    @Test
    void shouldEqualTheChainOnProductsAtMostOneVectorWide() {
      // n <= 16 runs the narrow 12-row tile on 512-bit vectors; k = 600 crosses two inner blocks
      // (the later ones accumulate into C), m = 300 with n = 16 is split into bands of rows
      for (GemmProvider p : GemmProviderTest.providers()) {
        for (String layout : LAYOUTS) {
          for (int n : new int[] {1, 10, 16}) {
            for (int m : new int[] {12, 25, 300}) {
              product(p, layout, m, n, 600, m * 7L + n, true);
            }
          }
        }
      }
    }

    @Test
    void shouldBeBitIdenticalAcrossProvidersAndThreadSplits() {
      // 301x130: split by rows; 64x784: A is smaller, split by columns; both above 2^21 mnk.
      int[][] shapes = {{301, 130, 129}, {64, 784, 65}, {129, 33, 1000}};
      for (int[] s : shapes) {
        for (String layout : LAYOUTS) {
          List<float[]> results = new ArrayList<>();
          for (GemmProvider p : GemmProviderTest.providers()) {
            for (boolean threads : new boolean[] {false, true}) {
              results.add(product(p, layout, s[0], s[1], s[2], 17, threads));
            }
          }
          for (float[] c : results) {
            assertArrayEquals(results.get(0), c, layout + " " + Arrays.toString(s));
          }
        }
      }
    }
  }

  @Nested
  class EmptyDimensions {
    @Test
    void shouldZeroTheOutputWhenTheInnerDimensionIsEmpty() {
      for (GemmProvider p : GemmProviderTest.providers()) {
        float[] c = {7, 7, 7, 7, 7, 7, 7};
        GemmKernel.multiply(p, 2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 1, true);
        assertArrayEquals(new float[] {7, 0, 0, 0, 0, 7, 7}, c);
      }
    }

    @Test
    void shouldLeaveTheOutputAloneWhenItHasNoRowsOrColumns() {
      float[] c = {7, 7};
      GemmKernel.gemm(0, 2, 3, new float[0], 0, new float[6], 0, c, 0);
      GemmKernel.gemm(2, 0, 3, new float[6], 0, new float[0], 0, c, 0);
      assertArrayEquals(new float[] {7, 7}, c);
    }
  }
}
