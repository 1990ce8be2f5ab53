package dev.fluxion.examples.cli;

import static dev.fluxion.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.examples.cli.CliRun.Result;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every variable the user wrote keeps its row, may be bound and must be bound, even if it folds away. */
class WrittenVariablesTest {

  @Nested
  class Rows {
    @Test
    void shouldGiveAZeroGradientRowForAVariableTimesZero() {
      Result r = run("grad", "x*0 + y", "--at", "x=1,y=2");
      assertEquals(0, r.code(), r.err());
      assertEquals("f = 2.0\ndf/dx = 0.0\ndf/dy = 1.0", r.out().strip());
    }

    @Test
    void shouldKeepTheRowInJson() {
      Result r = run("grad", "x*0 + y", "--at", "x=1,y=2", "--json");
      assertEquals(0, r.code(), r.err());
      assertEquals("{\"value\": 2.0, \"gradient\": {\"x\": 0.0, \"y\": 1.0}}", r.out().strip());
    }

    @Test
    void shouldGiveZeroHessianRowsAndColumns() {
      Result r = run("hessian", "x*0 + y^2", "--at", "x=1,y=3", "--json");
      assertEquals(0, r.code(), r.err());
      assertEquals("{\"value\": 9.0, \"hessian\": {\"x\": {\"x\": 0.0, \"y\": 0.0}, \"y\": {\"x\": 0.0, \"y\": 2.0}}}",
          r.out().strip());
    }

    @Test
    void shouldEvaluateWithEveryWrittenVariableBound() {
      Result r = run("eval", "x*0 + y", "--at", "x=1,y=2");
      assertEquals(0, r.code(), r.err());
      assertEquals("f = 2.0", r.out().strip());
    }
  }

  @Nested
  class Missing {
    @Test
    void shouldRequireAValueForEveryWrittenVariable() {
      for (String command : new String[] {"grad", "hessian", "eval"}) {
        Result r = run(command, "x*0 + y", "--at", "y=2");
        assertEquals(2, r.code(), command);
        assertEquals("", r.out(), command);
        assertTrue(r.err().contains("--at: no binding for variable x (the formula has [x, y])"), r.err());
      }
    }
  }
}
