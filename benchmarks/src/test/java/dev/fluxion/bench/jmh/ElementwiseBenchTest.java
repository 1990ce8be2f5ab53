package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ElementwiseBench's three evaluations agree with each other and with the formula per element. */
class ElementwiseBenchTest {
  @ParameterizedTest
  @ValueSource(strings = {"64x128", "1000000"})
  void eagerInterpretedAndCompiledAgree(String size) {
    ElementwiseBench b = new ElementwiseBench();
    b.size = size;
    b.setUp();
    double[] x = b.x.toArray();
    double[] w = b.w.toArray();
    double[] bias = b.b.toArray();
    double[] want = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = Math.exp(Math.tanh(Math.max(0, x[i] * w[i] + bias[i])));
    }
    Tensor expected = Tensor.of(want, b.x.shape());
    assertTrue(b.eager().allClose(expected, 1e-14, 0));
    assertTrue(b.interpreted().allClose(expected, 1e-14, 0));
    assertTrue(b.compiled().allClose(expected, 1e-14, 0));
  }
}
