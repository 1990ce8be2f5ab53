package dev.fluxion.autodiff.compile;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The float32 twin of {@code PlanTest}'s CNN: fused conv-bias, pool-mask and transposed products, bit for bit. */
class Float32PlanTest {
  private static Expr f32(String name, int... dims) {
    return variable(name, Shape.of(dims), DType.FLOAT32);
  }

  private static Tensor normal(Key key, double std, int... dims) {
    return Tensor.normal(key, Shape.of(dims), 0, std).cast(DType.FLOAT32);
  }

  @Test
  void shouldFuseBiasBroadcastsAndReluAdjointsBitForBitInFloat32() {
    Expr img = f32("img", 4, 3, 10, 10);
    Expr k = f32("k", 8, 3, 3, 3);
    Expr kb = f32("kb", 8);
    Expr conv = relu(conv2d(img, k, 1, 1).plus(reshape(kb, 8, 1, 1)));
    Expr net = relu(matmul(reshape(maxPool2d(conv, 2, 2), 4, 200), f32("v", 200, 5)).plus(f32("b", 5)));
    Expr l = sum(net.times(net));
    Key[] keys = Key.of(7).split(5);
    Bindings at = Bindings.of("img", normal(keys[0], 1, 4, 3, 10, 10))
        .with("k", normal(keys[1], 0.5, 8, 3, 3, 3))
        .with("kb", normal(keys[2], 0.5, 8))
        .with("v", normal(keys[3], 0.2, 200, 5))
        .with("b", normal(keys[4], 0.5, 5));
    List<String> wrt = List.of("k", "kb", "v", "b");
    Plan plan = Plan.valueAndGrad(l, wrt);
    Set<Class<?>> kinds = new HashSet<>();
    plan.stepList().forEach(s -> kinds.add(s.getClass()));
    assertTrue(kinds.containsAll(List.of(Step.ConvBias.class, Step.PoolMaskStep.class, Step.MaskStep.class,
        Step.AddBroadcast.class, Step.MatmulNT.class, Step.MatmulTN.class)), kinds.toString());
    Map<String, Tensor> out = plan.run(at);
    var eager = AD.valueAndGrad(l, at);
    assertEquals(DType.FLOAT32, out.get("loss").dtype());
    assertEquals(eager.value(), out.get("loss"));
    for (String name : wrt) {
      assertEquals(DType.FLOAT32, out.get(name).dtype(), name);
      assertEquals(eager.gradient(name), out.get(name), name);
    }
    Bindings wide = Bindings.of("img", at.get("img").cast(DType.FLOAT64));
    for (String name : wrt) {
      wide = wide.with(name, at.get(name).cast(DType.FLOAT64));
    }
    var reference = AD.valueAndGrad(rebuild64(), wide);
    double loss = reference.value().item();
    assertEquals(loss, out.get("loss").item(), 1e-4 * Math.abs(loss));
    for (String name : wrt) {
      assertTrue(reference.gradient(name).allClose(out.get(name), 1e-3, 1e-3 * Math.abs(loss) / 100), name);
    }
  }

  /** The same loss over float64 variables. */
  private static Expr rebuild64() {
    Expr conv = relu(conv2d(variable("img", 4, 3, 10, 10), variable("k", 8, 3, 3, 3), 1, 1)
        .plus(reshape(variable("kb", 8), 8, 1, 1)));
    Expr net = relu(matmul(reshape(maxPool2d(conv, 2, 2), 4, 200), variable("v", 200, 5)).plus(variable("b", 5)));
    return sum(net.times(net));
  }
}
