package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Both GEMM providers, explicitly: agreement with the FMA-chain reference, loading and fallback. */
class GemmProviderTest {
  static final int[] SIZES = GemmKernelTest.SIZES;
  static final int[][] STRIDES = {{1, 0, 1, 0}, {0, 1, 1, 0}, {1, 0, 0, 1}};

  static boolean moduleInBootLayer() {
    return ModuleLayer.boot().findModule(GemmProvider.VECTOR_MODULE).isPresent();
  }

  static List<GemmProvider> providers() {
    List<GemmProvider> all = new ArrayList<>(List.of(new ScalarGemm()));
    GemmProvider v = GemmProvider.vector();
    if (v != null) {
      all.add(v);
    }
    return all;
  }

  /** gemm, gemmTN and gemmNT through {@code provider}, with offsets, each checked bit for bit. */
  static void check(GemmProvider provider, int m, int n, int k, long seed, boolean threads) {
    SplittableRandom r = new SplittableRandom(seed);
    int aOff = 3;
    int bOff = 5;
    int cOff = 2;
    double[] a = GemmKernelTest.random(r, aOff + m * k + 1);
    double[] b = GemmKernelTest.random(r, bOff + k * n + 1);
    for (int[] t : STRIDES) {
      int ars = t[0] == 1 ? k : 1;
      int acs = t[0] == 1 ? 1 : m;
      int brs = t[2] == 1 ? n : 1;
      int bcs = t[2] == 1 ? 1 : k;
      double[] c = new double[cOff + m * n + 1];
      GemmKernel.multiply(provider, m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, threads);
      double[] want = GemmKernelTest.naive(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs);
      String at = provider.getClass().getSimpleName() + " " + m + "x" + n + "x" + k + " strides "
          + ars + "," + acs + "," + brs + "," + bcs;
      assertArrayEquals(want, GemmKernelTest.slice(c, cOff, m * n), at);
      assertEquals(0.0, c[0], at);
      assertEquals(0.0, c[c.length - 1], at);
    }
  }

  @Test
  void shouldLoadTheVectorProviderWhenTheModuleIsPresent() {
    if (moduleInBootLayer()) {
      GemmProvider v = GemmProvider.vector();
      assertNotNull(v, "jdk.incubator.vector is in the boot layer but VectorGemm did not load");
      assertEquals("VectorGemm", v.getClass().getSimpleName());
      assertTrue(v.describe().startsWith("VectorGemm"), v.describe());
      if (!"scalar".equals(System.getProperty(GemmProvider.PROPERTY))) {
        assertEquals(v.getClass(), GemmKernel.PROVIDER.getClass());
      }
    } else {
      assertInstanceOf(ScalarGemm.class, GemmKernel.PROVIDER);
    }
  }

  @Test
  void shouldDescribeTheActiveProviderThroughTensor() {
    String described = Tensor.gemmProvider();
    assertEquals(GemmKernel.PROVIDER.describe(), described);
    assertTrue(described.startsWith(moduleInBootLayer() ? "VectorGemm" : "ScalarGemm"), described);
  }

  @Test
  void shouldFallBackToScalarWhenAskedTo() {
    assertInstanceOf(ScalarGemm.class, GemmProvider.choose("scalar"));
    assertInstanceOf(ScalarGemm.class, GemmProvider.choose(" SCALAR "));
    GemmProvider chosen = GemmProvider.choose("vector");
    assertEquals(moduleInBootLayer() ? "VectorGemm" : "ScalarGemm", chosen.getClass().getSimpleName());
  }

  @Test
  void shouldMatchTheReferenceOnEdgeSizesWithBothProviders() {
    for (GemmProvider p : providers()) {
      long seed = 0;
      for (int m : SIZES) {
        for (int n : SIZES) {
          check(p, m, n, SIZES[(int) (seed++ % SIZES.length)], seed, false);
        }
      }
      for (int k : SIZES) {
        check(p, 17, 65, k, seed++, false);
      }
    }
  }

