package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ReverseOverheadBench's graph has exactly {@value ReverseOverheadBench#NODES} nodes, and the
 * interpreter and the compiled plan give the value and gradient of forward-mode dual numbers.
 */
class ReverseOverheadBenchTest {
  @Test
  void valueAndGradientAgreeWithDualNumbers() {
    ReverseOverheadBench b = new ReverseOverheadBench();
    b.setUp();
    assertEquals(ReverseOverheadBench.NODES, Exprs.topologicalOrder(b.f).size());

    double x = 0.3;
    double a = 0.7;
    double z = x;
    double zx = 1;
    double za = 0;
    double t = z;
    double tx = zx;
    double ta = za;
    for (int i = 0; i < ReverseOverheadBench.NODES - 2; i++) {
      switch (i % 3) {
        case 0 -> {
          t = Math.sin(z);
          tx = Math.cos(z) * zx;
          ta = Math.cos(z) * za;
        }
        case 1 -> {
          ta = ta * a + t;
          tx = tx * a;
          t = t * a;
        }
        default -> {
          z = t + z;
          zx = tx + zx;
          za = ta + za;
          t = z;
          tx = zx;
          ta = za;
        }
      }
    }
    double tol = 1e-9;
    assertEquals(t, ((Tensor) b.eval()).item(), tol);
    @SuppressWarnings("unchecked")
    Map<String, Tensor> ad = (Map<String, Tensor>) b.adGrad();
    assertEquals(tx, ad.get("x").item(), tol * Math.max(1, Math.abs(tx)));
    assertEquals(ta, ad.get("a").item(), tol * Math.max(1, Math.abs(ta)));
    @SuppressWarnings("unchecked")
    Map<String, Tensor> plan = (Map<String, Tensor>) b.planGrad();
    assertEquals(t, plan.get("loss").item(), tol);
    assertEquals(tx, plan.get("x").item(), tol * Math.max(1, Math.abs(tx)));
    assertEquals(ta, plan.get("a").item(), tol * Math.max(1, Math.abs(ta)));
  }
}
