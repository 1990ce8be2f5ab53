package dev.fluxion.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    double g = GemmThroughput.gflops(GemmCase.MLP_FWD2, 0.01, 2, 0.005);
    assertTrue(g > 0 && Double.isFinite(g), "GFLOP/s = " + g);
  }
}
