package dev.fluxion.nn.loss;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PenaltiesTest {
  record Dense(Expr w, Expr b) {}

  private final Tensor w = Tensor.matrix(new double[] {1, -2}, new double[] {3, 0});
  private final Tensor b = Tensor.vector(0.5, -1);
  private final List<Dense> params = List.of(new Dense(constant(w), constant(b)));

  private static double value(Expr e) {
    return AD.eval(e, Bindings.of()).item();
  }

  @Nested
  class Values {
    @Test
    void shouldHalveTheSumOfSquaresForL2() {
      assertEquals(0.5 * (1 + 4 + 9 + 0.25 + 1), value(Penalties.l2(params)), 1e-15);
    }

    @Test
    void shouldSumAbsoluteValuesForL1() {
      assertEquals(1 + 2 + 3 + 0.5 + 1, value(Penalties.l1(params)), 1e-15);
    }

    @Test
    void shouldSpareExcludedLeaves() {
      assertEquals(7.0, value(Penalties.l2(params, Penalties.excluding("b", "bias"))), 1e-15);
      assertEquals(6.0, value(Penalties.l1(params, path -> path.endsWith(".w"))), 1e-15);
    }

    @Test
    void shouldBeZeroWithoutLeaves() {
      assertEquals(0.0, value(Penalties.l2(List.empty())));
      assertEquals(0.0, value(Penalties.l1(params, path -> false)));
    }

    @Test
    void shouldAcceptASingleLeafTree() {
      assertEquals(0.5 * 14, value(Penalties.l2(constant(Tensor.vector(1, 2, 3)))), 1e-15);
      assertTrue(Penalties.excluding("b").test(""));
    }
  }

  @Nested
  class Gradients {
    private final List<Dense> traced = Trees.trace(params, "p.");
    private final Bindings at = Bindings.of(Map.of("p.0.w", w, "p.0.b", b));

    @Test
    void shouldHaveGradientWForL2AndSignWForL1() {
      Map<String, Tensor> g2 = AD.grad(Penalties.l2(traced, Penalties.excluding("b")), at);
      assertEquals(w, g2.get("p.0.w"));
      assertFalse(g2.containsKey("p.0.b"), "an excluded leaf is not a variable of the penalty");
      Map<String, Tensor> g1 = AD.grad(Penalties.l1(traced), at);
      assertEquals(Tensor.matrix(new double[] {1, -1}, new double[] {1, 0}), g1.get("p.0.w"));
      assertEquals(Tensor.vector(1, -1), g1.get("p.0.b"));
    }

    @Test
    void shouldVerifyGradientsToSecondOrder() {
      Bindings away = at.with("p.0.w", Tensor.matrix(new double[] {1, -2}, new double[] {3, 0.25}));
      GradCheck.assertCorrect(Penalties.l2(traced), away);
      GradCheck.assertCorrect(Penalties.l1(traced), away);
    }
  }

  @Test
  void shouldRejectNullArguments() {
    var e = assertThrows(IllegalArgumentException.class, () -> Penalties.l2(params, null));
    assertEquals("l2: include is null", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Penalties.excluding("b", null));
  }
}