  @Test
  void shouldCrossTheColumnAndInnerBlocksOfBothProviders() {
    for (GemmProvider p : providers()) {
      check(p, 9, 4100, 260, 5, true);
    }
  }

  @Test
  void shouldAgreeOnRandomSizesAndBeBitIdenticalWithAndWithoutThreads() {
    SplittableRandom r = new SplittableRandom(11);
    for (int t = 0; t < 12; t++) {
      int m = 1 + r.nextInt(300);
      int n = 1 + r.nextInt(300);
      int k = 1 + r.nextInt(300);
      List<double[]> results = new ArrayList<>();
      for (GemmProvider p : providers()) {
        for (boolean threads : new boolean[] {false, true}) {
          double[] c = new double[m * n];
          GemmKernel.multiply(p, m, n, k, GemmKernelTest.random(new SplittableRandom(t), m * k), 0, k, 1,
              GemmKernelTest.random(new SplittableRandom(t + 100), k * n), 0, n, 1, c, 0, threads);
          results.add(c);
        }
      }
      for (double[] c : results) {
        assertArrayEquals(results.get(0), c, m + "x" + n + "x" + k);
      }
    }
  }

  @Test
  void shouldComputeTheSameProductsInAJvmWithoutTheVectorModule() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        GemmProviderTest.class.getName())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("provider ScalarGemm"), out);
    assertFalse(out.contains("Fluxion GEMM provider"), "the provider is logged at DEBUG, not by default: " + out);
    assertTrue(out.contains("checksum " + Double.doubleToLongBits(checksum())), out);
    assertTrue(out.contains("float checksum " + Float.floatToIntBits(floatChecksum())), out);
  }

  @Test
  void shouldComputeTheSameProductsWithTheNarrowVectorKernels() throws IOException, InterruptedException {
    if (!moduleInBootLayer()) {
      return;
    }
    // A 256-bit cap selects the AVX2-shaped micro-kernels (4 x 2 vectors in both precisions).
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "--add-modules", GemmProvider.VECTOR_MODULE, "-XX:MaxVectorSize=32",
        "-cp", System.getProperty("java.class.path"), GemmProviderTest.class.getName())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("provider VectorGemm (jdk.incubator.vector, 256-bit"), out);
    assertTrue(out.contains("8 floats per vector, 4x16 float micro-kernel"), out);
    assertTrue(out.contains("checksum " + Double.doubleToLongBits(checksum())), out);
    assertTrue(out.contains("float checksum " + Float.floatToIntBits(floatChecksum())), out);
  }

  /** A product whose bits must not depend on the provider. */
  static double checksum() {
    int m = 130;
    int n = 70;
    int k = 300;
    double[] c = new double[m * n];
    GemmKernel.gemm(m, n, k, GemmKernelTest.random(new SplittableRandom(1), m * k), 0,
        GemmKernelTest.random(new SplittableRandom(2), k * n), 0, c, 0);
    double s = 0;
    for (double x : c) {
      s = s * 1.0000001 + x;
    }
    return s;
  }

  /** A {@code float} product (split between threads) whose bits must not depend on the provider. */
  static float floatChecksum() {
    int m = 130;
    int n = 170;
    int k = 300;
    float[] c = new float[m * n];
    GemmKernel.gemm(m, n, k, SgemmTest.random(new SplittableRandom(1), m * k), 0,
        SgemmTest.random(new SplittableRandom(2), k * n), 0, c, 0);
    float s = 0;
    for (float x : c) {
      s = s * 1.0001f + x;
    }
    return s;
  }

  /**
   * Run in a child JVM without {@code --add-modules jdk.incubator.vector}: prints the checksum and the provider.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println("checksum " + Double.doubleToLongBits(checksum()));
    System.out.println("float checksum " + Float.floatToIntBits(floatChecksum()));
    System.out.println("provider " + Tensor.gemmProvider());
  }
}
