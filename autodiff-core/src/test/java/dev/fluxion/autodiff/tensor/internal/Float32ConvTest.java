package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.Threads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * float32 convolutions: im2col and the float GEMM on float storage, float32 accumulation; within
 * float32 tolerance of float64, bit-identical across threads and GEMM providers.
 */
class Float32ConvTest {
  static Tensor random(long seed, int... dims) {
    return Tensor.uniform(Key.of(seed), Shape.of(dims), -1, 1).cast(DType.FLOAT32);
  }

  static Tensor wide(Tensor t) {
    return t.cast(DType.FLOAT64);
  }

  /** Asserts {@code |got - want| <= 1e-5 * sqrt(k) * (1 + |want|)} elementwise, {@code got} float32. */
  static void assertClose(Tensor want64, Tensor got32, int k, String where) {
    assertEquals(DType.FLOAT32, got32.dtype(), where);
    assertEquals(want64.shape(), got32.shape(), where);
    double tol = 1e-5 * Math.sqrt(k);
    double[] w = want64.toArray();
    double[] g = got32.toArray();
    for (int i = 0; i < w.length; i++) {
      assertTrue(Math.abs(w[i] - g[i]) <= tol * (1 + Math.abs(w[i])), where + " element " + i + ": " + g[i] + " vs " + w[i]);
    }
  }

