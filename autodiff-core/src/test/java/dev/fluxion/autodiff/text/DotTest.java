package dev.fluxion.autodiff.text;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DotTest {
  private static final Pattern NODE = Pattern.compile("(?m)^  n\\d+ \\[");
  private static final Pattern EDGE = Pattern.compile("(?m)^  n\\d+ -> n\\d+");

  private static int count(Pattern p, String dot) {
    Matcher m = p.matcher(dot);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Nested
  class Structure {
    @Test
    void shouldDrawEachSharedNodeOnce() {
      Expr x = variable("x");
      Expr xx = x.times(x);
      String dot = Dot.of(xx.plus(xx));
      assertEquals(3, count(NODE, dot), dot);
      assertEquals(4, count(EDGE, dot), dot);
    }

    @Test
    void shouldDrawASmallFormulaExactly() {
      assertEquals("""
          digraph expr {
            rankdir=BT;
            node [fontname="Helvetica"];
            edge [fontname="Helvetica", fontsize=10];
            n0 [label="x", shape=ellipse];
            n1 [label="2.5", shape=box];
            n2 [label="−", shape=circle];
            n0 -> n2 [label="0"];
            n1 -> n2 [label="1"];
            n3 [label="ln", shape=circle];
            n2 -> n3;
          }
          """, Dot.of(Formula.parse("ln(x - 2.5)")));
    }

    @Test
    void shouldNumberArgumentsOfNonCommutativeOpsOnly() {
      String dot = Dot.of(Formula.parse("(x + y) * (x / y)"));
      assertEquals(6, count(EDGE, dot));
      assertEquals(2, count(Pattern.compile("\\[label=\"\\d\"]"), dot), dot);
      assertTrue(dot.contains("label=\"÷\""), dot);
      assertTrue(dot.contains("label=\"×\""), dot);
    }

    @Test
    void shouldMergeVariablesOfOneName() {
      Expr f = variable("x").times(variable("x"));
      assertEquals(2, count(NODE, Dot.of(f)));
    }

    @Test
    void shouldShowShapesAttributesAndConstants() {
      Expr m = variable("M", 2, 3);
      Expr f = sum(matmul(m, constant(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2))).plus(ones(Shape.of(2))));
      String dot = Dot.of(f);
      assertTrue(dot.contains("label=\"M\\n[2, 3]\", shape=ellipse"), dot);
      assertTrue(dot.contains("label=\"const\\n[3, 2]\", shape=box"), dot);
      assertTrue(dot.contains("label=\"matmul\\n[2, 2]\", shape=circle"), dot);
      assertTrue(dot.contains("label=\"sum\\naxes=[0, 1]\", shape=circle"), dot);
      assertTrue(Dot.of(leakyRelu(variable("x"), 0.5)).contains("label=\"leakyRelu\\nalpha=0.5\""));
    }

    @Test
    void shouldDrawAFunctionWithItsGradientSharingNodes() {
      Expr f = Formula.parse("ln(x1) + x1*x2 - sin(x2)");
      Map<String, Expr> roots = new LinkedHashMap<>();
      roots.put("f", f);
      roots.putAll(AD.gradExpr(f));
      String dot = Dot.of(roots);
      int separate = 0;
      for (Expr e : roots.values()) {
        separate += count(NODE, Dot.of(e));
      }
      int shared = Exprs.topologicalOrder(roots.values().toArray(Expr[]::new)).size();
      assertEquals(shared, count(NODE, dot));
      assertTrue(shared < separate);
      assertTrue(dot.contains("r0 [label=\"f\", shape=plaintext]"), dot);
      assertTrue(dot.contains("r2 [label=\"x2\", shape=plaintext]"), dot);
    }
  }

  @Nested
  class Values {
    @Test
    void shouldAnnotateScalarNodesWithTheirValues() {
      Bindings at = Bindings.of("x1", 2.0).with("x2", 5.0);
      String dot = Dot.of(Formula.parse("ln(x1) + x1*x2 - sin(x2)"), at);
      assertTrue(dot.contains("label=\"x1\\n= 2\""), dot);
      assertTrue(dot.contains("label=\"−\\n= 11.6521\""), dot);
      assertTrue(dot.contains("label=\"×\\n= 10\""), dot);
    }

    @Test
    void shouldAnnotateTensorNodesWithTheirShapes() {
      Expr f = sum(variable("v", 3).times(2));
      String dot = Dot.of(f, Bindings.of("v", Tensor.of(new double[] {1, 2, 3}, 3)));
      assertTrue(dot.contains("label=\"×\\n[3]\""), dot);
      assertTrue(dot.contains("= 12\""), dot);
    }

    @Test
    void shouldRejectMissingBindings() {
      assertThrows(IllegalArgumentException.class, () -> Dot.of(variable("x"), Bindings.of()));
    }
  }

  @Nested
  class Text {
    @Test
    void shouldEscapeQuotesBackslashesAndNewlines() {
      assertEquals("\"a\\\"b\\\\c\\nd\"", Dot.quote("a\"b\\c\nd"));
      String dot = Dot.of(Map.of("say \"hi\"", variable("q\"\\")));
      assertTrue(dot.contains("n0 [label=\"q\\\"\\\\\", shape=ellipse]"), dot);
      assertTrue(dot.contains("r0 [label=\"say \\\"hi\\\"\", shape=plaintext]"), dot);
    }

    @Test
    void shouldFormatNumbers() {
      assertEquals("3", Dot.number(3.0));
      assertEquals("-0.5", Dot.number(-0.5));
      assertEquals("3.14159", Dot.number(Math.PI));
      assertEquals("1E-10", Dot.number(1e-10));
      assertEquals("NaN", Dot.number(Double.NaN));
      assertEquals("−∞", Dot.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void shouldBeDeterministic() {
      String formula = "sigmoid(a*b + c) * tanh(a - b) / (1 + exp(-c))";
      assertEquals(Dot.of(Formula.parse(formula)), Dot.of(Formula.parse(formula)));
      Expr a = variable("a");
      Expr b = variable("b");
      String unordered = Dot.of(Map.of("g", b, "f", a));
      assertTrue(unordered.indexOf("r0 [label=\"f\"") > 0, "unordered maps are drawn in name order");
      assertEquals(unordered, Dot.of(Map.of("f", a, "g", b)));
    }

    @Test
    void shouldRejectNulls() {
      assertThrows(IllegalArgumentException.class, () -> Dot.of((Expr) null));
      assertThrows(IllegalArgumentException.class, () -> Dot.of(variable("x"), null));
    }
  }

  @Nested
  class Scale {
    @Test
    void shouldDrawATenThousandNodeChain() {
      Expr y = variable("x");
      for (int i = 0; i < 9_999; i++) {
        y = i % 2 == 0 ? sin(y) : cos(y);
      }
      Expr chain = y;
      String dot = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Dot.of(chain, Bindings.of("x", 1.0)));
      assertEquals(10_000, count(NODE, dot));
      assertEquals(9_999, count(EDGE, dot));
      assertTrue(dot.startsWith("digraph expr {") && dot.endsWith("}\n"));
    }
  }
}
