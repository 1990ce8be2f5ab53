package dev.fluxion.examples.cli;

import static dev.fluxion.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.examples.cli.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private static final String SURVEY = "ln(x1) + x1*x2 - sin(x2)";

  @Nested
  class Results {
    @Test
    void shouldPrintGradientAsJson() {
      Result r = run("grad", SURVEY, "--at", "x1=2,x2=5", "--json");
      assertEquals(0, r.code(), r.err());
      assertEquals("{\"value\": 11.652071455223084, \"gradient\": {\"x1\": 5.5, \"x2\": 1.7163378145367738}}",
          r.out().strip());
    }

    @Test
    void shouldPrintHessianAsJson() {
      Result r = run("hessian", SURVEY, "--at", "x1=2,x2=5", "--json");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("{\"value\": 11.652071455223084, \"hessian\": {\"x1\": {\"x1\": -0.25, \"x2\": 1.0}, "
          + "\"x2\": {\"x1\": 1.0, \"x2\": -0.9589242746631385}}}"), r.out());
    }

    @Test
    void shouldPrintTracesInBothModes() {
      Result fwd = run("trace", "--mode", "forward", SURVEY, "--at", "x1=2,x2=5");
      assertEquals(0, fwd.code(), fwd.err());
      assertTrue(fwd.out().contains("v5 = v4 − v3") && fwd.out().contains("5.5"), fwd.out());
      Result rev = run("trace", "--mode", "reverse", SURVEY, "--at", "x1=2,x2=5", "--markdown");
      assertTrue(rev.out().contains("| v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v-1 | 1.716 |"), rev.out());
    }

    @Test
    void shouldWriteDotAtomically(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("graph.dot");
      Result r = run("dot", "x*sin(x)", "--gradient", "--out", file.toString());
      assertEquals(0, r.code(), r.err());
      String dot = Files.readString(file);
      assertTrue(dot.startsWith("digraph") && dot.contains("df/dx"), dot);
      try (var files = Files.list(dir)) {
        assertEquals(1, files.count(), "no temporary file may remain");
      }
    }
  }

  @Nested
  class DotOut {
    @Test
    void shouldGiveTheFileThePermissionsOfTheUmask(@TempDir Path dir) throws Exception {
      assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
      Path reference = Files.createFile(dir.resolve("reference"));
      Path file = dir.resolve("graph.dot");
      assertEquals(0, run("dot", "x^2", "--out", file.toString()).code());
      assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));
      assertEquals(0, run("dot", "x^3", "--out", file.toString()).code());
      assertTrue(Files.readString(file).contains("3"), "replaced");
      assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));
    }

    @Test
    void shouldRejectAMissingDirectoryNamingThePathAsGiven(@TempDir Path dir) {
      Path file = dir.resolve("missing/graph.dot");
      Result r = run("dot", "x^2", "--out", file.toString());
      assertEquals(2, r.code());
      assertEquals("fluxion: --out " + file + ": directory " + file.getParent() + " does not exist", r.err().strip());
      assertFalse(Files.exists(file.getParent()), "no directory may be created");
    }

    @Test
    void shouldRejectADirectoryOrAFileAsDirectoryBeforeParsingTheFormula(@TempDir Path dir) throws Exception {
      Result isDir = run("dot", "x^2", "--out", dir.toString());
      assertEquals(2, isDir.code());
      assertEquals("fluxion: --out " + dir + ": is a directory", isDir.err().strip());
      Path file = Files.writeString(dir.resolve("plain"), "");
      Result under = run("dot", "ln(", "--out", file.resolve("graph.dot").toString());
      assertEquals(2, under.code());
      assertTrue(under.err().contains("--out " + file.resolve("graph.dot") + ": directory " + file + " is not a directory"),
          under.err());
    }
  }

  @Nested
  class UnaryMinus {
    @Test
    void shouldEvaluateAFormulaStartingWithMinusWithOptionsBeforeOrAfter() {
      for (String[] args : new String[][] {
          {"eval", "-x^2", "--at", "x=3"}, {"eval", "--at", "x=3", "-x^2"}, {"eval", "--at=x=3", "-x^2", "--json"}}) {
        Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.out().contains("-9.0"), r.out());
      }
    }

    @Test
    void shouldReadADoubleMinusAsAFormulaWhenNoOptionCouldBeNamedSo() {
      Result r = run("eval", "--at", "x=2", "--x - ln(x)");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains(Double.toString(2 - Math.log(2))), r.out());
      Result unknown = run("eval", "--x", "--at", "x=2");
      assertEquals(2, unknown.code());
      assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    }

    @Test
    void shouldDifferentiateAFormulaStartingWithMinus() {
      Result after = run("grad", "-sin(x)+1", "--at", "x=0", "--json");
      Result before = run("grad", "--json", "--at", "x=0", "-sin(x)+1");
      assertEquals(0, after.code(), after.err());
      assertEquals("{\"value\": 1.0, \"gradient\": {\"x\": -1.0}}", after.out().strip());
      assertEquals(after.out(), before.out());
      Result hessian = run("hessian", "--at", "x=3", "-x^2");
      assertEquals(0, hessian.code(), hessian.err());
      assertTrue(hessian.out().contains("-2.0"), hessian.out());
    }

    @Test
    void shouldTraceAndDrawAFormulaStartingWithMinus() {
      Result trace = run("trace", "--mode", "forward", "-sin(x)+1", "--at", "x=0");
      assertEquals(0, trace.code(), trace.err());
      assertEquals(run("trace", "--mode", "forward", "--at", "x=0", "0-sin(x)+1").out().lines().count(),
          trace.out().lines().count(), trace.out());
      Result dot = run("dot", "-x^2", "--gradient");
      assertEquals(0, dot.code(), dot.err());
      assertTrue(dot.out().startsWith("digraph") && dot.out().contains("df/dx"), dot.out());
    }

    @Test
    void shouldStillRejectUnknownOptionsAndASecondFormula() {
      Result bogus = run("eval", "-x^2", "--bogus", "--at", "x=3");
      assertEquals(2, bogus.code());
      assertEquals("fluxion: Unknown option: '--bogus'", bogus.err().strip());
      Result two = run("eval", "x", "-x^2", "--at", "x=3");
      assertEquals(2, two.code());
      assertEquals(1, two.err().strip().lines().count(), two.err());
      assertTrue(two.err().contains("-x^2"), two.err());
    }
  }

  @Nested
  class BadInput {
    private void assertOneLineError(Result r, String fragment) {
      assertEquals(2, r.code());
      assertEquals("", r.out());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("fluxion: ") && r.err().contains(fragment), r.err());
    }

    @Test
    void shouldRejectABadFormulaWithItsPosition() {
      assertOneLineError(run("grad", "ln(x1 * ", "--at", "x1=2"), "position");
    }

    @Test
    void shouldRejectAnUnknownVariable() {
      assertOneLineError(run("grad", SURVEY, "--at", "x1=2,x2=5,x3=1"), "unknown variable x3");
    }

    @Test
    void shouldRejectAMissingBinding() {
      assertOneLineError(run("grad", SURVEY, "--at", "x1=2"), "no binding for variable x2");
    }

    @Test
    void shouldRejectMalformedPoints() {
      assertOneLineError(run("grad", "x", "--at", "x"), "expected NAME=VALUE");
      assertOneLineError(run("grad", "x", "--at", "x=abc"), "not a number");
      assertOneLineError(run("grad", "x", "--at", "x=NaN"), "not finite");
      assertOneLineError(run("grad", "x", "--at", "x=1,x=2"), "given twice");
    }

    @Test
    void shouldRejectUnknownOptionsAndModes() {
      assertOneLineError(run("grad", SURVEY, "--bogus"), "--bogus");
      assertOneLineError(run("trace", "--mode", "sideways", "x", "--at", "x=1"), "sideways");
    }
  }
}
