package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fluxion example gradcheck}: correct rules pass; the wrong one is caught, localized and shrunk. */
class GradCheckExampleTest {
  @TempDir
  Path dir;

  @Nested
  class Verification {
    @Test
    void shouldPassCorrectRulesAndCatchTheWrongOne() {
      ExampleRun r = ExampleRun.of("example", "gradcheck");
      assertEquals(0, r.code(), r.err());
      Map<String, String> s = r.summary();
      assertEquals("true", s.get("correct_passed"), r.out());
      assertEquals("true", s.get("wrong_caught"), r.out());
      assertEquals("mySoftplus", s.get("culprit"), r.out());
      assertTrue(r.out().contains("first bad node: mySoftplus("), r.out());
    }

    @Test
    void shouldShrinkAFailingRandomExpressionToTheBadOpAlone() {
      ExampleRun r = ExampleRun.of("example", "gradcheck", "--seed", "1");
      assertEquals(0, r.code(), r.err());
      Map<String, String> s = r.summary();
      assertEquals("true", s.get("property_failed"), r.out());
      assertEquals("2", s.get("shrunk_nodes"), r.out());
      assertTrue(Integer.parseInt(s.get("original_nodes")) > 2, r.out());
      assertTrue(r.out().contains("seed=1L, try " + s.get("try") + " of 200"), r.out());
      assertTrue(r.out().contains("shrunk:   mySoftplus("), r.out());
    }

    @Test
    void shouldRejectANonPositiveNumberOfTries() {
      ExampleRun r = ExampleRun.of("example", "gradcheck", "--tries", "0");
      assertEquals(2, r.code());
      assertTrue(r.err().contains("--tries must be >= 1"), r.err());
    }

    @Test
    void shouldNotTakeOptionsForFilesItNeverWrites() {
      ExampleRun r = ExampleRun.of("example", "gradcheck", "--out", dir.toString());
      assertEquals(2, r.code());
      assertTrue(r.err().startsWith("fluxion: Unknown options: '--out'"), r.err());
    }
  }
}