  /** {@code y[n,o,i,j]}: the float32 FMA chain over {@code (c, ki, kj)} in order, padded inputs as zeros. */
  static Tensor chainConv(Tensor x, Tensor w, int[] s, int[] p) {
    Shape ys = ConvShapes.conv2d(x.shape(), w.shape(), ConvGeometry.of(s, p));
    int cin = x.shape().dim(1);
    int h = x.shape().dim(2);
    int wd = x.shape().dim(3);
    int kh = w.shape().dim(2);
    int kw = w.shape().dim(3);
    float[] xv = x.toFloatArray();
    float[] wv = w.toFloatArray();
    float[] y = new float[ys.size()];
    int idx = 0;
    for (int n = 0; n < ys.dim(0); n++) {
      for (int o = 0; o < ys.dim(1); o++) {
        for (int i = 0; i < ys.dim(2); i++) {
          for (int j = 0; j < ys.dim(3); j++) {
            float acc = 0f;
            for (int c = 0; c < cin; c++) {
              for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                  int ih = i * s[0] + ki - p[0];
                  int iw = j * s[1] + kj - p[1];
                  boolean in = ih >= 0 && ih < h && iw >= 0 && iw < wd;
                  float v = in ? xv[((n * cin + c) * h + ih) * wd + iw] : 0f;
                  acc = Math.fma(wv[((o * cin + c) * kh + ki) * kw + kj], v, acc);
                }
              }
            }
            y[idx++] = acc;
          }
        }
      }
    }
    return Tensor.of(y, ys);
  }

  /** {@code f} computed on one thread ({@link Threads#setCount}), the count restored after. */
  static Tensor serial(Supplier<Tensor> f) {
    int before = Threads.count();
    Threads.setCount(1);
    try {
      return f.get();
    } finally {
      Threads.setCount(before);
    }
  }

  @Nested
  class Accuracy {
    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.ConvKernelsTest#configs")
    void shouldBeTheFloat32ChainOfTheIm2colProduct(int[] xs, int[] ws, int[] s, int[] p) {
      Tensor x = random(1, xs);
      Tensor w = random(2, ws);
      Tensor y = Convolutions.conv2d(x, w, ConvGeometry.of(s, p));
      assertEquals(chainConv(x, w, s, p), y);
    }

    @ParameterizedTest
    @MethodSource("dev.fluxion.autodiff.tensor.internal.ConvKernelsTest#configs")
    void shouldMatchFloat64WithinFloat32Tolerance(int[] xs, int[] ws, int[] s, int[] p) {
      ConvGeometry g = ConvGeometry.of(s, p);
      Tensor x = random(3, xs);
      Tensor w = random(4, ws);
      Tensor y = Convolutions.conv2d(x, w, g);
      int ckk = ws[1] * ws[2] * ws[3];
      assertClose(Convolutions.conv2d(wide(x), wide(w), g), y, ckk, "forward");
      Tensor yBar = random(5, y.shape().toArray());
      assertClose(Convolutions.conv2dBackwardInput(wide(yBar), wide(w), x.shape(), g),
          Convolutions.conv2dBackwardInput(yBar, w, x.shape(), g), ws[0] * ws[2] * ws[3], "input adjoint");
      assertClose(Convolutions.conv2dBackwardWeight(wide(x), wide(yBar), w.shape(), g),
          Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), g), y.size() / ws[0], "weight adjoint");
    }

    @Test
    void shouldMatchFloat64OnTheCnnLayerShapes() {
      ConvGeometry same = new ConvGeometry(1, 1, 1, 1);
      int[][][] layers = {{{16, 1, 28, 28}, {16, 1, 3, 3}}, {{16, 16, 14, 14}, {32, 16, 3, 3}}};
      for (int[][] l : layers) {
        Tensor x = random(6, l[0]);
        Tensor w = random(7, l[1]);
        Tensor y = Convolutions.conv2d(x, w, same);
        Tensor yBar = random(8, y.shape().toArray());
        String at = java.util.Arrays.toString(l[1]);
        assertClose(Convolutions.conv2d(wide(x), wide(w), same), y, l[1][1] * 9, at);
        assertClose(Convolutions.conv2dBackwardInput(wide(yBar), wide(w), x.shape(), same),
            Convolutions.conv2dBackwardInput(yBar, w, x.shape(), same), l[1][0] * 9, at);
        assertClose(Convolutions.conv2dBackwardWeight(wide(x), wide(yBar), w.shape(), same),
            Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), same), y.size() / l[1][0], at);
      }
    }
  }

  @Nested
  class Determinism {
    @Test
    void shouldGiveTheSameBitsWithAndWithoutTheTwoThreadSplit() {
      ConvGeometry g = new ConvGeometry(1, 1, 2, 2);
      Tensor x = random(9, 30, 4, 40, 40);
      Tensor w = random(10, 6, 4, 5, 5);
      assertTrue(30L * 6 * 4 * 25 * 40 * 40 > Parallel.PARALLEL_WORK, "large enough to run on two threads");
      Tensor y = Convolutions.conv2d(x, w, g);
      assertEquals(serial(() -> Convolutions.conv2d(x, w, g)), y);
      Tensor yBar = random(11, y.shape().toArray());
      assertEquals(serial(() -> Convolutions.conv2dBackwardInput(yBar, w, x.shape(), g)),
          Convolutions.conv2dBackwardInput(yBar, w, x.shape(), g));
      assertEquals(serial(() -> Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), g)),
          Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), g));
      Tensor bias = random(12, 6);
      assertEquals(serial(() -> Fused.conv2dBias(x, w, bias, g)), Fused.conv2dBias(x, w, bias, g));
    }

    @Test
    void shouldComputeEachImageOfTheForwardAndInputAdjointByItself() {
      ConvGeometry g = new ConvGeometry(2, 1, 1, 0);
      Tensor x = random(13, 5, 3, 9, 7);
      Tensor w = random(14, 4, 3, 3, 2);
      Tensor y = Convolutions.conv2d(x, w, g);
      Tensor yBar = random(15, y.shape().toArray());
      Tensor xBar = Convolutions.conv2dBackwardInput(yBar, w, x.shape(), g);
      Shape one = Shape.of(1, 3, 9, 7);
      for (int n = 0; n < 5; n++) {
        Tensor xn = x.select(0, n).reshape(one);
        assertEquals(Convolutions.conv2d(xn, w, g).select(0, 0), y.select(0, n), "image " + n);
        Tensor yn = yBar.select(0, n).reshape(Shape.of(1, 4, y.shape().dim(2), y.shape().dim(3)));
        assertEquals(Convolutions.conv2dBackwardInput(yn, w, one, g).select(0, 0), xBar.select(0, n), "image " + n);
      }
    }

    @Test
    void shouldGiveTheSameBitsWithEitherGemmProvider() throws IOException, InterruptedException {
      String out = child();
      assertTrue(out.contains("provider ScalarGemm"), out);
      assertTrue(out.contains("checksum " + checksum() + "\n"), "this JVM (" + Tensor.gemmProvider() + "): "
          + checksum() + "; without the vector module: " + out);
    }

    @Test
    void shouldGiveTheSameBitsWithTheNarrowVectorKernels() throws IOException, InterruptedException {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return;
      }
      String out = child("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=32");
      assertTrue(out.contains("provider VectorGemm (jdk.incubator.vector, 256-bit"), out);
      assertTrue(out.contains("checksum " + checksum() + "\n"), "this JVM (" + Tensor.gemmProvider() + "): "
          + checksum() + "; with 256-bit vectors: " + out);
    }

    /** Runs {@link #main} in a child JVM with {@code jvmArgs}; returns its output. */
    private static String child(String... jvmArgs) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(List.of(jvmArgs));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Float32ConvTest.class.getName()));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
      return out;
    }
  }

  @Nested
  class Bias {
    @Test
    void shouldEqualTheConvolutionFollowedByTheFloat32Add() {
      Tensor x = random(16, 3, 2, 7, 5);
      Tensor w = random(17, 4, 2, 3, 3);
      Tensor bias = Tensor.of(new float[] {-0f, 0.1f, Float.NaN, -2.5e-3f}, 4, 1, 1);
      ConvGeometry g = ConvGeometry.of(new int[] {2, 1}, new int[] {1, 0});
      Tensor conv = Convolutions.conv2d(x, w, g);
      Tensor chain = conv.plus(bias.broadcastTo(conv.shape()));
      Tensor fused = Fused.conv2dBias(x, w, bias, g);
      assertEquals(chain, fused);
      assertEquals(chain, Fused.conv2dBias(x, w, bias.reshape(4), g));
      float[] c = conv.toFloatArray();
      float[] f = fused.toFloatArray();
      int per = conv.shape().dim(2) * conv.shape().dim(3);
      for (int i = 0; i < c.length; i++) {
        assertEquals(Float.floatToIntBits(c[i] + bias.toFloatArray()[i / per % 4]), Float.floatToIntBits(f[i]), "element " + i);
      }
    }

    @Test
    void shouldRejectMixedDTypesNamingBoth() {
      Tensor x = random(18, 1, 2, 5, 5);
      Tensor w = random(19, 3, 2, 3, 3);
      ConvGeometry g = new ConvGeometry(1, 1, 0, 0);
      Shape ys = Shape.of(1, 3, 3, 3);
      for (var call : new org.junit.jupiter.api.function.Executable[] {
          () -> Convolutions.conv2d(x, wide(w), g),
          () -> Fused.conv2dBias(x, w, Tensor.zeros(3), g),
          () -> Convolutions.conv2dBackwardInput(Tensor.zeros(ys), w, x.shape(), g),
          () -> Convolutions.conv2dBackwardWeight(wide(x), Tensor.zeros(ys, DType.FLOAT32), w.shape(), g)}) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
      }
    }
  }

  /** Bits of a float32 CNN layer's forward, bias and both adjoints, folded into one number. */
  static String checksum() {
    ConvGeometry same = new ConvGeometry(1, 1, 1, 1);
    Tensor x = random(20, 8, 16, 14, 14);
    Tensor w = random(21, 32, 16, 3, 3);
    Tensor y = Fused.conv2dBias(x, w, random(22, 32), same);
    Tensor yBar = random(23, y.shape().toArray());
    long h = 17;
    for (Tensor t : new Tensor[] {y, Convolutions.conv2dBackwardInput(yBar, w, x.shape(), same),
        Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), same)}) {
      for (float v : t.toFloatArray()) {
        h = h * 31 + Float.floatToIntBits(v);
      }
    }
    return Long.toHexString(h);
  }

  /**
   * Run in a child JVM without {@code --add-modules jdk.incubator.vector}: prints the provider and the checksum.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println("provider " + Tensor.gemmProvider());
    System.out.println("checksum " + checksum());
  }
}
