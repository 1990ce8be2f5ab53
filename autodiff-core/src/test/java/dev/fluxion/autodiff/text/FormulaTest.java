package dev.fluxion.autodiff.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Ops;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormulaTest {
  private static final Bindings SURVEY_POINT = Bindings.of("x1", 2.0).with("x2", 5.0);

  private static double eval(String formula) {
    Expr e = Formula.parse(formula);
    return AD.eval(e, RoundTrips.restrict(Bindings.of("x", 3.0), e)).item();
  }

  private static Tensor eval(Expr e, Bindings at) {
    return AD.eval(e, RoundTrips.restrict(at, e));
  }

  private static FormulaException error(String formula) {
    return assertThrows(FormulaException.class, () -> Formula.parse(formula));
  }

  private static void assertError(String formula, int position, String reason) {
    FormulaException e = error(formula);
    assertEquals(position, e.position(), e.getMessage());
    assertEquals(reason, e.reason());
  }

  @Nested
  class SurveyExample {
    @Test
    void shouldEvaluateTheSurveyFormula() {
      Expr f = Formula.parse("ln(x1) + x1*x2 - sin(x2)");
      assertEquals(11.652, AD.eval(f, SURVEY_POINT).item(), 5e-4);
      assertEquals(Math.log(2) + 10 - Math.sin(5), AD.eval(f, SURVEY_POINT).item(), 0.0);
    }

    @Test
    void shouldDifferentiateTheParsedFormula() {
      Expr f = Formula.parse("ln(x1) + x1*x2 - sin(x2)");
      Map<String, Tensor> g = AD.grad(f, SURVEY_POINT);
      assertEquals(5.5, g.get("x1").item(), 1e-12);
      assertEquals(1.716, g.get("x2").item(), 5e-4);
    }

    @Test
    void shouldShareOneVariableNodePerName() {
      Apply f = (Apply) Formula.parse("x * x");
      assertSame(f.arg(0), f.arg(1));
    }
  }

  @Nested
  class Precedence {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "2^3^2 | 512", "-2^2 | -4", "(-2)^2 | 4", "1-2-3 | -4", "8/4/2 | 1", "2+3*4 | 14", "2*3+4 | 10",
        "2^-1 | 0.5", "-x^2 | -9", "--x | 3", "+x | 3", "2*-x | -6", "-x*2 | -6", "(1+2)*3 | 9",
        "x^2^0 | 3", "1e-3 | 0.001", ".5 | 0.5", "2.5E+2 | 250", "5. | 5", "  x \t+ 1 | 4"})
    void shouldFollowPrecedenceAndAssociativity(String formula, double expected) {
      assertEquals(expected, eval(formula), 0.0);
    }

    @Test
    void shouldKnowPiAndE() {
      assertEquals(Math.PI, eval("pi"), 0.0);
      assertEquals(Math.E, eval("e"), 0.0);
      assertEquals(Math.E * 3, eval("e*x"), 0.0);
    }
  }

  @Nested
  class Functions {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ln(x) | 1.0986122886681098", "log(x) | 1.0986122886681098", "exp(x) | 20.085536923187668",
        "sqrt(x) | 1.7320508075688772", "abs(-x) | 3", "sin(x) | 0.1411200080598672",
        "cos(x) | -0.9899924966004454", "tan(x) | -0.1425465430742778", "tanh(x) | 0.9950547536867305",
        "sigmoid(0*x) | 0.5", "relu(-x) | 0", "relu(x) | 3", "softplus(0*x + 0) | 0.6931471805599453",
        "sum(x) | 3", "mean(x) | 3", "max(x) | 3", "min(x) | 3", "max(x, 4) | 4", "min(x, 4) | 3",
        "maximum(x, 1) | 3", "minimum(x, 1) | 1", "pow(x, 2) | 9", "leakyRelu(-x, 0.1) | -0.3",
        "leakyRelu(x, -0.5) | 3", "leakyRelu(-x, 1/2) | -1.5"})
    void shouldComputeEachFunction(String formula, double expected) {
      assertEquals(expected, eval(formula), 1e-15);
    }

    @Test
    void shouldGiveVariablesTheirShapesAndBroadcast() {
      Map<String, Shape> shapes = Map.of("X", Shape.of(2, 3), "b", Shape.of(3));
      Expr f = Formula.parse("X * 2 + b", shapes);
      assertEquals(Shape.of(2, 3), f.shape());
      Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
      Bindings at = Bindings.of("X", x).with("b", Tensor.of(new double[] {10, 20, 30}, 3));
      assertEquals(Tensor.of(new double[] {12, 24, 36, 18, 30, 42}, 2, 3), AD.eval(f, at));
      assertEquals(3.5, eval(Formula.parse("mean(X)", shapes), at).item(), 0.0);
      assertEquals(21, eval(Formula.parse("sum(X)", shapes), at).item(), 0.0);
      assertEquals(6, eval(Formula.parse("max(X)", shapes), at).item(), 0.0);
      assertEquals(1, eval(Formula.parse("min(X)", shapes), at).item(), 0.0);
    }

    @Test
    void shouldLeaveUnmappedVariablesScalar() {
      Expr f = Formula.parse("X + y", Map.of("X", Shape.of(2)));
      assertEquals(Shape.scalar(), Exprs.variables(f).get("y").shape());
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldRejectNull() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Formula.parse(null));
      assertFalse(e instanceof FormulaException);
      assertEquals("formula is null", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Formula.parse("x", null));
    }

    @Test
    void shouldShowTheFormulaAndACaret() {
      FormulaException e = error("ln(x1 * 2");
      assertEquals("formula error at position 9: expected ')' but found end of input\n"
          + "  ln(x1 * 2\n"
          + "           ^", e.getMessage());
    }

    @Test
    void shouldReportUnexpectedCharacters() {
      assertError("x # y", 2, "unexpected character '#'");
      assertError("2 * x$", 5, "unexpected character '$'");
    }

    @Test
    void shouldReportUnbalancedParentheses() {
      assertError("(x + 1", 6, "expected ')' but found end of input");
      assertError("((x) + 1", 8, "expected ')' but found end of input");
      assertError("x + 1)", 5, "unbalanced ')' without a matching '('");
      assertError("sin(x))", 6, "unbalanced ')' without a matching '('");
      assertError("()", 1, "expected an operand but found ')'");
    }

    @Test
    void shouldReportUnknownFunctions() {
      FormulaException e = error("2 * foo(x)");
      assertEquals(4, e.position());
      assertEquals("unknown function foo (known: " + String.join(", ", new java.util.TreeSet<>(Ops.functions().keySet()))
          + ")", e.reason());
      assertTrue(e.reason().contains("ln, log, log1p"), e.reason());
      assertError("sin + 1", 4, "expected '(' after function sin but found '+'");
    }

    @Test
    void shouldReportWrongArgumentCounts() {
      assertError("1 + ln(x, 2)", 4, "function ln expects 1 argument but got 2");
      assertError("pow(x)", 0, "function pow expects 2 arguments but got 1");
      assertError("max(x, 1, 2)", 0, "function max expects 1 or 2 arguments but got 3");
      assertError("sin()", 0, "function sin expects 1 argument but got 0");
      assertError("leakyRelu(x)", 0, "function leakyRelu expects 2 arguments but got 1");
    }

    @Test
    void shouldRequireAConstantLeakySlope() {
      assertError("leakyRelu(x, y)", 13, "leakyRelu's alpha must be a constant number");
    }

    @Test
    void shouldReportEmptyFormulas() {
      assertError("", 0, "empty formula");
      assertError("   ", 0, "empty formula");
    }

    @Test
    void shouldReportTrailingGarbage() {
      assertError("x y", 2, "expected an operator or end of input but found 'y'");
      assertError("2 3", 2, "expected an operator or end of input but found '3'");
      assertError("sin(x) cos(x)", 7, "expected an operator or end of input but found 'cos'");
    }

    @Test
    void shouldReportMissingOperands() {
      assertError("x +", 3, "expected an operand but found end of input");
      assertError("x * / 2", 4, "expected an operand but found '/'");
      assertError("ln(x,)", 5, "expected an operand but found ')'");
    }

    @Test
    void shouldReportMalformedNumbers() {
      assertError("1e", 2, "expected exponent digits but found end of input");
      assertError("x + 2e-", 7, "expected exponent digits but found end of input");
      assertError("3ex", 2, "expected exponent digits but found 'x'");
      assertError("x + .", 5, "expected a digit but found end of input");
    }

    @Test
    void shouldReportShapeErrorsAtTheOperator() {
      Map<String, Shape> shapes = Map.of("X", Shape.of(2, 3), "Y", Shape.of(4));
      FormulaException e = assertThrows(FormulaException.class, () -> Formula.parse("1 + X * Y", shapes));
      assertEquals(6, e.position());
      assertTrue(e.reason().startsWith("mul:"), e.reason());
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
      FormulaException call = assertThrows(FormulaException.class, () -> Formula.parse("2 * max(X, Y)", shapes));
      assertEquals(4, call.position());
    }

    @Test
    void shouldRejectDeepNestingWithoutOverflowingTheStack() {
      String deep = "(".repeat(10_000) + "x" + ")".repeat(10_000);
      FormulaException e = error(deep);
      assertEquals(Formula.MAX_DEPTH, e.position());
      assertTrue(e.getMessage().contains("..."), "long formulas are shown as an excerpt");
      assertEquals(1.0, AD.eval(Formula.parse("-".repeat(100) + "1"), Bindings.of()).item(), 0.0);
    }

    @Test
    void shouldAlignTheCaretUnderTabsAndNewlines() {
      FormulaException e = error("x +\n\t#");
      assertEquals(5, e.position());
      assertTrue(e.getMessage().endsWith("  x +  #\n       ^"), e.getMessage());
    }
  }

  @Nested
  class RoundTrip {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ln(x1) + x1*x2 - sin(x2)", "x - (y - z)", "x + (y + z)", "x * (y * z)", "x / (y / z)",
        "(x^y)^z", "x^y^z", "-x^2", "(-x)^2", "x * -3", "(-3)^x", "x - -y", "-(x + y) * z",
        "x * 0.1 + 1e-300", "x + 1e20", "-0 * x + (-0)^x", "2^1000 * x", "ln(0) + x", "-ln(0) * x",
        "sqrt(-1) + x", "leakyRelu(x, 0.25) + leakyRelu(y, -1.5e-3)", "max(x, y) - min(y, z) + max(x)",
        "min(x)", "pi * e * x", "sigmoid(softplus(relu(tanh(tan(cos(abs(exp(x))))))))", "pow(x, pow(y, z))",
        "sum(x) / mean(y)", "x / y / z * (x - y - z)"})
    void shouldParseWhatItPrints(String formula) {
      RoundTrips.assertRoundTrip(Formula.parse(formula));
    }

    @Test
    void shouldParseWhatItPrintsForRandomFormulas() {
      RoundTrips.randomFormulas(20_260_501L, 500).forEach(RoundTrips::assertRoundTrip);
    }

    @Test
    void shouldPrintFullReductionsAndLeakySlopesAsFormulaText() {
      Expr x = Fx.variable("x");
      assertEquals("max(x)", Exprs.print(Fx.max(x)));
      assertEquals("leakyRelu(x, 0.5)", Exprs.print(Fx.leakyRelu(x, 0.5)));
      assertEquals("x + (-2)", Exprs.print(x.plus(-2)));
      assertEquals("x * (1/0)", Exprs.print(x.times(Double.POSITIVE_INFINITY)));
    }
  }
}
