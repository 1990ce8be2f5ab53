package dev.fluxion.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.io.SafeTensors;
import dev.fluxion.nn.text.TokenFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language-model run on a tiny synthetic text: options, token file, initial weights, JSON lines and learning. */
class LmRunTest {
  /** A periodic text of 12 characters: easy to learn, so a few steps lower the loss. */
  private static Path text(Path dir) throws IOException {
    Path file = dir.resolve("text.txt");
    Files.writeString(file, "the cat sat.".repeat(200), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void shouldTrainAndPrintTheEpochLines(@TempDir Path dir) throws IOException {
    Path weights = dir.resolve("init.safetensors");
    Path tokensOut = dir.resolve("text.tokens");
    LmOptions o = LmOptions.parse("--corpus", text(dir).toString(), "--context", "16", "--dim", "16", "--heads", "2",
        "--layers", "1", "--batch-size", "8", "--lr", "1e-2", "--epochs", "2", "--max-steps", "10",
        "--weights-out", weights.toString(), "--tokens-out", tokensOut.toString());
    TokenFile tokens = LmRun.tokens(o);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    LmRun.Result r = LmRun.run(o, tokens, new PrintStream(buf, true, StandardCharsets.UTF_8));

    assertEquals(2400, tokens.size());
    assertEquals(8, tokens.vocabularySize(), "' ', '.', a, c, e, h, s, t");
    assertEquals((2400 - 17) / 16 + 1, r.windows());
    assertEquals(20, r.steps());
    assertEquals(20, r.losses().length);
    assertTrue(r.losses()[0] > 1.5, "near ln 8 = 2.08 at first: " + r.losses()[0]);
    assertTrue(r.losses()[19] < 0.5 * r.losses()[0], "the loss falls: " + java.util.Arrays.toString(r.losses()));
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    for (int e = 0; e < 2; e++) {
      assertTrue(lines[e].startsWith("{\"epoch\": " + (e + 1) + ", \"seconds\": "), lines[e]);
      assertTrue(lines[e].contains("\"train_loss\": ") && lines[e].contains("\"steps\": 10,"), lines[e]);
    }

    Map<String, Tensor> init = SafeTensors.read(weights).tensors();
    assertEquals(List.of("tokens.table", "positions.table", "blocks.0.norm1.gamma", "blocks.0.norm1.beta",
        "blocks.0.attention.wq", "blocks.0.attention.wk", "blocks.0.attention.wv", "blocks.0.attention.wo",
        "blocks.0.attention.bq", "blocks.0.attention.bk", "blocks.0.attention.bv", "blocks.0.attention.bo",
        "blocks.0.norm2.gamma", "blocks.0.norm2.beta", "blocks.0.fc1.w", "blocks.0.fc1.b", "blocks.0.fc2.w",
        "blocks.0.fc2.b", "norm.gamma", "norm.beta", "head.w", "head.b"), List.copyOf(init.keySet()),
        "the names train_lm_torch.py expects");
    assertEquals(Shape.of(16, 64), init.get("blocks.0.fc1.w").shape());
    assertEquals(Shape.of(16, 8), init.get("head.w").shape());
    assertEquals(Shape.of(16, 16), init.get("positions.table").shape());
    assertEquals(8 * 16 + 16 * 16 + 4 * 16 + 4 * (16 * 16 + 16) + 16 * 64 + 64 + 64 * 16 + 16 + 2 * 16 + 16 * 8,
        r.parameters(), "every parameter but the head's unused bias");
  }

  @Test
  void shouldPrintTheSummaryLineFromMain(@TempDir Path dir) throws IOException {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      LmRun.main(new String[] {"--corpus", text(dir).toString(), "--context", "8", "--dim", "8", "--heads", "2",
          "--layers", "1", "--batch-size", "4", "--max-steps", "3", "--losses", "2"});
    } finally {
      System.setOut(saved);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[1].startsWith("{\"side\": \"fluxion\", \"model\": \"lm\", \"epochs\": 1, \"batch_size\": 4, "),
        lines[1]);
    assertTrue(lines[1].contains("\"steps\": 3,") && lines[1].contains("\"dtype\": \"float32\""), lines[1]);
    assertTrue(lines[1].matches(".*\"losses\": \\[[^,\\]]+, [^,\\]]+\\].*"), lines[1]);
  }

  @Test
  void shouldCutTheTextAtACharacterBoundary() {
    assertEquals("ab", LmRun.cut("abé", 3), "é is 2 bytes: not cut in half");
    assertEquals("abé", LmRun.cut("abé", 4));
    assertEquals("abé", LmRun.cut("abé", 0), "0 keeps all");
  }

  @Test
  void shouldRejectOptionsOutOfTheirDomain() {
    assertThrows(IllegalArgumentException.class, () -> LmOptions.parse("--dim", "10", "--heads", "4"));
    assertThrows(IllegalArgumentException.class, () -> LmOptions.parse("--lr", "0"));
    assertThrows(IllegalArgumentException.class, () -> LmOptions.parse("--epochs"));
    assertThrows(IllegalArgumentException.class, () -> LmOptions.parse("--bogus", "1"));
    LmOptions d = LmOptions.parse();
    assertEquals(List.of(64, 64, 4, 2, 32), List.of(d.context(), d.dim(), d.heads(), d.layers(), d.batchSize()));
    assertEquals(3e-3, d.lr());
  }
}
