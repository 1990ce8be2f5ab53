package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.internal.Parallel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** GEMM on the pool (float64 and float32): the same bits for any thread count and provider, nested and concurrent calls. */
class GemmThreadsTest {
  static final int[] THREADS = {1, 2, 4, 8};
  /** Split by rows, by columns (A the smaller operand, the MLP's 64x784x128), odd sizes, and n = 1024's bands. */
  static final int[][] SPLIT = {{300, 200, 100}, {64, 128, 784}, {131, 77, 257}, {37, 515, 300}, {1024, 96, 64}};

  /** {@code C = A @ B} for random A, B seeded by the sizes, through {@code provider} with bands allowed. */
  static double[] product(GemmProvider provider, int m, int n, int k) {
    double[] a = GemmKernelTest.random(new SplittableRandom(m * 31L + k), m * k);
    double[] b = GemmKernelTest.random(new SplittableRandom(n * 17L + k), k * n);
    double[] c = new double[m * n];
    GemmKernel.multiply(provider, m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, true);
    return c;
  }

  /** The same product on the calling thread alone, in one band. */
  static double[] serial(GemmProvider provider, int m, int n, int k) {
    double[] a = GemmKernelTest.random(new SplittableRandom(m * 31L + k), m * k);
    double[] b = GemmKernelTest.random(new SplittableRandom(n * 17L + k), k * n);
    double[] c = new double[m * n];
    GemmKernel.multiply(provider, m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, false);
    return c;
  }

  @Nested
  class Bands {
    @Test
    void shouldDependOnTheSizesOnly() {
      for (int threads : THREADS) {
        ThreadsTest.withThreads(threads, () -> {
          assertEquals(8, GemmKernel.bands(1024, 1024, 1024), "bands of 128 rows");
          assertEquals(4, GemmKernel.bands(784, 128, 64), "784 rows: 4 bands of at least 128");
          assertEquals(2, GemmKernel.bands(64, 128, 784), "two bands of 64 columns, never thinner ones");
          assertEquals(1, GemmKernel.bands(64, 10, 128), "small products stay on the caller");
          assertEquals(1, GemmKernel.bands(7, 7, 100_000), "fewer than two micro-tiles of rows or columns");
          return null;
        });
      }
      for (int[] s : SPLIT) {
        assertTrue(GemmKernel.bands(s[0], s[1], s[2]) >= 2, "split " + java.util.Arrays.toString(s));
      }
    }

    @Test
    void shouldCoverEveryRowAndColumnOnceWithWholeTiles() {
      for (int extent : new int[] {8, 64, 100, 1023, 1024}) {
        for (int bands = 1; bands <= Parallel.MAX_CHUNKS && bands <= extent / 4; bands *= 2) {
          assertEquals(0, GemmKernel.bandStart(extent, 4, bands, 0));
          assertEquals(extent, GemmKernel.bandStart(extent, 4, bands, bands));
          for (int t = 1; t < bands; t++) {
            int s = GemmKernel.bandStart(extent, 4, bands, t);
            assertEquals(0, s % 4);
            assertTrue(s > GemmKernel.bandStart(extent, 4, bands, t - 1), "band " + t + " of " + bands + " over " + extent);
          }
        }
      }
    }
  }

  @Nested
  class BitIdentity {
    @Test
    void shouldGiveTheSerialBitsForOneTwoFourAndEightThreadsWithBothProviders() {
      for (GemmProvider p : GemmProviderTest.providers()) {
        for (int[] s : SPLIT) {
          double[] want = serial(p, s[0], s[1], s[2]);
          assertArrayEquals(GemmKernelTest.naive(s[0], s[1], s[2],
              GemmKernelTest.random(new SplittableRandom(s[0] * 31L + s[2]), s[0] * s[2]), 0, s[2], 1,
              GemmKernelTest.random(new SplittableRandom(s[1] * 17L + s[2]), s[2] * s[1]), 0, s[1], 1), want);
          for (int threads : THREADS) {
            double[] got = ThreadsTest.withThreads(threads, () -> product(p, s[0], s[1], s[2]));
            assertArrayEquals(want, got, p.describe() + " " + threads + " threads " + java.util.Arrays.toString(s));
          }
        }
      }
    }
  }

  @Nested
  class Float32 {
    @Test
    void shouldGiveTheSameBitsForOneTwoFourAndEightThreadsWithBothProviders() {
      for (GemmProvider p : GemmProviderTest.providers()) {
        for (int[] s : SPLIT) {
          for (String layout : SgemmTest.LAYOUTS) {
            float[] want = SgemmTest.product(p, layout, s[0], s[1], s[2], 23, false);
            for (int threads : THREADS) {
              float[] got = ThreadsTest.withThreads(threads, () -> SgemmTest.product(p, layout, s[0], s[1], s[2], 23, true));
              assertArrayEquals(want, got, p.describe() + " " + layout + " " + threads + " threads " + java.util.Arrays.toString(s));
            }
          }
        }
      }
    }
  }

  @Nested
  class Callers {
    @Test
    void shouldRunNestedProductsFromInsideChunksWithoutDeadlock() {
      double[] want = serial(GemmKernel.PROVIDER, 300, 200, 100);
      double[][] got = new double[8][];
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ThreadsTest.withThreads(4, () -> {
        Parallel.forEach(8, t -> got[t] = product(GemmKernel.PROVIDER, 300, 200, 100));
        return null;
      }));
      for (double[] c : got) {
        assertArrayEquals(want, c);
      }
    }

    @Test
    void shouldServeSeveralCallerThreadsAtOnceWithTheSerialResults() throws Exception {
      int[][] sizes = {{256, 256, 256}, {64, 128, 784}, {300, 200, 100}, {37, 515, 300}};
      List<double[]> want = new ArrayList<>();
      for (int[] s : sizes) {
        want.add(serial(GemmKernel.PROVIDER, s[0], s[1], s[2]));
      }
      for (int threads : new int[] {2, 8}) {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
          assertTimeoutPreemptively(Duration.ofSeconds(120), () -> ThreadsTest.withThreads(threads, () -> {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int caller = 0; caller < 4; caller++) {
              int[] s = sizes[caller];
              double[] w = want.get(caller);
              all.add(callers.submit(() -> {
                for (int rep = 0; rep < 6; rep++) {
                  assertArrayEquals(w, product(GemmKernel.PROVIDER, s[0], s[1], s[2]));
                }
                return true;
              }));
            }
            for (Future<Boolean> f : all) {
              assertTrue(assertDoesNotThrowGet(f));
            }
            return null;
          }));
        } finally {
          callers.shutdownNow();
        }
      }
    }
  }

  private static boolean assertDoesNotThrowGet(Future<Boolean> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new AssertionError("a caller failed", e);
    }
  }
}
