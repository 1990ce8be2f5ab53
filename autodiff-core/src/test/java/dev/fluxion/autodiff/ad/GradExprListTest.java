package dev.fluxion.autodiff.ad;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code AD.gradExpr(f, names)}: one reverse sweep for several variables, the same numbers as one per name. */
class GradExprListTest {
  private final Expr w = variable("w", 4, 3);
  private final Expr b = variable("b", 3);
  private final Expr x = variable("x", 5, 4);
  private final Expr f = sum(relu(matmul(x, w).plus(b)).times(tanh(matmul(x, w))));

  @Test
  void shouldEqualOneSweepPerNameBitForBit() {
    Key[] k = Key.of(9).split(3);
    Bindings at = Bindings.of("w", Tensor.normal(k[0], Shape.of(4, 3), 0, 1))
        .with("b", Tensor.normal(k[1], Shape.of(3), 0, 1)).with("x", Tensor.normal(k[2], Shape.of(5, 4), 0, 1));
    Map<String, Expr> both = AD.gradExpr(f, List.of("b", "w"));
    assertEquals(List.of("b", "w"), List.copyOf(both.keySet()));
    assertEquals(AD.eval(AD.gradExpr(f, "w"), at), AD.eval(both.get("w"), at));
    assertEquals(AD.eval(AD.gradExpr(f, "b"), at), AD.eval(both.get("b"), at));
  }

  @Test
  void shouldGiveZerosForAVariableWithoutADifferentiablePath() {
    Expr g = sum(step(variable("u", 2))).plus(sum(variable("v", 2)));
    Map<String, Expr> grads = AD.gradExpr(g, List.of("u", "v"));
    Bindings at = Bindings.of("u", Tensor.vector(1, -1)).with("v", Tensor.vector(2, 3));
    assertEquals(Tensor.zeros(2), AD.eval(grads.get("u"), at));
    assertEquals(Tensor.ones(2), AD.eval(grads.get("v"), at));
  }

  @Test
  void shouldRejectUnknownAndRepeatedNames() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> AD.gradExpr(f, List.of("w", "q")));
    assertTrue(unknown.getMessage().contains("unknown variable q"), unknown.getMessage());
    var twice = assertThrows(IllegalArgumentException.class, () -> AD.gradExpr(f, List.of("w", "w")));
    assertTrue(twice.getMessage().contains("appears twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AD.gradExpr(w, List.of("w")));
  }
}
