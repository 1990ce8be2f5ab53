package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.examples.cli.Main;
import dev.fluxion.examples.support.FashionMnist;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fashion-MNIST examples end to end on the first few hundred images: exit code, per-epoch
 * lines, summary keys, charts, checkpoint and resume. Skipped when the data is not installed.
 */
class FashionMnistExamplesTest {
  private static final Path DATA = Path.of(FashionMnist.DEFAULT_DIR);
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final List<String> KEYS = List.of("test_accuracy", "test_loss", "train_accuracy", "train_loss",
      "epoch_seconds", "params", "epochs", "epochs_run", "train_images", "test_images", "seconds");

  private record Result(int code, String out, String err) {
    /** The last line's {@code key=value} pairs. */
    Map<String, String> summary() {
      List<String> lines = out.strip().lines().toList();
      Map<String, String> m = new LinkedHashMap<>();
      for (String pair : lines.get(lines.size() - 1).split(" ")) {
        int eq = pair.indexOf('=');
        m.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return m;
    }

    double number(String key) {
      return Double.parseDouble(summary().get(key));
    }
  }

  private static Result run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  /** {@code example NAME --out DIR --limit N --test-limit T --epochs E [extra...]}. */
  private static Result train(String name, Path out, int limit, int testLimit, int epochs, String... extra) {
    List<String> args = new ArrayList<>(List.of("example", name, "--out", out.toString(), "--limit", "" + limit,
        "--test-limit", "" + testLimit, "--epochs", "" + epochs));
    args.addAll(List.of(extra));
    return run(args);
  }

  private static void assumeData() {
    assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is not installed in " + DATA
        + " (apt-get install dataset-fashion-mnist): the training tests are skipped");
  }

