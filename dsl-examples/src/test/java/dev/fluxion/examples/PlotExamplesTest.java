package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.examples.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the spirals, schedules and init examples end to end through the command line, with small settings. */
class PlotExamplesTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private record Result(int code, String out, String err) {
    /** The last line's {@code key=value} pairs. */
    Map<String, String> summary() {
      List<String> lines = out.strip().lines().toList();
      Map<String, String> m = new LinkedHashMap<>();
      for (String pair : lines.get(lines.size() - 1).split(" ")) {
        int eq = pair.indexOf('=');
        assertTrue(eq > 0, "not key=value: " + pair + " in " + out);
        m.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return m;
    }

    double number(String key) {
      String v = summary().get(key);
      assertNotNull(v, "no " + key + " in " + out);
      return Double.parseDouble(v);
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  private static void assertPngs(Result r, Path dir, String... names) throws IOException {
    for (String name : names) {
      Path png = dir.resolve(name + ".png");
      assertTrue(Files.exists(png), png + " missing");
      byte[] head = Arrays.copyOf(Files.readAllBytes(png), PNG_MAGIC.length);
      assertArrayEquals(PNG_MAGIC, head, png + " is not a PNG");
      assertTrue(r.out().contains("wrote " + png.toAbsolutePath()), r.out());
    }
    try (var files = Files.list(dir)) {
      assertEquals(names.length, files.count(), "no temporary file may remain");
    }
  }

  private static void assertOneLineError(Result r, String fragment) {
    assertEquals(2, r.code(), r.out());
    assertEquals("", r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("fluxion: ") && r.err().contains(fragment), r.err());
  }

  @Nested
  class Spirals {
    @Test
    void shouldSeparateTheSpiralsAndDrawRegionsAndCurves(@TempDir Path dir) throws IOException {
      Result r = run("example", "spirals", "--epochs", "30", "--lr", "0.02", "--quiet", "--out", dir.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(List.of("train_accuracy", "train_loss", "epochs", "hidden", "lr", "dtype", "params", "seconds"),
          List.copyOf(r.summary().keySet()));
      assertTrue(r.number("train_accuracy") >= 0.9, r.out());
      assertEquals(30, r.number("epochs"));
      assertEquals(603, r.number("params"));
      assertPngs(r, dir, "spirals-regions", "spirals-training");
    }

    @Test
    void shouldRejectBadOptions() {
      assertOneLineError(run("example", "spirals", "--epochs", "0"), "--epochs must be >= 1");
      assertOneLineError(run("example", "spirals", "--hidden", "0"), "--hidden must be >= 1");
      assertOneLineError(run("example", "spirals", "--lr", "-1"), "--lr must be finite and > 0");
    }
  }

  @Nested
  class Schedules {
    @Test
    void shouldFindALearningRateAndCompareThreeSchedules(@TempDir Path dir) throws IOException {
      Result r = run("example", "schedules", "--epochs", "4", "--finder-steps", "40", "--quiet", "--out",
          dir.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(List.of("suggested_lr", "suggestion", "steepest_lr", "peak_lr", "constant_loss", "constant_accuracy",
          "triangular_loss", "triangular_accuracy", "one_cycle_loss", "one_cycle_accuracy", "epochs", "dtype", "seconds"),
          List.copyOf(r.summary().keySet()));
      assertEquals("min/10", r.summary().get("suggestion"));
      double lr = r.number("suggested_lr");
      assertTrue(lr > 1e-6 && lr < 1, r.out());
      assertEquals(lr, r.number("peak_lr"));
      for (String run : List.of("constant", "triangular", "one_cycle")) {
        double loss = r.number(run + "_loss");
        assertTrue(loss > 0 && loss < 1.2, run + ": " + r.out());
      }
      assertPngs(r, dir, "schedules-lr-finder", "schedules-loss", "schedules-lr");
    }

    @Test
    void shouldUseAGivenPeakLearningRate(@TempDir Path dir) {
      Result r = run("example", "schedules", "--epochs", "1", "--finder-steps", "5", "--lr", "0.005", "--out",
          dir.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(0.005, r.number("peak_lr"));
    }

    @Test
    void shouldRejectBadOptions() {
      assertOneLineError(run("example", "schedules", "--epochs", "0"), "--epochs must be >= 1");
      assertOneLineError(run("example", "schedules", "--lr", "0"), "--lr must be finite and > 0");
      assertOneLineError(run("example", "schedules", "--finder-steps", "1"), "--finder-steps must be >= 2");
    }
  }

  @Nested
  class Init {
    @Test
    void shouldKeepXavierAndKaimingStableWhileNaiveInitVanishesOrExplodes(@TempDir Path dir) throws IOException {
      Result r = run("example", "init", "--depth", "12", "--width", "128", "--batch", "64", "--out", dir.toString());
      assertEquals(0, r.code(), r.err());
      for (String stable : List.of("xavier_tanh", "kaiming_relu")) {
        double ratio = r.number(stable + "_last") / r.number(stable + "_first");
        assertTrue(ratio > 1 / 3.0 && ratio < 3, stable + ": " + r.out());
      }
      assertTrue(r.number("naive_small_tanh_last") / r.number("naive_small_tanh_first") < 1e-3, r.out());
      assertTrue(r.number("naive_unit_relu_last") / r.number("naive_unit_relu_first") > 1e3, r.out());
      assertTrue(r.number("xavier_relu_last") < r.number("xavier_relu_first") / 10, r.out());
      assertEquals(12, r.number("depth"));
      assertPngs(r, dir, "init-activations");
    }

    @Test
    void shouldRejectBadOptions() {
      assertOneLineError(run("example", "init", "--depth", "0"), "--depth must be >= 1");
      assertOneLineError(run("example", "init", "--width", "-3"), "--width must be >= 1");
      assertOneLineError(run("example", "init", "--batch", "1"), "--batch must be >= 2");
    }
  }
}
