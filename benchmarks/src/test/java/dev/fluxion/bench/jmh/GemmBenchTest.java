package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.bench.GemmCase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GemmBench computes the right product for each layout; the GFLOP counter counts {@code 2mnk}. */
class GemmBenchTest {
  @ParameterizedTest
  @EnumSource(value = GemmCase.class, names = {"N128", "N256", "MLP_FWD1", "MLP_FWD2", "MLP_DW1", "MLP_DH"})
  void productEqualsNaiveTripleLoop(GemmCase c) {
    GemmBench bench = new GemmBench();
    bench.shape = c;
    bench.setUp();
    GemmBench.Flops flops = new GemmBench.Flops();
    Tensor got = (Tensor) bench.vector(flops);
    assertEquals(c.flops() * 1e-9, flops.gflops, 1e-15);
    Tensor[] ops = c.operands(Key.of(42));
    Tensor want = naive(c, ops[0].toArray(), ops[1].toArray());
    assertEquals(want.shape(), got.shape());
    assertTrue(got.allClose(want, 1e-12, 1e-12), c + ": differs from the triple loop");
    assertTrue(((Tensor) bench.scalar(flops)).allClose(want, 1e-12, 1e-12));
    bench.dtype = "float32";
    bench.setUp();
    float[] f = (float[]) bench.vector(flops);
    assertTrue(Tensor.of(toDouble(f), c.m(), c.n()).allClose(want, 1e-4, 1e-3), c + ": float32 differs");
  }

  @ParameterizedTest
  @EnumSource(value = GemmCase.class, names = {"N128"})
  void rejectsAnUnknownDtype(GemmCase c) {
    GemmBench bench = new GemmBench();
    bench.shape = c;
    bench.dtype = "float16";
    var e = assertThrows(IllegalArgumentException.class, bench::setUp);
    assertTrue(e.getMessage().contains("float16"), e.getMessage());
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** C(i,j) = sum_p A(i,p) B(p,j) with A, B read through their stored layouts. */
  private static Tensor naive(GemmCase c, double[] a, double[] b) {
    int m = c.m();
    int n = c.n();
    int k = c.k();
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double aip = c.layout() == GemmCase.Layout.TN ? a[p * m + i] : a[i * k + p];
          double bpj = c.layout() == GemmCase.Layout.NT ? b[j * k + p] : b[p * n + j];
          s += aip * bpj;
        }
        out[i * n + j] = s;
      }
    }
    return Tensor.of(out, m, n);
  }
}