  /** Checks a finished run: exit 0, epoch lines, summary keys, two PNG charts and the checkpoint. */
  private static void assertTrained(Result r, Path out, String name, int epochs) throws IOException {
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("epoch=" + epochs + " train_loss="), r.out());
    Map<String, String> s = r.summary();
    assertTrue(s.keySet().containsAll(KEYS), "summary keys " + s.keySet());
    assertEquals(epochs, Integer.parseInt(s.get("epochs")));
    for (String chart : List.of(name + "-loss.png", name + "-accuracy.png")) {
      Path png = out.resolve(chart);
      assertTrue(r.out().contains("chart: " + png.toAbsolutePath()), r.out());
      try (InputStream in = Files.newInputStream(png)) {
        assertArrayEquals(PNG_MAGIC, in.readNBytes(8), chart);
      }
    }
    Path checkpoint = out.resolve(name + ".safetensors");
    assertTrue(Files.size(checkpoint) > 0 && r.out().contains("checkpoint: " + checkpoint.toAbsolutePath()), r.out());
  }

  /** Resumes the checkpoint in {@code out} up to {@code epochs} and checks that one more epoch ran. */
  private static Result assertResumes(String name, Path out, int limit, int testLimit, int epochs, String... extra)
      throws IOException {
    Path checkpoint = out.resolve(name + ".safetensors");
    List<String> args = new ArrayList<>(List.of(extra));
    args.addAll(List.of("--resume", checkpoint.toString()));
    Result r = train(name, out, limit, testLimit, epochs, args.toArray(String[]::new));
    assertTrained(r, out, name, epochs);
    assertTrue(r.out().startsWith("resumed from " + checkpoint.toAbsolutePath() + " after epoch " + (epochs - 1)), r.out());
    assertEquals(1, Integer.parseInt(r.summary().get("epochs_run")));
    return r;
  }

  @Nested
  class Mlp {
    @BeforeEach
    void data() {
      assumeData();
    }

    @Test
    void shouldLearnAndResumeExactlyAsAnUninterruptedRun(@TempDir Path dir) throws IOException {
      Result first = train("fashion-mnist-mlp", dir, 2000, 1000, 1);
      assertTrained(first, dir, "fashion-mnist-mlp", 1);
      assertEquals(235_146, Integer.parseInt(first.summary().get("params")));
      assertTrue(first.number("test_accuracy") > 0.5, first.out());
      Result resumed = assertResumes("fashion-mnist-mlp", dir, 2000, 1000, 2);
      Result straight = train("fashion-mnist-mlp", dir.resolve("straight"), 2000, 1000, 2);
      assertEquals(0, straight.code(), straight.err());
      assertEquals(straight.summary().get("test_loss"), resumed.summary().get("test_loss"));
      assertEquals(straight.summary().get("test_accuracy"), resumed.summary().get("test_accuracy"));
    }

    @Test
    void shouldPrintOnlyTheSummaryWhenQuiet(@TempDir Path dir) {
      Result r = train("fashion-mnist-mlp", dir, 256, 100, 1, "--quiet", "--optimizer", "sgd", "--lr", "0.05");
      assertEquals(0, r.code(), r.err());
      assertTrue(!r.out().contains("epoch=1 ") && r.out().contains("optimizer=sgd"), r.out());
    }
  }

  @Nested
  class Cnn {
    @BeforeEach
    void data() {
      assumeData();
    }

    @Test
    void shouldLearnAndResume(@TempDir Path dir) throws IOException {
      Result first = train("fashion-mnist-cnn", dir, 512, 300, 1);
      assertTrained(first, dir, "fashion-mnist-cnn", 1);
      // conv 1→16: 160, conv 16→32: 4,640, dense 1568→128: 200,832, dense 128→10: 1,290
      assertEquals(206_922, Integer.parseInt(first.summary().get("params")));
      assertTrue(first.number("test_accuracy") > 0.3, first.out());
      assertResumes("fashion-mnist-cnn", dir, 512, 300, 2);
    }
  }

  @Nested
  class ResNet {
    @BeforeEach
    void data() {
      assumeData();
    }

    @Test
    void shouldLearnAndResume(@TempDir Path dir) throws IOException {
      Result first = train("resnet", dir, 512, 300, 1, "--channels", "4");
      assertTrained(first, dir, "resnet", 1);
      assertTrue(first.number("train_accuracy") > 0.2, first.out());
      Result resumed = assertResumes("resnet", dir, 512, 300, 2, "--channels", "4");
      assertTrue(resumed.number("test_accuracy") > 0.2, resumed.out());
    }
  }

  @Nested
  class BadInput {
    private void assertOneLineError(Result r, String... fragments) {
      assertEquals(2, r.code(), r.out());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      for (String f : fragments) {
        assertTrue(r.err().contains(f), r.err());
      }
    }

    @Test
    void shouldSayHowToInstallMissingData(@TempDir Path dir) {
      for (String name : List.of("fashion-mnist-mlp", "fashion-mnist-cnn", "resnet")) {
        Result r = run(List.of("example", name, "--data", dir.resolve("nowhere").toString(), "--out", dir.toString()));
        assertOneLineError(r, "apt-get install dataset-fashion-mnist", "--data");
      }
      Result empty = run(List.of("example", "fashion-mnist-mlp", "--data", dir.toString(), "--out", dir.toString()));
      assertOneLineError(empty, "apt-get install dataset-fashion-mnist", "train-images-idx3-ubyte");
    }

    @Test
    void shouldRejectBadOptions(@TempDir Path dir) {
      String out = dir.toString();
      assertOneLineError(run(List.of("example", "fashion-mnist-mlp", "--optimizer", "lbfgs", "--out", out)), "lbfgs");
      assertOneLineError(run(List.of("example", "fashion-mnist-cnn", "--epochs", "0", "--out", out)), "--epochs");
      assertOneLineError(run(List.of("example", "resnet", "--lr", "-1", "--out", out)), "--lr");
      assertOneLineError(run(List.of("example", "fashion-mnist-mlp", "--resume", dir.resolve("none").toString(),
          "--limit", "10", "--test-limit", "10", "--out", out)), "--resume");
    }
  }
}
