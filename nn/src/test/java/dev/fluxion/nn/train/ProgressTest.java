package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The console progress bar: its width and a clean stderr (no JLine terminal, no JDK warnings). */
class ProgressTest {
  @Nested
  class Width {
    @Test
    void shouldUseColumnsWhenItIsAPlausibleWidth() {
      assertEquals(120, Progress.width("120"));
      assertEquals(80, Progress.width(null));
      assertEquals(80, Progress.width("wide"));
      assertEquals(80, Progress.width("3"));
    }
  }

  @Nested
  class Stderr {
    @Test
    void shouldDrawTheBarWithoutAnyWarningFromTheJvm() throws IOException, InterruptedException {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProgressTest.class.getName())
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), err);
      assertTrue(out.contains("epoch 1/2") && out.contains("3/3"), out);
      assertFalse(err.contains("WARNING"), err);
      assertEquals("", err.strip(), "nothing but the bar may be printed");
    }
  }

  /**
   * Run in a child JVM: draws a three-step bar on standard output.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    try (ProgressBar bar = Progress.bar(1, 2, 3, System.out, "100")) {
      for (int i = 0; i < 3; i++) {
        bar.step();
      }
    }
  }
}
