package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.internal.Fused;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** relu is {@code max(x, 0)}: NaN in, NaN out, in its value and its derivative, in every path. */
class NaNThroughMasksTest {
  private static final double NAN = Double.NaN;

  @Nested
  class Values {
    @Test
    void shouldPropagateNaNThroughReluStepAndLeakyRelu() {
      Tensor v = Tensor.vector(NAN, -1, 0, 2);
      assertEquals(Tensor.vector(NAN, 0, 0, 2), v.relu());
      assertEquals(Tensor.vector(NAN, 0, 0, 1), v.step());
      List<UnaryOperator<Expr>> ops = List.of(x -> relu(x), x -> leakyRelu(x, 0.1), x -> leakyRelu(x, 0));
      for (UnaryOperator<Expr> f : ops) {
        Expr x = variable("x", 4);
        Tensor eager = AD.eval(f.apply(x), Bindings.of("x", v));
        Tensor scalarKernel = AD.eval(f.apply(scalar(NAN)), Bindings.of());
        Tensor plan = Plan.of(f.apply(x)).run(Bindings.of("x", v)).values().iterator().next();
        assertTrue(Double.isNaN(eager.toArray()[0]), "eager " + eager);
        assertTrue(Double.isNaN(scalarKernel.item()), "folded " + scalarKernel);
        assertTrue(Double.isNaN(plan.toArray()[0]), "plan " + plan);
      }
    }
  }

  @Nested
  class Gradients {
    /** The gradient of {@code sum(relu(x) * 2)} at {@code x} by reverse, forward (of each basis vector) and a plan. */
    private void assertGradient(Tensor at, Tensor expected) {
      Expr x = variable("x", at.shape());
      Expr f = sum(relu(x).times(2.0));
      Bindings b = Bindings.of("x", at);
      assertEquals(expected, AD.grad(f, b, "x"), "reverse");
      assertEquals(expected, Plan.valueAndGrad(f, List.of("x")).run(b).get("x"), "plan");
      assertEquals(expected, AD.eval(AD.gradExpr(f, "x"), b), "symbolic");
      assertEquals(expected, AD.jacfwd(f, b, "x"), "forward");
    }

    @Test
    void shouldGiveANaNGradientForANaNInput() {
      assertGradient(Tensor.vector(NAN, -1, 0, 3), Tensor.vector(NAN, 0, 0, 2));
    }

    @Test
    void shouldFuseReluAdjointsWithNaNInputsLikeTheUnfusedRule() {
      Tensor g = Tensor.vector(1, 0, -2, 1);
      Tensor z = Tensor.vector(NAN, NAN, 1, -1);
      assertEquals(Tensor.vector(NAN, 0, -2, 0), Fused.maskedMulStep(g, z));
      assertEquals(g.maskedTimes(z.step()), Fused.maskedMulStep(g, z));
    }

    @Test
    void shouldGiveNaNThroughTheFusedReluOfMaxPoolAdjoint() {
      Expr img = variable("img", 1, 1, 2, 2);
      Expr f = sum(maxPool2d(relu(img), 2, 2));
      Tensor at = Tensor.of(new double[] {NAN, 1, 2, 3}, Shape.of(1, 1, 2, 2));
      Bindings b = Bindings.of("img", at);
      Map<String, Tensor> plan = Plan.valueAndGrad(f, List.of("img")).run(b);
      Tensor eager = AD.grad(f, b, "img");
      assertEquals(eager, plan.get("img"));
      assertTrue(Double.isNaN(plan.get("loss").item()), "relu(NaN) reaches the loss: " + plan.get("loss"));
    }
  }
}
