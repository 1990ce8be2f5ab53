package dev.fluxion.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A derivative floating point cannot represent is printed non-finite, with the node where it first appears. */
class NonFiniteCliTest {
  private static String run(String... args) {
    CliRun.Result r = CliRun.run(args);
    assertEquals(0, r.code(), r.err());
    return r.out().strip();
  }

  @Test
  void shouldPrintNaNForSqrtSquaredAtZeroAndNameTheNode() {
    assertEquals("f = 0.0\ndf/dx = NaN\nfirst non-finite: tangent of sqrt(x) (op sqrt) is Infinity at element 0; "
        + "arguments: x = 0.0", run("grad", "sqrt(x)^2", "--at", "x=0"));
  }

  @Test
  void shouldPrintNaNForLogOfExpBeyondOverflow() {
    assertEquals("{\"value\": \"Infinity\", \"gradient\": {\"x\": \"NaN\"}, \"firstNonFinite\": "
        + "\"value of exp(x) (op exp) is Infinity at element 0; arguments: x = 800.0\"}",
        run("grad", "ln(exp(x))", "--at", "x=800", "--json"));
  }

  @Test
  void shouldPrintNoNoteForFiniteResults() {
    assertEquals("f = 1.0\ndf/dx = 1.0", run("grad", "sqrt(x)^2", "--at", "x=1"));
  }

  @Test
  void shouldNotPrintAFiniteWrongHessian() {
    String out = run("hessian", "sqrt(x)^2", "--at", "x=0");
    assertTrue(out.startsWith("f = 0.0\nd2f/dxdx = NaN\nfirst non-finite: "), out);
  }
}
