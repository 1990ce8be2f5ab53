package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Float32ChainBench computes the same loss and gradient in both dtypes, each in its own dtype. */
class Float32ChainBenchTest {
  private static Float32ChainBench bench(String dtype) {
    Float32ChainBench b = new Float32ChainBench();
    b.dtype = dtype;
    b.setUp();
    return b;
  }

  @Test
  void shouldAgreeAcrossDTypesWithinFloat32Precision() {
    Float32ChainBench b32 = bench("float32");
    Float32ChainBench b64 = bench("float64");
    Map<String, Tensor> g32 = b32.compiledGrad();
    Map<String, Tensor> g64 = b64.compiledGrad();
    for (String name : new String[] {"loss", "w", "b"}) {
      assertEquals(DType.FLOAT32, g32.get(name).dtype(), name);
      assertTrue(g32.get(name).allClose(g64.get(name), 1e-4, 1e-6), name + ": " + g32.get(name) + " vs "
          + g64.get(name));
    }
    assertTrue(b32.eager().allClose(g64.get("loss"), 1e-5, 1e-6), "eager " + b32.eager());
  }
}
