package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code char-transformer} on a small text written here (no package needed): the summary line,
 * the sample, both models, an exact resume, and one-line errors for missing data and bad options.
 */
class CharTransformerTest {
  private static final String TEXT = "The quick brown fox jumps over the lazy dog.\n%\n".repeat(60);

  private static List<String> args(Path data, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("example", "char-transformer", "--data", data.toString(), "--out",
        out.toString(), "--quiet", "--context", "8", "--dim", "8", "--heads", "2", "--layers", "1", "--batch-size", "8",
        "--sample-length", "12", "--dropout", "0.1", "--prompt", "the "));
    a.addAll(List.of(more));
    return a;
  }

  private static Path corpus(Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("texts"));
    Files.writeString(data.resolve("fox"), TEXT);
    return data;
  }

  @Test
  void shouldTrainReportBitsPerCharacterAndResumeExactly(@TempDir Path dir) throws IOException {
    Path data = corpus(dir);
    ExampleRun straight = ExampleRun.of(args(data, dir.resolve("a"), "--epochs", "2").toArray(new String[0]));
    assertEquals(0, straight.code(), straight.err());
    var s = straight.summary();
    assertTrue(Double.parseDouble(s.get("val_bits_per_char")) < Math.log(20) / Math.log(2), s.toString());
    assertEquals("2", s.get("epochs"));
    assertTrue(s.get("sample").startsWith("the_") && s.get("sample").length() == 16, s.get("sample"));
    assertTrue(Files.isRegularFile(dir.resolve("a/char-transformer-bits.png")));

    ExampleRun first = ExampleRun.of(args(data, dir.resolve("b"), "--epochs", "1").toArray(new String[0]));
    assertEquals(0, first.code(), first.err());
    Path checkpoint = dir.resolve("b/char-transformer.safetensors");
    ExampleRun resumed = ExampleRun.of(args(data, dir.resolve("b"), "--epochs", "2", "--resume", checkpoint.toString())
        .toArray(new String[0]));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().startsWith("resumed from " + checkpoint.toAbsolutePath() + " after epoch 1"), resumed.out());
    assertEquals(s.get("val_bits_per_char"), resumed.summary().get("val_bits_per_char"), "resume is exact");
    assertEquals(s.get("sample"), resumed.summary().get("sample"));
    assertEquals("1", resumed.summary().get("epochs_run"));
  }

  @Test
  void shouldTrainTheLstmVariant(@TempDir Path dir) throws IOException {
    ExampleRun r = ExampleRun.of(args(corpus(dir), dir.resolve("o"), "--epochs", "1", "--model", "lstm")
        .toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    assertTrue(Double.isFinite(Double.parseDouble(r.summary().get("val_bits_per_char"))));
    assertTrue(Files.isRegularFile(dir.resolve("o/char-lstm.safetensors")));
  }

  @Test
  void shouldRunTheKotlinVersion(@TempDir Path dir) throws IOException {
    ExampleRun r = ExampleRun.of("example", "kotlin-char-transformer", "--data", corpus(dir).toString(), "--out",
        dir.resolve("k").toString(), "--quiet", "--epochs", "1", "--context", "8", "--bytes", "2000");
    assertEquals(0, r.code(), r.err());
    assertTrue(Double.isFinite(Double.parseDouble(r.summary().get("val_bits_per_char"))), r.out());
  }

  @Test
  void shouldStopInOneLineWithTheInstallHintWithoutData(@TempDir Path dir) {
    ExampleRun r = ExampleRun.of(args(dir.resolve("missing"), dir.resolve("o")).toArray(new String[0]));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("sudo apt-get install fortunes"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void shouldRejectBadOptionsInOneLine(@TempDir Path dir) throws IOException {
    Path data = corpus(dir);
    for (String[] bad : new String[][] {{"--model", "gpt"}, {"--context", "0"}, {"--temperature", "-1"},
        {"--prompt", "Zebra"}, {"--dim", "9"}}) {
      ExampleRun r = ExampleRun.of(args(data, dir.resolve("o"), bad).toArray(new String[0]));
      assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.out() + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
  }
}
