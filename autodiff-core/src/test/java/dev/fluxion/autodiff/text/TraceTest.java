package dev.fluxion.autodiff.text;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Trace.Kind;
import dev.fluxion.autodiff.text.Trace.Row;
import dev.fluxion.autodiff.text.Trace.Step;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TraceTest {
  private final Expr x1 = variable("x1");
  private final Expr x2 = variable("x2");
  /** The AD survey's example f(x1, x2) = ln(x1) + x1*x2 - sin(x2) (Baydin et al. 2018, Table 2 and 3). */
  private final Expr survey = log(x1).plus(x1.times(x2)).minus(sin(x2));
  private final Bindings at = Bindings.of("x1", 2.0).with("x2", 5.0);

  private static List<String> values(Trace t) {
    return t.rows().stream().map(r -> Notation.value(r.value(), 3)).toList();
  }

  private static List<String> derivatives(Trace t) {
    return t.rows().stream().map(r -> Notation.value(Objects.requireNonNull(r.derivative()).value(), 3)).toList();
  }

  private static String rule(Trace t, String name) {
    Trace.Derivative d = Objects.requireNonNull(t.row(name).derivative());
    return d.name() + " = " + d.rule();
  }

  @Nested
  class SurveyExample {
    @Test
    void shouldReproduceThePrimalTrace() {
      Trace t = Trace.primal(survey, at);
      assertEquals(Kind.PRIMAL, t.kind());
      assertEquals(List.of("v-1", "v0", "v1", "v2", "v3", "v4", "v5"), t.rows().stream().map(Row::name).toList());
      assertEquals(List.of(-1, 0, 1, 2, 3, 4, 5), t.rows().stream().map(Row::index).toList());
      assertEquals(List.of("x1", "x2", "ln v-1", "v-1 × v0", "sin v0", "v1 + v2", "v4 − v3"),
          t.rows().stream().map(Row::operation).toList());
      assertEquals(List.of("2", "5", "0.693", "10", "-0.959", "10.693", "11.652"), values(t));
      assertEquals("v5", t.output());
    }

    @Test
    void shouldReproduceTheForwardTangentTrace() {
      Trace t = Trace.forward(survey, at, Bindings.of("x1", 1.0).with("x2", 0.0));
      assertEquals(List.of("1", "0", "0.5", "5", "0", "5.5", "5.5"), derivatives(t));
      assertEquals("v̇-1 = ẋ1", rule(t, "v-1"));
      assertEquals("v̇1 = v̇-1 × 1 / v-1", rule(t, "v1"));
      assertEquals("v̇2 = v̇-1 × v0 + v̇0 × v-1", rule(t, "v2"));
      assertEquals("v̇3 = v̇0 × cos v0", rule(t, "v3"));
      assertEquals("v̇5 = v̇4 − v̇3", rule(t, "v5"));
    }

    @Test
    void shouldTreatAMissingTangentAsZero() {
      Trace t = Trace.forward(survey, at, Bindings.of("x1", 1.0));
      assertEquals(List.of("1", "0", "0.5", "5", "0", "5.5", "5.5"), derivatives(t));
    }

    @Test
    void shouldReproduceTheSurveysReverseTraceStepByStep() {
      Trace t = Trace.reverse(survey, at);
      assertEquals(List.of("v-1", "v0", "v1", "v2", "v3", "v4", "v5"), t.rows().stream().map(Row::name).toList());
      assertEquals(List.of(
          "v̄5 = ȳ",
          "v̄4 = v̄5 ∂v5/∂v4 = v̄5",
          "v̄3 = v̄5 ∂v5/∂v3 = −v̄5",
          "v̄1 = v̄4 ∂v4/∂v1 = v̄4",
          "v̄2 = v̄4 ∂v4/∂v2 = v̄4",
          "v̄0 = v̄3 ∂v3/∂v0 = v̄3 × cos v0",
          "v̄-1 = v̄2 ∂v2/∂v-1 = v̄2 × v0",
          "v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v-1",
          "v̄-1 = v̄-1 + v̄1 ∂v1/∂v-1 = v̄-1 + v̄1 × 1 / v-1"), t.steps().stream().map(Step::formula).toList());
      assertEquals(List.of("1", "1", "-1", "1", "1", "-0.284", "5", "1.716", "5.5"),
          t.steps().stream().map(s -> Notation.value(s.value(), 3)).toList());
      assertEquals(List.of(false, false, false, false, false, false, false, true, true),
          t.steps().stream().map(Step::accumulates).toList());
    }

    @Test
    void shouldCarryTheFinishedAdjointOnEachRow() {
      Trace t = Trace.reverse(survey, at);
      assertEquals(List.of("5.5", "1.716", "1", "1", "-1", "1", "1"), derivatives(t));
      assertEquals("v̄5 = ȳ", rule(t, "v5"));
      assertEquals("v̄0 = v̄3 ∂v3/∂v0 + v̄2 ∂v2/∂v0", rule(t, "v0"));
      assertEquals("v̄-1 = v̄2 ∂v2/∂v-1 + v̄1 ∂v1/∂v-1", rule(t, "v-1"));
      var grad = AD.grad(survey, at);
      assertEquals(grad.get("x1").item(), Objects.requireNonNull(t.row("v-1").derivative()).value().item(), 0.0);
      assertEquals(grad.get("x2").item(), Objects.requireNonNull(t.row("v0").derivative()).value().item(), 0.0);
    }

    @Test
    void shouldRenderTheReverseTraceAsThePrimalTableThenTheAdjointTable() {
      String md = Trace.reverse(survey, at).toMarkdown();
      assertTrue(md.startsWith("| primal trace | value |\n|:--|--:|\n| v-1 = x1 | 2 |\n"), md);
      assertTrue(md.contains("| y = v5 | 11.652 |\n\n| adjoint trace | value |\n|:--|--:|\n| v̄5 = ȳ | 1 |\n"), md);
      assertTrue(md.contains("| v̄0 = v̄3 ∂v3/∂v0 = v̄3 × cos v0 | -0.284 |\n"), md);
      assertTrue(md.contains("| v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v-1 | 1.716 |\n"), md);
      assertTrue(md.endsWith("| x̄1 = v̄-1 | 5.5 |\n| x̄2 = v̄0 | 1.716 |\n"), md);
      assertFalse(md.contains("cut at"), md);
    }

    @Test
    void shouldRenderAlignedTextWithMoreDecimalsOnRequest() {
      String text = Trace.forward(survey, at, Bindings.of("x1", 1.0)).toText(6);
      assertEquals("""
          primal trace       value  tangent trace             value
          -------------  ---------  ------------------------  -----
          v-1 = x1               2  v̇-1 = ẋ1                      1
          v0 = x2                5  v̇0 = ẋ2                       0
          v1 = ln v-1     0.693147  v̇1 = v̇-1 × 1 / v-1          0.5
          v2 = v-1 × v0         10  v̇2 = v̇-1 × v0 + v̇0 × v-1      5
          v3 = sin v0    -0.958924  v̇3 = v̇0 × cos v0              0
          v4 = v1 + v2   10.693147  v̇4 = v̇1 + v̇2                5.5
          v5 = v4 − v3   11.652071  v̇5 = v̇4 − v̇3                5.5
          y = v5         11.652071  ẏ = v̇5                      5.5
          """, text);
      assertEquals(Trace.forward(survey, at, Bindings.of("x1", 1.0)).toText(), Trace.forward(survey, at,
          Bindings.of("x1", 1.0)).toString());
    }
  }

  @Nested
  class Numbering {
    @Test
    void shouldWriteConstantsInlineAndShareVariablesByName() {
      Expr f = variable("x").times(2.0).plus(sin(variable("x")));
      Trace t = Trace.primal(f, Bindings.of("x", 0.5));
      assertEquals(List.of("x", "v0 × 2", "sin v0", "v1 + v2"), t.rows().stream().map(Row::operation).toList());
      assertEquals(List.of(0, 1, 2, 3), t.rows().stream().map(Row::index).toList());
    }

    @Test
    void shouldOrderByLevelThenFirstAppearance() {
      Expr x = variable("x");
      Expr deep = exp(exp(x));
      Expr f = deep.plus(cos(x));
      Trace t = Trace.primal(f, Bindings.of("x", 0.1));
      assertEquals(List.of("x", "exp v0", "cos v0", "exp v1", "v3 + v2"), t.rows().stream().map(Row::operation).toList());
    }

    @Test
    void shouldAccumulateEveryUseOfASharedNodeInItsOwnStep() {
      Expr x = variable("x");
      Expr s = sin(x);
      Trace t = Trace.reverse(s.times(s), Bindings.of("x", 0.5));
      List<Step> toV1 = t.steps().stream().filter(st -> st.row().equals("v1")).toList();
      assertEquals(List.of("v̄1 = v̄2 ∂v2/∂v1 = v̄2 × v1", "v̄1 = v̄1 + v̄2 ∂v2/∂v1 = v̄1 + v̄2 × v1"),
          toV1.stream().map(Step::formula).toList());
      assertEquals(Math.sin(0.5), toV1.get(0).value().item(), 1e-15);
      assertEquals(2 * Math.sin(0.5), toV1.get(1).value().item(), 1e-15);
      assertEquals(2 * Math.sin(0.5), Objects.requireNonNull(t.row("v1").derivative()).value().item(), 1e-15);
    }

    @Test
    void shouldTraceAVariableAlone() {
      Trace t = Trace.reverse(variable("x"), Bindings.of("x", 3.0));
      assertEquals("v̄0 = ȳ", rule(t, "v0"));
      assertEquals(List.of("v̄0 = ȳ"), t.steps().stream().map(Step::formula).toList());
      assertEquals("v0", t.output());
    }

    @Test
    void shouldGiveAZeroStepToARowNoUseContributesTo() {
      Expr x = variable("x");
      Expr y = variable("y");
      Expr f = gt(x, y).times(x);
      Trace t = Trace.reverse(f, Bindings.of("x", 2.0).with("y", 1.0));
      assertEquals("0", Objects.requireNonNull(t.row("v0").derivative()).rule(), t.toText());
      assertTrue(t.steps().stream().anyMatch(st -> st.formula().equals("v̄0 = 0")), t.toText());
    }
  }

  @Nested
  class Tensors {
    private final Expr w = variable("w", 2, 3);
    private final Expr x = variable("x", 10);
    private final Expr f = tanh(w.sum().plus(x)).sum();
    private final Bindings b = Bindings.of("w", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3))
        .with("x", Tensor.arange(10).div(10.0));

    @Test
    void shouldShowShapesAndAbbreviatedValues() {
      Trace t = Trace.primal(f, b);
      assertEquals("[1, 2, 3, 4, 5, 6] (2×3)", Notation.value(t.row("v-1").value(), 3));
      assertEquals("[0, 0.1, 0.2, …, 0.8, 0.9] (10)", Notation.value(t.row("v0").value(), 3));
      assertTrue(t.toText().contains("[0, 0.1, 0.2, …, 0.8, 0.9] (10)\n"), t.toText());
      assertTrue(t.toMarkdown().contains("sum(v-1, axes=[0, 1])"), t.toMarkdown());
    }

    @Test
    void shouldAgreeWithTheGradientAndTheJvp() {
      Trace r = Trace.reverse(f, b);
      assertTrue(AD.grad(f, b, "w").allClose(Objects.requireNonNull(r.row("v-1").derivative()).value(), 0, 0));
      assertTrue(AD.grad(f, b, "x").allClose(Objects.requireNonNull(r.row("v0").derivative()).value(), 0, 0));
      Bindings seed = Bindings.of("x", Tensor.ones(10));
      Trace fw = Trace.forward(f, b, seed);
      assertEquals(AD.jvp(f, b, seed).tangent(), Objects.requireNonNull(fw.row(fw.output()).derivative()).value());
    }

    @Test
    void shouldSeedTheReverseSweepWithAGivenCotangent() {
      Expr g = sin(x).times(3.0);
      Tensor u = Tensor.arange(10);
      Bindings bx = Bindings.of("x", b.get("x"));
      Trace t = Trace.reverse(g, bx, u);
      assertEquals(AD.vjp(g, bx, u).cotangents().get("x"),
          Objects.requireNonNull(t.row("v0").derivative()).value());
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldRejectAConstant() {
      var e = assertThrows(IllegalArgumentException.class, () -> Trace.primal(scalar(1.0), Bindings.of()));
      assertTrue(e.getMessage().contains("constant"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownMissingAndMisshapenBindings() {
      assertThrows(IllegalArgumentException.class, () -> Trace.primal(survey, at.with("x3", 1.0)));
      assertThrows(IllegalArgumentException.class, () -> Trace.primal(survey, Bindings.of("x1", 1.0)));
      assertThrows(IllegalArgumentException.class, () -> Trace.forward(survey, at, Bindings.of("x1", Tensor.ones(2))));
      assertThrows(IllegalArgumentException.class, () -> Trace.forward(survey, at, Bindings.of("z", 1.0)));
      assertThrows(IllegalArgumentException.class, () -> Trace.reverse(survey, at, Tensor.ones(2)));
    }

    @Test
    void shouldRejectDecimalsOutOfRange() {
      Trace t = Trace.primal(survey, at);
      assertThrows(IllegalArgumentException.class, () -> t.toText(-1));
      assertThrows(IllegalArgumentException.class, () -> t.toMarkdown(16));
      assertThrows(IllegalArgumentException.class, () -> t.row("v9"));
    }

    @Test
    void shouldEscapeMarkdown() {
      Expr f = variable("w_1").times(variable("w_2"));
      String md = Trace.primal(f, Bindings.of("w_1", 2.0).with("w_2", 3.0)).toMarkdown();
      assertTrue(md.contains("| v-1 = w\\_1 | 2 |"), md);
    }
  }
}
