package dev.fluxion.autodiff.dtype;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** int32 index expressions: gather's dtype rules, gradients that skip indices, plans bound per run, clear errors. */
class IndicesExprTest {
  private static final Var TABLE = new Var("table", Shape.of(5, 3));
  private static final Var TOKENS = new Var("tokens", Shape.of(2, 2), DType.INT32);
  private static final Tensor W = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, 5, 3);
  private static final Tensor T = Tensor.of(new int[] {4, 1, 4, 0}, 2, 2);

  /** {@code sum(gather(table, tokens)^2)}: its gradient is {@code 2 * table[v] * count(v)} per row. */
  private static Expr loss() {
    return sum(square(gather(TABLE, TOKENS, 0)));
  }

  @Test
  void shouldInferShapeAndDTypeOfAGatherFromIntegerIndices() {
    Expr e = gather(TABLE, TOKENS, 0);
    assertEquals(Shape.of(2, 2, 3), e.shape());
    assertEquals(DType.FLOAT64, e.dtype());
    assertEquals(DType.FLOAT32, gather(TABLE.cast(DType.FLOAT32), TOKENS, 0).dtype());
  }

  @Test
  void shouldRejectFloatIndicesAndArithmeticOnIndices() {
    Var floatIdx = new Var("f", Shape.of(2));
    fails(() -> gather(TABLE, floatIdx, 0), "int32 indices, got float64 and float64");
    fails(() -> add(TOKENS, TOKENS), "add: argument 0 is int32");
    fails(() -> exp(TOKENS), "exp: argument 0 is int32");
    fails(() -> gather(TABLE, TOKENS, 2), "axis 2 is out of range");
  }

  @Test
  void shouldKeepARankZeroIntegerIndexInt32() {
    Expr row = gather(TABLE, constant(Tensor.of(new int[] {3})), 0);
    assertEquals(Shape.of(3), row.shape());
    assertEquals(Tensor.vector(9, 10, 11), AD.eval(row, Bindings.of(Map.of("table", W))));
  }

  @Test
  void shouldGiveGradientsOnlyForFloatVariablesCountingRepeatedIndices() {
    ValueAndGrad vg = AD.valueAndGrad(loss(), Bindings.of(Map.of("table", W, "tokens", T)));
    double[] expected = new double[15];
    int[] count = {1, 1, 0, 0, 2};
    for (int v = 0; v < 5; v++) {
      for (int j = 0; j < 3; j++) {
        expected[v * 3 + j] = 2 * W.get(v, j) * count[v];
      }
    }
    assertEquals(Tensor.of(expected, 5, 3), vg.gradient().get("table"));
    assertFalse(vg.gradient().containsKey("tokens"));
  }

  @Test
  void shouldRefuseToDifferentiateWithRespectToIndices() {
    Bindings at = Bindings.of(Map.of("table", W, "tokens", T));
    fails(() -> AD.grad(loss(), at, "tokens"), "tokens", "int32");
    fails(() -> Plan.valueAndGrad(loss(), List.of("tokens")), "tokens", "int32");
  }

  @Test
  void shouldCompileAPlanThatTakesIndicesPerRunAndMatchesTheInterpreter() {
    Plan plan = Plan.valueAndGrad(loss(), List.of("table"));
    for (int[] tokens : new int[][] {{4, 1, 4, 0}, {2, 2, 2, 3}}) {
      Bindings at = Bindings.of(Map.of("table", W, "tokens", Tensor.of(tokens, 2, 2)));
      Map<String, Tensor> out = plan.run(at);
      ValueAndGrad vg = AD.valueAndGrad(loss(), at);
      assertEquals(vg.value(), out.get("loss"));
      assertEquals(vg.gradient().get("table"), out.get("table"));
    }
  }

  @Test
  void shouldReportAnIndexOutOfRangeWithItsPosition() {
    Bindings at = Bindings.of(Map.of("table", W, "tokens", Tensor.of(new int[] {4, 1, 5, 0}, 2, 2)));
    fails(() -> AD.eval(loss(), at), "index 5 at flat position 2", "[0, 5)");
  }

  @Test
  void shouldRejectAFloatBindingForAnIndexVariable() {
    Bindings at = Bindings.of(Map.of("table", W, "tokens", Tensor.zeros(Shape.of(2, 2))));
    fails(() -> AD.eval(loss(), at), "tokens");
  }

  @Test
  void shouldPassGradCheckToSecondOrderWithIndicesBoundAsData() {
    Expr f = sum(tanh(gather(TABLE, TOKENS, 0)).times(gather(TABLE, TOKENS, 0)));
    Bindings at = Bindings.of(Map.of("table", W.times(0.1), "tokens", T));
    Report r = GradCheck.check(f, at);
    assertTrue(r.passed(), r::toString);
    Expr g = sum(square(AD.gradExpr(f, "table")));
    assertTrue(GradCheck.check(g, at).passed(), "second order");
    Bindings at32 = Bindings.of(Map.of("table", W.times(0.1).cast(DType.FLOAT32), "tokens", T));
    Expr f32 = sum(square(gather(new Var("table", Shape.of(5, 3), DType.FLOAT32), TOKENS, 0)));
    assertTrue(GradCheck.check(f32, at32).passed(), "float32 against its float64 twin");
  }

  private static void fails(Executable e, String... parts) {
    String m = assertThrows(IllegalArgumentException.class, e).getMessage();
    for (String p : parts) {
      assertTrue(m.contains(p), () -> "message '" + m + "' lacks '" + p + "'");
    }
  }
}
