package dev.fluxion.nn.docs;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.text.BytePairTokenizer;
import dev.fluxion.nn.text.TokenBatch;
import dev.fluxion.nn.text.TokenFile;
import dev.fluxion.nn.text.TokenWindows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The generated blocks of the nn guide's section "Text data": a code region of this file and what it prints. */
final class TextSection {
  static final String SOURCE = "src/test/java/dev/fluxion/nn/docs/TextSection.java";

  private TextSection() {}

  /** The blocks, by name. */
  static Map<String, String> blocks() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("code-text", DocBlocks.region(SOURCE, "text"));
    b.put("text", text());
    return b;
  }

  private static String text() {
    try {
      Path dir = Files.createTempDirectory("nn-guide-text");
      try {
        return textIn(dir);
      } finally {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String textIn(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    // docs:start text
    String corpus = "the cat sat on the mat. the cat ate the rat.\n".repeat(20);
    BytePairTokenizer bpe = BytePairTokenizer.train(corpus, 270);     // 256 bytes + 14 merges
    int[] ids = bpe.encode("the cat, the 🐈");
    out.add(Arrays.toString(ids) + " -> " + bpe.decode(ids));         // exact on any text
    bpe.save(dir.resolve("bpe.bin"));                                 // atomic, versioned

    Path text = Files.writeString(dir.resolve("corpus.txt"), corpus);
    TokenFile file = TokenFile.write(dir.resolve("corpus.tok"), bpe, List.of(text));
    TokenWindows.Split split = TokenWindows.of(file, 8).split(0.1);   // no window crosses the cut
    out.add(file + "\n" + split.train() + "\n" + split.validation());
    TokenBatch b = split.train().batches(Key.of(42), 0, 4).iterator().next();
    out.add("x " + Arrays.toString(b.input(0)) + "\ny " + Arrays.toString(b.target(0)));
    // docs:end text
    return DocBlocks.code(String.join("\n", out).replace(dir.toString(), "DIR"));
  }
}
