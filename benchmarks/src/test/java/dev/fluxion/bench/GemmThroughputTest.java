package dev.fluxion.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The GEMM cases have the documented shapes and flop counts; the timer returns a finite rate. */
class GemmThroughputTest {
  @Test
  void casesHaveTheirShapes() {
    for (GemmCase c : GemmCase.values()) {
      Tensor[] ops = c.operands(Key.of(1));
      Tensor out = c.multiply(ops[0], ops[1]);
      assertEquals(c.m(), out.shape().dim(0), c.name());
      assertEquals(c.n(), out.shape().dim(1), c.name());
    }
    assertEquals(2.0 * 784 * 128 * 64, GemmCase.MLP_DW1.flops());
    assertEquals(784, GemmCase.MLP_DW1.leftShape().dim(1));
    assertEquals(10, GemmCase.MLP_DH.rightShape().dim(1));
  }

  @Test
  void measuresAPositiveRate() {
    for (GemmThroughput.Dtype d : GemmThroughput.Dtype.values()) {
      double g = GemmThroughput.gflops(GemmCase.MLP_FWD2, d, 0.01, 2, 0.005);
      assertTrue(g > 0 && Double.isFinite(g), d + ": GFLOP/s = " + g);
    }
  }

  @Test
  void floatProductsMatchTheDoubleProductsWithinFloatRounding() {
    for (GemmCase c : GemmCase.values()) {
      Tensor[] ops = c.operands(Key.of(3));
      double[] want = c.multiply(ops[0], ops[1]).toArray();
      float[][] f = c.floatOperands(Key.of(3));
      float[] got = new float[c.m() * c.n()];
      c.multiply(f[0], f[1], got);
      double tol = 4 * Math.sqrt(c.k()) * Math.ulp(1f) * c.k();
      for (int e = 0; e < want.length; e++) {
        assertEquals(want[e], got[e], tol, c + " element " + e);
      }
    }
  }

  @Test
  void rejectsAnUnknownDtype() {
    var e = assertThrows(IllegalArgumentException.class, () -> GemmThroughput.Dtype.parse("float16"));
    assertTrue(e.getMessage().contains("float16"), e.getMessage());
  }
}
