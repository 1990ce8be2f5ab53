package dev.fluxion.examples.cli;

import static dev.fluxion.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.examples.cli.CliRun.Result;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TraceCommandTest {
  private static final String SURVEY = "ln(x1) + x1*x2 - sin(x2)";

  @Nested
  class Wrt {
    @Test
    void shouldSeedTheNamedInputWithOneAndTheOthersWithZero() {
      Result r = run("trace", "--mode", "forward", SURVEY, "--at", "x1=2,x2=5", "--wrt", "x2", "--markdown");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("| v-1 = x1 | 2 | v̇-1 = ẋ1 | 0 |"), r.out());
      assertTrue(r.out().contains("| v0 = x2 | 5 | v̇0 = ẋ2 | 1 |"), r.out());
      assertTrue(r.out().contains("| y = v5 | 11.652 | ẏ = v̇5 | 1.716 |"), r.out());
    }

    @Test
    void shouldDefaultToTheFirstInputOfTheFormula() {
      Result r = run("trace", "--mode", "forward", SURVEY, "--at", "x1=2,x2=5", "--markdown");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("| y = v5 | 11.652 | ẏ = v̇5 | 5.5 |"), r.out());
    }

    @Test
    void shouldRejectAnUnknownInput() {
      Result r = run("trace", "--mode", "forward", SURVEY, "--at", "x1=2,x2=5", "--wrt", "x3");
      assertEquals(2, r.code());
      assertTrue(r.err().contains("--wrt: unknown variable x3"), r.err());
    }

    @Test
    void shouldRejectWrtInReverseModeRatherThanIgnoreIt() {
      Result r = run("trace", "--mode", "reverse", SURVEY, "--at", "x1=2,x2=5", "--wrt", "x2");
      assertEquals(2, r.code());
      assertEquals("", r.out());
      assertTrue(r.err().contains("--wrt applies to --mode forward only"), r.err());
    }
  }

  @Nested
  class Size {
    @Test
    void shouldPrintAFewThousandFactorsWithBoundedLines() {
      String formula = "x" + "*x".repeat(3_999);
      for (String mode : new String[] {"forward", "reverse"}) {
        Result r = run("trace", "--mode", mode, formula, "--at", "x=1");
        assertEquals(0, r.code(), r.err());
        long lines = r.out().lines().count();
        assertTrue(lines >= 4_000, mode + ": " + lines + " lines");
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 400), mode + ": a line is wider than 400 characters");
        assertTrue(r.out().length() < 400L * lines, mode + ": " + r.out().length() + " characters");
      }
    }
  }
}
