package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.op.Relu;
import dev.fluxion.autodiff.op.Sigmoid;
import dev.fluxion.autodiff.tensor.internal.Scalars;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ops' kernels are the tensor facade's: one formula each. */
class ScalarsTest {
  private static final Tensor SPECIAL = Tensor.vector(-800, -40, -1, -0.0, 0.0, 1e-300, 0.5, 40, 800,
      Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN);

  @Nested
  class Sigmoids {
    @Test
    void shouldMatchTheTensorKernelBitForBitWithoutOverflow() {
      Tensor op = Sigmoid.OP.apply(List.of(SPECIAL));
      assertArrayEquals(SPECIAL.sigmoid().toArray(), op.toArray(), 0.0);
      double[] y = op.toArray();
      for (int i = 0; i < y.length - 1; i++) {
        assertTrue(y[i] >= 0 && y[i] <= 1, "sigmoid(" + SPECIAL.toArray()[i] + ") = " + y[i]);
      }
      assertEquals(0.0, Scalars.sigmoid(-800), 0.0);
      assertEquals(1.0, Scalars.sigmoid(800), 0.0);
      assertTrue(Double.isNaN(Scalars.sigmoid(Double.NaN)));
    }
  }

  @Nested
  class Relus {
    @Test
    void shouldMatchTheTensorKernelAndKeepNaN() {
      Tensor op = Relu.OP.apply(List.of(SPECIAL));
      assertArrayEquals(SPECIAL.relu().toArray(), op.toArray(), 0.0);
      assertTrue(Double.isNaN(Scalars.relu(Double.NaN)));
      assertEquals(0L, Double.doubleToRawLongBits(Scalars.relu(-0.0)), "relu(-0) is +0");
    }
  }
}
